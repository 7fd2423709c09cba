package io.github.pghba.testing;

import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A table of expected decisions checked in one test, each row reported as its own dynamic test:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> decisions(Policy policy) {
 *     return HbaTables.decisions(policy, "classpath:decisions.csv");
 * }
 * }</pre>
 *
 * <p>The CSV has a header line naming its columns, in any order: {@code name, type (local|host),
 * address, encryption (none|ssl|gss), user, database, replication (none|physical|logical),
 * expect (admit|reject), method, line}. Empty cells mean "not given" ({@code method} and {@code line}
 * are then not checked). Lines starting with {@code #} are comments. Cells may be double-quoted.
 */
public final class HbaTables {
    private HbaTables() {}

    /** One dynamic test per row of the CSV at {@code location} ({@code classpath:...} or a path). */
    public static Stream<DynamicTest> decisions(Policy policy, String location) {
        String text;
        try {
            text = new String(Locations.read(location, Thread.currentThread().getContextClassLoader() == null
                    ? HbaTables.class.getClassLoader() : Thread.currentThread().getContextClassLoader()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DynamicTest> tests = new ArrayList<>();
        List<String> header = null;
        int lineNo = 0;
        for (String line : text.split("\r?\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
                continue;
            }
            Row row = new Row(header, cells, location + ":" + lineNo);
            tests.add(DynamicTest.dynamicTest(row.name(), () -> row.check(policy)));
        }
        return tests.stream();
    }

    private record Row(List<String> header, List<String> cells, String where) {
        String get(String column) {
            int i = header.indexOf(column);
            return i < 0 || i >= cells.size() ? "" : cells.get(i);
        }

        String name() {
            String n = get("name");
            return n.isEmpty() ? where : n;
        }

        void check(Policy policy) {
            ConnectionRequest r = get("type").equals("local") ? Requests.local()
                    : Requests.host(get("address").isEmpty() ? "127.0.0.1" : get("address"));
            r = r.user(get("user"));
            if (!get("database").isEmpty()) {
                r = r.database(get("database"));
            }
            r = r.encryption(switch (get("encryption").toLowerCase(Locale.ROOT)) {
                case "ssl" -> Encryption.SSL;
                case "gss" -> Encryption.GSS;
                default -> Encryption.NONE;
            });
            r = r.replication(switch (get("replication").toLowerCase(Locale.ROOT)) {
                case "physical" -> Replication.PHYSICAL;
                case "logical" -> Replication.LOGICAL;
                default -> Replication.NONE;
            });
            String expect = get("expect").toLowerCase(Locale.ROOT);
            DecisionAssert d;
            if (expect.equals("admit")) {
                d = HbaAssertions.assertThat(policy).admits(r);
            } else if (expect.equals("reject")) {
                d = HbaAssertions.assertThat(policy).rejects(r);
            } else {
                throw new IllegalArgumentException(where + ": expect must be admit or reject, not \"" + expect + "\"");
            }
            if (!get("method").isEmpty()) {
                d.withMethod(get("method"));
            }
            if (!get("line").isEmpty()) {
                if (expect.equals("admit")) {
                    d.atLine(Integer.parseInt(get("line")));
                } else {
                    d.byRuleAtLine(Integer.parseInt(get("line")));
                }
            }
        }
    }

    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }
}
