package io.github.pghba.analysis;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.internal.ReferenceMatcher;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exact reachability of a policy: the whole space of connection requests (transport × replication ×
 * client address × user × database) split into {@link Region}s, each reaching one rule or none. Names
 * are grouped into {@link NameClass}es and addresses into ranges on which every rule behaves alike,
 * so the result is exact unless {@link #approximations()} says where it is not (regular expressions,
 * host names without a hosts file, huge non-contiguous masks).
 *
 * <pre>{@code
 * Reachability r = Reachability.of(policy);
 * r.deadRules();   // rules no request reaches, with the rules that take their requests
 * r.who();         // who can connect, from where, how
 * }</pre>
 */
public final class Reachability {
    private final Policy policy;
    private final Partition partition;
    private final List<Region> regions = new ArrayList<>();
    private final List<RuleReach> reach = new ArrayList<>();
    private final List<Transport> transports = new ArrayList<>();
    private final NameClass physicalDb;

    private Reachability(Policy policy, Partition partition) {
        this.policy = policy;
        this.partition = partition;
        NameClass other = partition.databases.get(partition.databases.size() - 1);
        this.physicalDb = new NameClass(NameClass.Kind.OTHER, "(replication)", other.witness());
        compute();
    }

    /** Analyses one policy. */
    public static Reachability of(Policy policy) {
        return new Reachability(policy, new Partition(List.of(policy)));
    }

    /** Analyses several policies over one shared partition (for comparing them). */
    static List<Reachability> ofAll(List<Policy> policies) {
        Partition p = new Partition(policies);
        List<Reachability> out = new ArrayList<>();
        for (Policy policy : policies) {
            out.add(new Reachability(policy, p));
        }
        return out;
    }

    /** The policy analysed. */
    public Policy policy() {
        return policy;
    }

    /** Every region, by transport, then address group, then name group. */
    public List<Region> regions() {
        return regions;
    }

    /** What becomes of each rule, in order. */
    public List<RuleReach> rules() {
        return reach;
    }

    /** The rules no request reaches. */
    public List<RuleReach> deadRules() {
        return reach.stream().filter(RuleReach::dead).toList();
    }

    /** The transports this server can have (TLS needs ssl on, GSS a GSSAPI build). */
    public List<Transport> transports() {
        return transports;
    }

    /** The user classes. */
    public List<NameClass> userClasses() {
        return partition.users;
    }

    /** The database classes. */
    public List<NameClass> databaseClasses() {
        return partition.databases;
    }

    /** Whether every answer is exact. */
    public boolean exact() {
        return partition.approximations.isEmpty();
    }

    /** Where and why the analysis approximates (empty when exact). */
    public List<String> approximations() {
        return List.copyOf(partition.approximations);
    }

    /** The regions reaching the rule at {@code index}. */
    public List<Region> regionsOf(int index) {
        return regions.stream().filter(r -> r.ruleIndex() == index).toList();
    }

    /** The class a user name falls in. */
    public NameClass userClass(String user) {
        return classOf(partition.users, user);
    }

    /** The class a database name falls in (for a given user: sameuser). */
    public NameClass databaseClass(String database) {
        return classOf(partition.databases, database);
    }

    private static NameClass classOf(List<NameClass> classes, String name) {
        for (NameClass c : classes) {
            if (c.kind() == NameClass.Kind.NAMED && c.witness().equals(name)) {
                return c;
            }
        }
        return classes.get(classes.size() - 1);
    }

    /** Who can connect: see {@link Who}. */
    public Who who() {
        return Who.of(this);
    }

    // ---------------------------------------------------------------------------------------------

    private void compute() {
        List<HbaRule> rules = policy.rules();
        int n = rules.size();
        SpaceBits bits = new SpaceBits(policy, partition);
        transports.addAll(bits.transports);
        Map<BitSet, List<AddressRange>> groups4 = group(partition.v4, bits.v4);
        Map<BitSet, List<AddressRange>> groups6 = group(partition.v6, bits.v6);
        Map<BitSet, List<Region.NamePair>> normal = new LinkedHashMap<>();
        Map<BitSet, List<Region.NamePair>> physical = new LinkedHashMap<>();
        for (int u = 0; u < partition.users.size(); u++) {
            for (int d = 0; d < partition.databases.size(); d++) {
                normal.computeIfAbsent(bits.normal[u][d], k -> new ArrayList<>())
                        .add(new Region.NamePair(partition.users.get(u), partition.databases.get(d)));
            }
            physical.computeIfAbsent(bits.physical[u], k -> new ArrayList<>())
                    .add(new Region.NamePair(partition.users.get(u), physicalDb));
        }
        // immutable once, so that every Region shares its group's lists instead of copying them
        normal.replaceAll((k, v) -> List.copyOf(v));
        physical.replaceAll((k, v) -> List.copyOf(v));
        BitSet[] shadow = new BitSet[n];
        boolean[] reached = new boolean[n];
        boolean[] matched = new boolean[n];
        int words = (n + 63) >>> 6;
        // plain word arrays: the inner loop runs for every (transport, address group, name group)
        List<long[]> normalWords = words(normal.keySet(), words);
        List<long[]> physicalWords = words(physical.keySet(), words);
        List<List<Region.NamePair>> normalNames = new ArrayList<>(normal.values());
        List<List<Region.NamePair>> physicalNames = new ArrayList<>(physical.values());
        long[] base = new long[words];
        for (Transport t : transports) {
            List<Map.Entry<BitSet, List<AddressRange>>> addr = new ArrayList<>();
            if (t == Transport.LOCAL) {
                BitSet all = new BitSet(n);
                all.set(0, n);
                addr.add(Map.entry(all, List.of()));
            } else {
                addr.addAll(groups4.entrySet());
                addr.addAll(groups6.entrySet());
            }
            long[] type = Arrays.copyOf(bits.type.get(t).toLongArray(), words);
            for (Map.Entry<BitSet, List<AddressRange>> a : addr) {
                long[] av = a.getKey().toLongArray();
                boolean any = false;
                for (int w = 0; w < words; w++) {
                    base[w] = type[w] & (w < av.length ? av[w] : 0);
                    any |= base[w] != 0;
                }
                for (boolean phys : new boolean[] {false, true}) {
                    List<long[]> gw = phys ? physicalWords : normalWords;
                    List<List<Region.NamePair>> gn = phys ? physicalNames : normalNames;
                    for (int g = 0; g < gw.size(); g++) {
                        int first = any ? firstAndRest(base, gw.get(g), reached, matched, shadow) : -1;
                        regions.add(region(t, phys, a.getValue(), gn.get(g), first, rules));
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            List<Integer> by = new ArrayList<>();
            if (shadow[i] != null) {
                shadow[i].stream().forEach(by::add);
            }
            reach.add(new RuleReach(rules.get(i), i, reached[i], matched[i], by));
        }
    }

    private static List<long[]> words(java.util.Set<BitSet> sets, int words) {
        List<long[]> out = new ArrayList<>(sets.size());
        for (BitSet b : sets) {
            out.add(Arrays.copyOf(b.toLongArray(), words));
        }
        return out;
    }

    /**
     * The first rule in both sets (-1 if none); records it as reached, and every other common rule as
     * matched and shadowed by it.
     */
    private static int firstAndRest(long[] a, long[] b, boolean[] reached, boolean[] matched, BitSet[] shadow) {
        int first = -1;
        for (int w = 0; w < a.length; w++) {
            long x = a[w] & b[w];
            while (x != 0) {
                int i = (w << 6) | Long.numberOfTrailingZeros(x);
                x &= x - 1;
                matched[i] = true;
                if (first < 0) {
                    first = i;
                    reached[i] = true;
                } else {
                    if (shadow[i] == null) {
                        shadow[i] = new BitSet();
                    }
                    shadow[i].set(first);
                }
            }
        }
        return first;
    }

    static Region region(Transport t, boolean phys, List<AddressRange> addresses, List<Region.NamePair> names,
            int first, List<HbaRule> rules) {
        HbaRule rule = first >= 0 ? rules.get(first) : null;
        Decision.Outcome outcome = rule == null ? Decision.Outcome.NO_MATCH
                : rule.method() == AuthMethod.REJECT ? Decision.Outcome.REJECTED : Decision.Outcome.MATCHED;
        return new Region(t, phys, addresses, names, first, Optional.ofNullable(rule), outcome);
    }

    static Map<BitSet, List<AddressRange>> group(List<AddressRange> intervals, BitSet[] bits) {
        Map<BitSet, List<AddressRange>> groups = new LinkedHashMap<>();
        for (int i = 0; i < intervals.size(); i++) {
            groups.computeIfAbsent(bits[i], k -> new ArrayList<>()).add(intervals.get(i));
        }
        for (Map.Entry<BitSet, List<AddressRange>> e : groups.entrySet()) {
            e.setValue(List.copyOf(AddressRange.merge(e.getValue())));
        }
        return groups;
    }

    NameClass physicalDb() {
        return physicalDb;
    }

    Partition partition() {
        return partition;
    }

    /** The region a request falls in (for checking the analysis against evaluation). */
    public Optional<Region> regionOf(ConnectionRequest r) {
        Transport t = r.isLocal() ? Transport.LOCAL : switch (policy.effectiveEncryption(r)) {
            case SSL -> Transport.TCP_SSL;
            case GSS -> Transport.TCP_GSS;
            case NONE -> Transport.TCP;
        };
        boolean phys = r.replicationMode() == Replication.PHYSICAL;
        String user = r.effectiveUser();
        String db = r.effectiveDatabase();
        NameClass u = userClass(user);
        NameClass d = u.kind() != NameClass.Kind.NAMED && db.equals(user)
                ? partition.databases.stream().filter(c -> c.kind() == NameClass.Kind.SAME_AS_USER).findFirst()
                        .orElseThrow()
                : databaseClass(db);
        for (Region region : regions) {
            if (region.transport() != t || region.physicalReplication() != phys) {
                continue;
            }
            if (!r.isLocal() && region.addresses().stream().noneMatch(a -> a.contains(r.address().orElseThrow()))) {
                continue;
            }
            for (Region.NamePair p : region.names()) {
                if (p.user().equals(u) && (phys || p.database().equals(d))) {
                    return Optional.of(region);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Reachability(" + regions.size() + " regions, " + deadRules().size() + " dead rules"
                + (exact() ? ", exact)" : ", approximate)");
    }

}
