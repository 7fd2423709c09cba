package io.github.pghba.cli;

import io.github.pghba.view.HbaFileRule;
import io.github.pghba.view.IdentFileMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain-text tables in the style of psql's aligned output. */
final class TextTable {
    private TextTable() {}

    static String hbaRules(List<HbaFileRule> rows, int major) {
        List<Map<String, Optional<Object>>> cols = new ArrayList<>();
        for (HbaFileRule r : rows) {
            cols.add(r.columns(major));
        }
        return render(cols, major >= 16
                ? List.of("rule_number", "file_name", "line_number", "type", "database", "user_name", "address",
                        "netmask", "auth_method", "options", "error")
                : List.of("line_number", "type", "database", "user_name", "address", "netmask", "auth_method",
                        "options", "error"));
    }

    static String identMappings(List<IdentFileMapping> rows, int major) {
        List<Map<String, Optional<Object>>> cols = new ArrayList<>();
        for (IdentFileMapping r : rows) {
            cols.add(r.columns(major));
        }
        return render(cols, major >= 16
                ? List.of("map_number", "file_name", "line_number", "map_name", "sys_name", "pg_username", "error")
                : List.of("line_number", "map_name", "sys_name", "pg_username", "error"));
    }

    private static String cell(Optional<Object> v) {
        if (v.isEmpty()) {
            return "";
        }
        Object o = v.get();
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(l.get(i));
            }
            return sb.append('}').toString();
        }
        return String.valueOf(o).replace("\n", "\\n");
    }

    private static String render(List<Map<String, Optional<Object>>> rows, List<String> headers) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        List<String[]> cells = new ArrayList<>();
        for (Map<String, Optional<Object>> r : rows) {
            String[] c = new String[headers.size()];
            for (int i = 0; i < headers.size(); i++) {
                c[i] = cell(r.getOrDefault(headers.get(i), Optional.empty()));
                widths[i] = Math.max(widths[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers.toArray(new String[0]), widths);
        for (int i = 0; i < widths.length; i++) {
            sb.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        sb.append('\n');
        for (String[] c : cells) {
            line(sb, c, widths);
        }
        sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] c, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            l.append(i == 0 ? "" : " | ").append(c[i]).append(" ".repeat(widths[i] - c[i].length()));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
