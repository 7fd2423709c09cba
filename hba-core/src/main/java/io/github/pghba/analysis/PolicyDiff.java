package io.github.pghba.analysis;

import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Policy;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The semantic difference of two policies: every set of requests whose decision changes (outcome,
 * method and options, and with {@code byRule} also the rule), each with an example request.
 *
 * @param changes the changes, grouped by (before, after)
 * @param approximations where the analysis is not exact
 */
public record PolicyDiff(List<Change> changes, List<String> approximations) {

    /**
     * One change: these requests went to {@code before} and now go to {@code after}.
     *
     * @param regions the requests (each region's rule is the old one)
     * @param before the old rule (empty: no match)
     * @param after the new rule (empty: no match)
     * @param example a request of the change
     */
    public record Change(List<Region> regions, Optional<HbaRule> before, Optional<HbaRule> after,
            ConnectionRequest example) {

        /** Copies the list. */
        public Change {
            regions = List.copyOf(regions);
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(example, "example");
        }

        /** A sentence: "host 203.0.113.7 ssl user=alice database=app: was scram-sha-256 (line 7), now trust (line 3)". */
        public String describe() {
            return example + ": was " + what(before) + ", now " + what(after);
        }

        private static String what(Optional<HbaRule> r) {
            if (r.isEmpty()) {
                return "no match (rejected)";
            }
            HbaRule rule = r.get();
            return rule.method().keyword() + (rule.settings().viewOptions().isEmpty() ? ""
                    : " " + String.join(" ", rule.settings().viewOptions())) + " (" + rule.file() + ":"
                    + rule.lineNumber() + ")";
        }
    }

    /** Copies the lists. */
    public PolicyDiff {
        changes = List.copyOf(changes);
        approximations = List.copyOf(approximations);
    }

    /** Whether the two policies decide every request alike. */
    public boolean same() {
        return changes.isEmpty();
    }

    /**
     * Compares two policies.
     *
     * @param byRule also report requests that only move to another rule with the same method and options
     */
    public static PolicyDiff between(Policy before, Policy after, boolean byRule) {
        List<Policy> both = List.of(before, after);
        Partition partition = new Partition(both);
        SpaceBits a = new SpaceBits(before, partition);
        SpaceBits b = new SpaceBits(after, partition);
        List<HbaRule> ra = before.rules();
        List<HbaRule> rb = after.rules();
        NameClass physDb = new NameClass(NameClass.Kind.OTHER, "(replication)",
                partition.databases.get(partition.databases.size() - 1).witness());
        // joint groups: addresses by (bits before, bits after), names likewise
        Map<List<BitSet>, List<AddressRange>> addr4 = joint(partition.v4, a.v4, b.v4);
        Map<List<BitSet>, List<AddressRange>> addr6 = joint(partition.v6, a.v6, b.v6);
        // joint name groups: pairs grouped by (rules before, rules after) without a set per pair
        NameGroups groups = new NameGroups(List.of(a, b), partition, physDb);
        Map<List<Integer>, List<Region>> changed = new LinkedHashMap<>();
        List<long[][]> normalWords = groups.normalBits;
        List<long[][]> physicalWords = groups.physBits;
        // word-major: a row reads a few words of every group, in group order
        long[][] normalA = byWord(normalWords, 0, a.words);
        long[][] normalB = byWord(normalWords, 1, b.words);
        long[][] physA = byWord(physicalWords, 0, a.words);
        long[][] physB = byWord(physicalWords, 1, b.words);
        List<Transport> transports = new ArrayList<>(a.transports);
        for (Transport t : b.transports) {
            if (!transports.contains(t)) {
                transports.add(t);
            }
        }
        for (Transport t : transports) {
            List<Map.Entry<List<BitSet>, List<AddressRange>>> addr = new ArrayList<>();
            if (t == Transport.LOCAL) {
                BitSet all = new BitSet();
                all.set(0, Math.max(ra.size(), rb.size()));
                addr.add(Map.entry(List.of(all, all), List.of()));
            } else {
                addr.addAll(addr4.entrySet());
                addr.addAll(addr6.entrySet());
            }
            long[] typeA = a.transports.contains(t) ? a.type.get(t).toLongArray() : new long[0];
            long[] typeB = b.transports.contains(t) ? b.type.get(t).toLongArray() : new long[0];
            for (Map.Entry<List<BitSet>, List<AddressRange>> ad : addr) {
                long[] baseA = and(typeA, ad.getKey().get(0).toLongArray());
                long[] baseB = and(typeB, ad.getKey().get(1).toLongArray());
                int[] nzA = Reachability.nonZero(baseA);
                int[] nzB = Reachability.nonZero(baseB);
                for (boolean phys : new boolean[] {false, true}) {
                    List<long[][]> gw = phys ? physicalWords : normalWords;
                    for (int g = 0; g < gw.size(); g++) {
                        int fa = first(baseA, nzA, phys ? physA : normalA, g);
                        int fb = first(baseB, nzB, phys ? physB : normalB, g);
                        HbaRule x = fa >= 0 ? ra.get(fa) : null;
                        HbaRule y = fb >= 0 ? rb.get(fb) : null;
                        if (!differs(x, y, byRule)) {
                            continue;
                        }
                        changed.computeIfAbsent(List.of(fa, fb), k -> new ArrayList<>())
                                .add(Reachability.region(t, phys, ad.getValue(), groups.names(g, phys), fa, ra));
                    }
                }
            }
        }
        List<Change> out = new ArrayList<>();
        changed.forEach((k, regions) -> out.add(new Change(regions,
                Optional.ofNullable(k.get(0) >= 0 ? ra.get(k.get(0)) : null),
                Optional.ofNullable(k.get(1) >= 0 ? rb.get(k.get(1)) : null), regions.get(0).example())));
        return new PolicyDiff(out, List.copyOf(partition.approximations));
    }

    private static long[] and(long[] x, long[] y) {
        long[] out = new long[Math.min(x.length, y.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] & y[i];
        }
        return out;
    }

    private static long[][] byWord(List<long[][]> groups, int policy, int words) {
        long[][] out = new long[words][groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            long[] b = groups.get(g)[policy];
            for (int w = 0; w < words; w++) {
                out[w][g] = b[w];
            }
        }
        return out;
    }

    /** The first rule in the row's rules and group {@code g}'s (word-major), or -1. */
    private static int first(long[] base, int[] nonZero, long[][] byWord, int g) {
        for (int w : nonZero) {
            long x = base[w] & byWord[w][g];
            if (x != 0) {
                return (w << 6) | Long.numberOfTrailingZeros(x);
            }
        }
        return -1;
    }

    private static boolean differs(HbaRule x, HbaRule y, boolean byRule) {
        if (x == null || y == null) {
            return x != y && !(isReject(x) && isReject(y));
        }
        if (byRule && (!x.file().equals(y.file()) || x.lineNumber() != y.lineNumber())) {
            return true;
        }
        return x.method() != y.method() || !x.settings().viewOptions().equals(y.settings().viewOptions());
    }

    /** A reject rule and no match refuse alike (only the message differs). */
    private static boolean isReject(HbaRule r) {
        return r == null || r.method() == AuthMethod.REJECT;
    }

    private static Map<List<BitSet>, List<AddressRange>> joint(List<AddressRange> intervals, BitSet[] a, BitSet[] b) {
        Map<List<BitSet>, List<AddressRange>> out = new LinkedHashMap<>();
        for (int i = 0; i < intervals.size(); i++) {
            out.computeIfAbsent(List.of(a[i], b[i]), k -> new ArrayList<>()).add(intervals.get(i));
        }
        out.replaceAll((k, v) -> List.copyOf(AddressRange.merge(v)));
        return out;
    }

    /** Readable text: one paragraph per change. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (changes.isEmpty()) {
            sb.append("No request is decided differently.\n");
        }
        for (Change c : changes) {
            sb.append("* ").append(c.describe()).append('\n');
            int shown = 0;
            for (Region r : c.regions()) {
                if (shown++ == 5) {
                    sb.append("    ... and ").append(c.regions().size() - 5).append(" more\n");
                    break;
                }
                sb.append("    ").append(r.transport().label()).append(r.physicalReplication() ? " replication" : "")
                        .append(r.addresses().isEmpty() ? "" : " from " + join(r.addresses())).append(": ")
                        .append(names(r)).append('\n');
            }
        }
        if (!approximations.isEmpty()) {
            sb.append("Approximations:\n");
            approximations.forEach(a -> sb.append("  - ").append(a).append('\n'));
        }
        return sb.toString();
    }

    private static String join(List<AddressRange> ranges) {
        List<String> s = new ArrayList<>();
        for (AddressRange r : ranges) {
            s.add(r.toString());
        }
        String all = String.join(" ", s);
        return all.length() > 120 ? all.substring(0, 117) + "..." : all;
    }

    private static String names(Region r) {
        StringBuilder all = new StringBuilder();
        for (Region.NamePair p : r.names()) {
            if (all.length() > 160) {
                break; // a region can hold many thousands of pairs
            }
            all.append(all.length() == 0 ? "" : "; ").append("user ").append(p.user().label())
                    .append(r.physicalReplication() ? "" : " db " + p.database().label());
        }
        return all.length() > 160 ? all.substring(0, 157) + "..." : all.toString();
    }
}
