package io.github.pghba.analysis;

import io.github.pghba.eval.Decision;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who can connect, from where, how: the regions that reach a rule, merged into the fewest rows
 * (transports with the same networks joined, adjacent ranges joined, names with the same reach
 * joined). Rows of {@code reject} rules are kept apart.
 *
 * @param allowed rows reaching a rule whose method is not reject, in rule order
 * @param rejected rows reaching a reject rule
 * @param approximations where the underlying analysis is not exact
 */
public record Who(List<Row> allowed, List<Row> rejected, List<String> approximations) {

    /**
     * One row: these users, to these databases, from these networks, over these transports, reach
     * this rule.
     *
     * @param users user classes ("all" when every class)
     * @param databases database classes ("all" when every class; "(replication)" for physical replication)
     * @param networks client address ranges (empty for local)
     * @param transports transports
     * @param physicalReplication whether these are physical replication connections
     * @param rule the rule reached
     * @param ruleIndex its index
     */
    public record Row(List<String> users, List<String> databases, List<AddressRange> networks,
            List<Transport> transports, boolean physicalReplication, HbaRule rule, int ruleIndex) {

        /** Copies the lists. */
        public Row {
            users = List.copyOf(users);
            databases = List.copyOf(databases);
            networks = List.copyOf(networks);
            transports = List.copyOf(transports);
            Objects.requireNonNull(rule, "rule");
        }

        /** The method of the rule. */
        public AuthMethod method() {
            return rule.method();
        }
    }

    /** Copies the lists. */
    public Who {
        allowed = List.copyOf(allowed);
        rejected = List.copyOf(rejected);
        approximations = List.copyOf(approximations);
    }

    static Who of(Reachability r) {
        List<Row> allowed = new ArrayList<>();
        List<Row> rejected = new ArrayList<>();
        int nu = r.userClasses().size();
        int nd = r.databaseClasses().size();
        // 1. per (rule, replication, name group): transports and their networks
        // regions share their name-group lists: key them by identity, not by (long) content
        Map<List<Region.NamePair>, Integer> groupIds = new java.util.IdentityHashMap<>();
        List<List<Region.NamePair>> groups = new ArrayList<>();
        record Key(int rule, boolean phys, int names) {}
        Map<Key, Map<Transport, List<AddressRange>>> byNames = new LinkedHashMap<>();
        for (Region region : r.regions()) {
            if (region.outcome() == Decision.Outcome.NO_MATCH) {
                continue;
            }
            int id = groupIds.computeIfAbsent(region.names(), k -> {
                groups.add(k);
                return groups.size() - 1;
            });
            byNames.computeIfAbsent(new Key(region.ruleIndex(), region.physicalReplication(), id),
                    k -> new LinkedHashMap<>()).computeIfAbsent(region.transport(), k -> new ArrayList<>())
                    .addAll(region.addresses());
        }
        // 2. transports with identical networks joined; then names joined for identical (transports, networks)
        record Key2(int rule, boolean phys, List<Transport> transports, List<AddressRange> networks) {}
        Map<Key2, Set<Region.NamePair>> rows = new LinkedHashMap<>();
        for (Map.Entry<Key, Map<Transport, List<AddressRange>>> e : byNames.entrySet()) {
            Map<List<AddressRange>, List<Transport>> byNet = new LinkedHashMap<>();
            e.getValue().forEach((t, nets) -> byNet.computeIfAbsent(AddressRange.merge(nets), k -> new ArrayList<>())
                    .add(t));
            byNet.forEach((nets, ts) -> rows.computeIfAbsent(new Key2(e.getKey().rule(), e.getKey().phys(), ts, nets),
                    k -> new LinkedHashSet<>()).addAll(groups.get(e.getKey().names())));
        }
        List<Map.Entry<Key2, Set<Region.NamePair>>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((a, b) -> Integer.compare(a.getKey().rule(), b.getKey().rule()));
        for (Map.Entry<Key2, Set<Region.NamePair>> e : sorted) {
            HbaRule rule = r.policy().rules().get(e.getKey().rule());
            for (List<List<String>> ud : split(e.getValue(), nu, nd, e.getKey().phys())) {
                Row row = new Row(ud.get(0), ud.get(1), e.getKey().networks(), e.getKey().transports(),
                        e.getKey().phys(), rule, e.getKey().rule());
                (rule.method() == AuthMethod.REJECT ? rejected : allowed).add(row);
            }
        }
        return new Who(allowed, rejected, r.approximations());
    }

    /** Splits a set of name pairs into (users × databases) products. */
    private static List<List<List<String>>> split(Set<Region.NamePair> pairs, int nu, int nd, boolean phys) {
        Map<String, Set<String>> dbsByUser = new LinkedHashMap<>();
        for (Region.NamePair p : pairs) {
            dbsByUser.computeIfAbsent(p.user().label(), k -> new LinkedHashSet<>()).add(p.database().label());
        }
        Map<Set<String>, List<String>> usersByDbs = new LinkedHashMap<>();
        dbsByUser.forEach((u, dbs) -> usersByDbs.computeIfAbsent(dbs, k -> new ArrayList<>()).add(u));
        List<List<List<String>>> out = new ArrayList<>();
        usersByDbs.forEach((dbs, users) -> {
            List<String> u = users.size() == nu ? List.of("all") : users;
            List<String> d = phys ? List.of("(replication)") : dbs.size() == nd ? List.of("all") : List.copyOf(dbs);
            out.add(List.of(u, d));
        });
        return out;
    }

    /** An aligned text table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(table("Allowed", allowed));
        if (!rejected.isEmpty()) {
            sb.append('\n').append(table("Rejected explicitly", rejected));
        }
        sb.append("\nAnything else: no pg_hba.conf entry (rejected).\n");
        if (!approximations.isEmpty()) {
            sb.append("\nApproximations:\n");
            approximations.forEach(a -> sb.append("  - ").append(a).append('\n'));
        }
        return sb.toString();
    }

    /** A list for a table cell: the first few names and how many more (JSON keeps them all). */
    private static String brief(List<String> names) {
        if (names.size() <= 6) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 5)) + " (+" + (names.size() - 5) + " more)";
    }

    private static String table(String title, List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"users", "databases", "from", "via", "method", "rule"});
        for (Row r : rows) {
            List<String> nets = new ArrayList<>();
            for (AddressRange a : r.networks()) {
                nets.add(a.toString());
            }
            List<String> via = new ArrayList<>();
            for (Transport t : r.transports()) {
                via.add(t.label());
            }
            cells.add(new String[] {brief(r.users()), brief(r.databases()),
                r.transports().contains(Transport.LOCAL) && r.networks().isEmpty() ? "(unix socket)"
                        : nets.size() <= 4 ? String.join(" ", nets)
                                : String.join(" ", nets.subList(0, 3)) + " (+" + (nets.size() - 3) + " more)",
                String.join(",", via) + (r.physicalReplication() ? " (replication)" : ""),
                r.method().keyword() + (r.rule().settings().viewOptions().isEmpty() ? ""
                        : " " + String.join(" ", r.rule().settings().viewOptions())),
                r.rule().span().file() + ":" + r.rule().lineNumber()});
        }
        int[] w = new int[6];
        for (String[] c : cells) {
            for (int i = 0; i < 6; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder(title).append(":\n");
        for (int k = 0; k < cells.size(); k++) {
            String[] c = cells.get(k);
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < 6; i++) {
                line.append(c[i]).append(" ".repeat(w[i] - c[i].length())).append(i < 5 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                StringBuilder rule = new StringBuilder("  ");
                for (int i = 0; i < 6; i++) {
                    rule.append("-".repeat(w[i])).append(i < 5 ? "  " : "");
                }
                sb.append(rule.toString().stripTrailing()).append('\n');
            }
        }
        if (rows.isEmpty()) {
            sb.append("  (none)\n");
        }
        return sb.toString();
    }
}
