package io.github.pghba.analysis;

import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        NameGroups ng = r.names;
        List<HbaRule> rules = r.policy().rules();
        int nu = r.userClasses().size();
        int nd = r.databaseClasses().size();
        int rows = r.rowTransport.size();
        // 1. per (rule, physical, transports with equal address groups): the name groups reaching it
        record Net(boolean local, BitSet addresses) {}
        record Key(int rule, boolean phys, List<Transport> transports, Net net) {}
        Map<Key, List<Integer>> byNet = new LinkedHashMap<>();
        int[] slot = new int[rules.size()];
        Arrays.fill(slot, -1);
        List<Integer> touched = new ArrayList<>();
        List<Map<Transport, BitSet>> perRule = new ArrayList<>();
        for (boolean phys : new boolean[] {false, true}) {
            int groups = phys ? ng.physBits.size() : ng.normalBits.size();
            int[][] columns = columns(phys ? r.firstPhysical : r.firstNormal, groups);
            for (int g = 0; g < groups; g++) {
                int[] column = columns[g];
                for (int row = 0; row < rows; row++) {
                    int f = column[row];
                    if (f < 0) {
                        continue;
                    }
                    if (slot[f] < 0) {
                        slot[f] = touched.size();
                        touched.add(f);
                        if (perRule.size() < touched.size()) {
                            perRule.add(new EnumMap<>(Transport.class));
                        }
                    }
                    perRule.get(slot[f]).computeIfAbsent(r.rowTransport.get(row), k -> new BitSet())
                            .set(Math.max(0, r.rowAddress.get(row)));
                }
                for (int k = 0; k < touched.size(); k++) {
                    int rule = touched.get(k);
                    Map<Transport, BitSet> m = perRule.get(k);
                    Map<Net, List<Transport>> ts = new LinkedHashMap<>();
                    m.forEach((t, a) -> ts.computeIfAbsent(new Net(t == Transport.LOCAL, a), x -> new ArrayList<>())
                            .add(t));
                    final int gg = g;
                    ts.forEach((net, t) -> byNet.computeIfAbsent(new Key(rule, phys, List.copyOf(t), net),
                            x -> new ArrayList<>()).add(gg));
                    m.clear();
                    slot[rule] = -1;
                }
                touched.clear();
            }
        }
        // 2. the names of each: (users x databases) products; then rows with equal names joined
        record Names(int rule, boolean phys, int users, int dbs) {}
        Map<List<Integer>, Integer> ids = new HashMap<>();
        List<List<Integer>> lists = new ArrayList<>();
        Map<List<List<List<Integer>>>, int[]> splitIds = new java.util.IdentityHashMap<>();
        Map<Names, Map<Transport, Net>> joined = new LinkedHashMap<>();
        Map<List<Integer>, List<List<List<Integer>>>> productCache = new HashMap<>();
        // per name group: its database groups per user group (this call's own: who may run concurrently)
        Cells cellCache = new Cells(ng);
        for (Map.Entry<Key, List<Integer>> e : byNet.entrySet()) {
            Key k = e.getKey();
            List<List<List<Integer>>> split = k.phys() ? products(ng, e.getValue(), true, cellCache)
                    : productCache.computeIfAbsent(e.getValue(), x -> products(ng, x, false, cellCache));
            // the lists of a split get ids once, so that joining compares ints, not long lists
            int[] sid = splitIds.computeIfAbsent(split, x -> {
                int[] v = new int[x.size() * 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = ids.computeIfAbsent(x.get(i / 2).get(i % 2), l -> {
                        lists.add(l);
                        return lists.size() - 1;
                    });
                }
                return v;
            });
            for (int j = 0; j < split.size(); j++) {
                Names key = new Names(k.rule(), k.phys(), sid[2 * j], sid[2 * j + 1]);
                Map<Transport, Net> m = joined.computeIfAbsent(key, x -> new EnumMap<>(Transport.class));
                for (Transport t : k.transports()) {
                    Net old = m.get(t);
                    if (old == null) {
                        m.put(t, new Net(k.net().local(), (BitSet) k.net().addresses().clone()));
                    } else {
                        old.addresses().or(k.net().addresses());
                    }
                }
            }
        }
        List<Row> allowed = new ArrayList<>();
        List<Row> rejected = new ArrayList<>();
        Map<Net, List<AddressRange>> networks = new HashMap<>();
        List<Map.Entry<Names, Map<Transport, Net>>> sorted = new ArrayList<>(joined.entrySet());
        sorted.sort((a, b) -> Integer.compare(a.getKey().rule(), b.getKey().rule()));
        for (Map.Entry<Names, Map<Transport, Net>> e : sorted) {
            Names k = e.getKey();
            HbaRule rule = rules.get(k.rule());
            List<Integer> userIds = lists.get(k.users());
            List<Integer> dbIds = lists.get(k.dbs());
            List<String> users = userIds.size() == nu ? List.of("all") : labels(r.userClasses(), userIds);
            List<String> dbs = k.phys() ? List.of("(replication)")
                    : dbIds.size() == nd ? List.of("all") : labels(r.databaseClasses(), dbIds);
            Map<Net, List<Transport>> byNets = new LinkedHashMap<>();
            e.getValue().forEach((t, net) -> byNets.computeIfAbsent(net, x -> new ArrayList<>()).add(t));
            byNets.forEach((net, ts) -> {
                List<AddressRange> nets = networks.computeIfAbsent(net, x -> {
                    if (x.local()) {
                        return List.of();
                    }
                    List<AddressRange> l = new ArrayList<>();
                    x.addresses().stream().forEach(a -> l.addAll(r.addressGroups.get(a)));
                    return List.copyOf(AddressRange.merge(l));
                });
                Row row = new Row(users, dbs, nets, ts, k.phys(), rule, k.rule());
                (rule.method() == AuthMethod.REJECT ? rejected : allowed).add(row);
            });
        }
        return new Who(allowed, rejected, r.approximations());
    }

    /** The first-rule table by name group instead of by row (transposed in blocks of rows). */
    private static int[][] columns(List<int[]> byRow, int groups) {
        int rows = byRow.size();
        int[][] out = new int[groups][rows];
        for (int r0 = 0; r0 < rows; r0 += 64) {
            int r1 = Math.min(rows, r0 + 64);
            for (int g = 0; g < groups; g++) {
                int[] col = out[g];
                for (int row = r0; row < r1; row++) {
                    col[row] = byRow.get(row)[g];
                }
            }
        }
        return out;
    }

    private static List<String> labels(List<NameClass> classes, List<Integer> indexes) {
        List<String> out = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            out.add(classes.get(i).label());
        }
        return out;
    }

    /**
     * Splits the pairs of some name groups into (users x databases) products, as class indexes. Users
     * of a user group share their databases (the group's cells), except users with exception pairs,
     * whose databases are corrected one by one.
     */
    private static List<List<List<Integer>>> products(NameGroups ng, List<Integer> groups, boolean phys,
            Cells cells) {
        if (phys) {
            List<Integer> users = new ArrayList<>();
            for (int g : groups) {
                NameGroups.IntList ugs = ng.physUserGroups.get(g);
                for (int i = 0; i < ugs.size(); i++) {
                    for (int u : ng.ugMembers[ugs.get(i)]) {
                        users.add(u);
                    }
                }
            }
            users.sort(null);
            return List.of(List.of(users, List.of()));
        }
        Map<Integer, TreeSet<Integer>> plus = new TreeMap<>();
        int[] ugs = cells.union(groups);
        for (int g : groups) {
            NameGroups.IntList ex = ng.exceptions.get(g);
            for (int i = 0; i < ex.size(); i += 2) {
                plus.computeIfAbsent(ex.get(i), x -> new TreeSet<>()).add(ex.get(i + 1));
            }
        }
        record DbKey(BitSet dgs, List<Integer> minus, List<Integer> plus) {}
        Map<DbKey, List<Integer>> usersByDbs = new LinkedHashMap<>();
        BitSet none = new BitSet();
        Set<Integer> done = new HashSet<>();
        for (int ug : ugs) {
            BitSet dgs = cells.dbGroups(ug);
            List<Integer> plain = new ArrayList<>();
            for (int u : ng.ugMembers[ug]) {
                TreeSet<Integer> p = plus.isEmpty() ? null : plus.get(u);
                boolean special = p != null;
                for (int d : ng.excDbs[u]) {
                    special |= d != ng.sameDb && cells.has(ug, ng.dbGroup[d]);
                }
                if (!special) {
                    plain.add(u);
                    continue;
                }
                done.add(u);
                List<Integer> minus = new ArrayList<>();
                for (int d : ng.excDbs[u]) {
                    if (d != ng.sameDb && dgs.get(ng.dbGroup[d]) && (p == null || !p.contains(d))) {
                        minus.add(d);
                    }
                }
                List<Integer> extra = new ArrayList<>();
                if (p != null) {
                    for (int d : p) {
                        if (d == ng.sameDb || !dgs.get(ng.dbGroup[d])) {
                            extra.add(d);
                        }
                    }
                }
                usersByDbs.computeIfAbsent(new DbKey(dgs, minus, extra), x -> new ArrayList<>()).add(u);
            }
            if (!plain.isEmpty()) {
                usersByDbs.computeIfAbsent(new DbKey(dgs, List.of(), List.of()), x -> new ArrayList<>()).addAll(plain);
            }
        }
        cells.clear(ugs);
        plus.forEach((u, p) -> {
            if (!done.contains(u)) {
                usersByDbs.computeIfAbsent(new DbKey(none, List.of(), List.copyOf(p)), x -> new ArrayList<>()).add(u);
            }
        });
        List<List<List<Integer>>> out = new ArrayList<>();
        usersByDbs.forEach((k, users) -> {
            BitSet dbs = new BitSet();
            k.dgs().stream().forEach(h -> {
                for (int d : ng.dgMembers[h]) {
                    dbs.set(d);
                }
            });
            k.minus().forEach(dbs::clear);
            k.plus().forEach(dbs::set);
            if (dbs.isEmpty()) {
                return;
            }
            users.sort(null);
            out.add(List.of(List.copyOf(users), dbs.stream().boxed().toList()));
        });
        return out;
    }

    /**
     * The cells of name groups by user group, as words of database groups, and a scratch union of
     * several groups' cells (this call's own: who may run concurrently).
     */
    private static final class Cells {
        private final NameGroups ng;
        private final int words;
        /** Per name group, made on first use: its user groups (ascending) and their database-group words. */
        private final int[][] ugsOf;
        private final long[][] wordsOf;
        /** The union: per user group its words, and whether it is in the union. */
        private final long[] union;
        private final boolean[] in;

        Cells(NameGroups ng) {
            this.ng = ng;
            this.words = (ng.dgMembers.length + 63) >>> 6;
            this.ugsOf = new int[ng.normalBits.size()][];
            this.wordsOf = new long[ng.normalBits.size()][];
            this.union = new long[ng.ugMembers.length * words];
            this.in = new boolean[ng.ugMembers.length];
        }

        private void load(int g) {
            NameGroups.IntList c = ng.cells.get(g);
            // cells are stored by user group, then database group, in ascending order
            int n = 0;
            for (int i = 0; i < c.size(); i += 2) {
                n += i == 0 || c.get(i) != c.get(i - 2) ? 1 : 0;
            }
            int[] ugs = new int[n];
            long[] w = new long[n * words];
            int k = -1;
            for (int i = 0; i < c.size(); i += 2) {
                if (i == 0 || c.get(i) != c.get(i - 2)) {
                    ugs[++k] = c.get(i);
                }
                int dg = c.get(i + 1);
                w[k * words + (dg >>> 6)] |= 1L << dg;
            }
            ugsOf[g] = ugs;
            wordsOf[g] = w;
        }

        /** Unites the cells of the groups; returns the user groups in the union, ascending. */
        int[] union(List<Integer> groups) {
            int count = 0;
            int[] touched = new int[16];
            for (int g : groups) {
                if (ugsOf[g] == null) {
                    load(g);
                }
                int[] ugs = ugsOf[g];
                long[] w = wordsOf[g];
                for (int k = 0; k < ugs.length; k++) {
                    int ug = ugs[k];
                    if (!in[ug]) {
                        in[ug] = true;
                        if (count == touched.length) {
                            touched = Arrays.copyOf(touched, count * 2);
                        }
                        touched[count++] = ug;
                    }
                    for (int j = 0; j < words; j++) {
                        union[ug * words + j] |= w[k * words + j];
                    }
                }
            }
            int[] out = Arrays.copyOf(touched, count);
            Arrays.sort(out);
            return out;
        }

        boolean has(int ug, int dg) {
            return (union[ug * words + (dg >>> 6)] >>> dg & 1) != 0;
        }

        BitSet dbGroups(int ug) {
            return BitSet.valueOf(Arrays.copyOfRange(union, ug * words, ug * words + words));
        }

        /** Empties the union. */
        void clear(int[] ugs) {
            for (int ug : ugs) {
                in[ug] = false;
                Arrays.fill(union, ug * words, ug * words + words, 0L);
            }
        }
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
