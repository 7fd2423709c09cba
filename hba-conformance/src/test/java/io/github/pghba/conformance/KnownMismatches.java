package io.github.pghba.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code src/test/resources/known-mismatches.txt}: cases where the library and the server are
 * known to disagree, so that the build stays green until the library is fixed. One entry a line:
 *
 * <pre>
 * CASE-ID  VERSIONS  REASON
 * cases/0001-foo  16,17,18  the library keeps X where the server drops it
 * </pre>
 *
 * <p>VERSIONS is {@code all} or a comma list of majors. Only fixed cases ({@code golden/...},
 * {@code cases/...}) may be listed: a generated case must be saved first. An entry that no
 * longer mismatches fails the run too (delete the line once the library is fixed).
 *
 * <p>Generated files keep finding the same bug in new shapes. A generated file that mismatches
 * counts as a known bug (it is reported, but does not fail the run) if its differences have
 * exactly the signature of a listed case (same columns, same message templates), or if it
 * matches a trigger of a listed case:
 *
 * <pre>
 * ~ CASE-ID  REGEX
 * </pre>
 *
 * <p>REGEX (a Java regular expression, to the end of the line) is searched in each file of the
 * generated case, given as its relative path, a NUL, and its bytes read as ISO-8859-1 with every
 * double quote and every continuation (backslash, optional CR, newline) removed.
 */
final class KnownMismatches {
    record Entry(String caseId, Set<Integer> majors, String reason, int line) {
        boolean covers(int major) {
            return majors.contains(major);
        }
    }

    final Path file;
    final Map<String, Entry> entries;
    final Map<String, List<Pattern>> triggers;

    private KnownMismatches(Path file, Map<String, Entry> entries, Map<String, List<Pattern>> triggers) {
        this.file = file;
        this.entries = entries;
        this.triggers = triggers;
    }

    static KnownMismatches read(Path file) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, List<Pattern>> triggers = new LinkedHashMap<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("~")) {
                    String[] t = l.substring(1).strip().split("\\s+", 2);
                    if (t.length < 2) {
                        throw new IllegalArgumentException(file + ":" + (i + 1) + ": want ~ CASE-ID REGEX: " + l);
                    }
                    triggers.computeIfAbsent(t[0], k -> new ArrayList<>()).add(Pattern.compile(t[1]));
                    continue;
                }
                String[] f = l.split("\\s+", 3);
                if (f.length < 3) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": want CASE-ID VERSIONS REASON: " + l);
                }
                if (!f[0].startsWith("golden/") && !f[0].startsWith("cases/")) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": only golden/... and cases/... can be"
                            + " listed (save a generated case under src/test/resources/cases/ first): " + f[0]);
                }
                Set<Integer> majors = new TreeSet<>();
                if (f[1].equals("all")) {
                    for (int m = 13; m <= 18; m++) {
                        majors.add(m);
                    }
                } else {
                    for (String m : f[1].split(",")) {
                        majors.add(Integer.parseInt(m));
                    }
                }
                if (entries.put(f[0], new Entry(f[0], majors, f[2], i + 1)) != null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + f[0] + " is listed twice");
                }
            }
        }
        for (String id : triggers.keySet()) {
            if (!entries.containsKey(id)) {
                throw new IllegalArgumentException(file + ": a trigger names " + id + ", which is not listed");
            }
        }
        return new KnownMismatches(file, entries, triggers);
    }

    /** The reason, if this case is a known mismatch on this major. */
    String reason(String caseId, int major) {
        Entry e = entries.get(caseId);
        return e != null && e.covers(major) ? e.reason() : null;
    }

    /** The listed case (covering this major) one of whose triggers the case's files match, if any. */
    String triggeredBy(ConfCase c, int major) {
        for (Map.Entry<String, List<Pattern>> t : triggers.entrySet()) {
            if (!entries.get(t.getKey()).covers(major)) {
                continue;
            }
            for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
                String hay = f.getKey() + "\0" + new String(f.getValue(), StandardCharsets.ISO_8859_1)
                        .replaceAll("\\\\\r?\n", "").replace("\"", "");
                for (Pattern p : t.getValue()) {
                    if (p.matcher(hay).find()) {
                        return t.getKey();
                    }
                }
            }
        }
        return null;
    }

    List<Entry> all() {
        return new ArrayList<>(entries.values());
    }
}
