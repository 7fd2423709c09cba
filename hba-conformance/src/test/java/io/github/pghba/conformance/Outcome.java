package io.github.pghba.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one side (server or library) made of a case: whether each file loads and the rows of
 * {@code pg_hba_file_rules} / {@code pg_ident_file_mappings} (every column, in the server's JSON
 * form: SQL NULL = null, text[] = array, int = number).
 *
 * @param identRows null before 15 (no view)
 * @param notes the server's log of the reload, or the library's diagnostics
 */
record Outcome(boolean hbaLoads, boolean identLoads, ArrayNode hbaRows, ArrayNode identRows, List<String> notes) {

    /** The differences to {@code lib}, empty when they agree. */
    List<String> differences(Outcome lib) {
        List<String> d = new ArrayList<>();
        if (hbaLoads != lib.hbaLoads) {
            d.add("pg_hba.conf loads: server " + hbaLoads + ", library " + lib.hbaLoads);
        }
        if (identLoads != lib.identLoads) {
            d.add("pg_ident.conf loads: server " + identLoads + ", library " + lib.identLoads);
        }
        rows("pg_hba_file_rules", hbaRows, lib.hbaRows, d);
        if (identRows != null) {
            rows("pg_ident_file_mappings", identRows, lib.identRows, d);
        }
        return d;
    }

    private static void rows(String view, ArrayNode server, ArrayNode lib, List<String> d) {
        if (server.equals(lib)) {
            return;
        }
        int n = Math.max(server.size(), lib.size());
        for (int i = 0; i < n; i++) {
            JsonNode s = server.get(i);
            JsonNode l = lib.get(i);
            if (s == null || !s.equals(l)) {
                StringBuilder sb = new StringBuilder(view + " row " + (i + 1) + " differs:");
                if (s != null && l != null) {
                    s.properties().forEach(e -> {
                        JsonNode lv = l.get(e.getKey());
                        if (!e.getValue().equals(lv)) {
                            sb.append(" ").append(e.getKey()).append(": server ").append(show(e.getValue()))
                                    .append(" / library ").append(show(lv)).append(';');
                        }
                    });
                    l.properties().forEach(e -> {
                        if (!s.has(e.getKey())) {
                            sb.append(" column ").append(e.getKey()).append(" only in the library;");
                        }
                    });
                } else {
                    sb.append(s == null ? " only the library has it" : " only the server has it");
                }
                d.add(sb.toString());
                return;
            }
        }
    }

    /**
     * The shape of the differences to {@code lib}: which columns differ and the message templates
     * on both sides (quoted parts and numbers blanked). Two cases with the same signature very
     * probably show the same library bug.
     */
    SortedSet<String> signature(Outcome lib) {
        SortedSet<String> sig = new TreeSet<>();
        if (hbaLoads != lib.hbaLoads) {
            sig.add("hba loads " + hbaLoads);
        }
        if (identLoads != lib.identLoads) {
            sig.add("ident loads " + identLoads);
        }
        rowSignature("hba", hbaRows, lib.hbaRows, sig);
        if (identRows != null) {
            rowSignature("ident", identRows, lib.identRows, sig);
        }
        return sig;
    }

    private static void rowSignature(String view, ArrayNode server, ArrayNode lib, SortedSet<String> sig) {
        int n = Math.max(server.size(), lib.size());
        for (int i = 0; i < n; i++) {
            JsonNode s = server.get(i);
            JsonNode l = lib.get(i);
            if (s == null || l == null) {
                sig.add(view + (s == null ? " extra library row" : " missing library row"));
            } else if (!s.equals(l)) {
                s.properties().forEach(e -> {
                    JsonNode lv = l.get(e.getKey());
                    if (!e.getValue().equals(lv)) {
                        boolean text = e.getKey().equals("error");
                        sig.add(view + " " + e.getKey() + ": " + template(e.getValue(), text) + " / "
                                + template(lv, text));
                    }
                });
            }
        }
    }

    private static String template(JsonNode v, boolean text) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (!text || !v.isTextual()) {
            return v.getNodeType().toString().toLowerCase(Locale.ROOT);
        }
        return v.asText().replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("[0-9]+", "N");
    }

    static String show(JsonNode n) {
        return n == null ? "(missing)" : Text.escapeString(n.toString());
    }

    /** Rows one per line, escaped. */
    static String showRows(ArrayNode rows) {
        if (rows == null) {
            return "    (no view on this version)\n";
        }
        if (rows.isEmpty()) {
            return "    (no rows)\n";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : rows) {
            sb.append("    ").append(Text.escapeString(r.toString())).append('\n');
        }
        return sb.toString();
    }
}
