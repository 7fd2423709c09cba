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
import org.jspecify.annotations.Nullable;

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
    private final List<RuleReach> reach = new ArrayList<>();
    private final List<Transport> transports = new ArrayList<>();
    private final NameClass physicalDb;
    /** The name groups (pairs of user and database classes with the same rules). */
    final NameGroups names;
    /** The address groups of TCP transports (IPv4 then IPv6), each a merged, sorted list of ranges. */
    final List<List<AddressRange>> addressGroups = new ArrayList<>();
    /** Per row (transport, address group): the transport, and the address group (-1 for local). */
    final List<Transport> rowTransport = new ArrayList<>();
    final NameGroups.IntList rowAddress = new NameGroups.IntList();
    /** Per row: the first rule of each normal and each physical-replication name group (-1: none). */
    final List<int[]> firstNormal = new ArrayList<>();
    final List<int[]> firstPhysical = new ArrayList<>();
    private volatile @Nullable List<Region> regions;
    private volatile @Nullable List<List<Region>> regionsByRule;

    private Reachability(Policy policy, Partition partition) {
        this.policy = policy;
        this.partition = partition;
        NameClass other = partition.databases.get(partition.databases.size() - 1);
        this.physicalDb = new NameClass(NameClass.Kind.OTHER, "(replication)", other.witness());
        SpaceBits bits = new SpaceBits(policy, partition);
        this.names = new NameGroups(List.of(bits), partition, physicalDb);
        compute(bits);
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

    /**
     * Every region, by transport, then address group, then normal before physical replication, then
     * name group. Made on first use: dead-rule analysis does not need them.
     */
    public List<Region> regions() {
        List<Region> l = regions;
        if (l == null) {
            List<HbaRule> rules = policy.rules();
            int gn = names.normalBits.size();
            int gp = names.physBits.size();
            Region[] out = new Region[rowTransport.size() * (gn + gp)];
            int k = 0;
            for (int row = 0; row < rowTransport.size(); row++) {
                Transport t = rowTransport.get(row);
                int a = rowAddress.get(row);
                List<AddressRange> ranges = a < 0 ? List.of() : addressGroups.get(a);
                int[] fn = firstNormal.get(row);
                int[] fp = firstPhysical.get(row);
                for (int g = 0; g < gn; g++) {
                    out[k++] = region(t, false, ranges, names.names(g, false), fn[g], rules);
                }
                for (int g = 0; g < gp; g++) {
                    out[k++] = region(t, true, ranges, names.names(g, true), fp[g], rules);
                }
            }
            l = List.of(out);
            regions = l;
        }
        return l;
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
        List<List<Region>> by = regionsByRule;
        if (by == null) {
            List<List<Region>> b = new ArrayList<>();
            for (int i = 0; i < policy.rules().size(); i++) {
                b.add(new ArrayList<>());
            }
            for (Region r : regions()) {
                if (r.ruleIndex() >= 0) {
                    b.get(r.ruleIndex()).add(r);
                }
            }
            b.replaceAll(List::copyOf);
            by = List.copyOf(b);
            regionsByRule = by;
        }
        return index >= 0 && index < by.size() ? by.get(index) : List.of();
    }

    /** The class a user name falls in. */
    public NameClass userClass(String user) {
        return partition.users.get(partition.userClass(user));
    }

    /** The class a database name falls in (for a given user: sameuser). */
    public NameClass databaseClass(String database) {
        return partition.databases.get(partition.databaseClass(database));
    }

    /** Who can connect: see {@link Who}. */
    public Who who() {
        return Who.of(this);
    }

    // ---------------------------------------------------------------------------------------------

    private void compute(SpaceBits bits) {
        List<HbaRule> rules = policy.rules();
        int n = rules.size();
        transports.addAll(bits.transports);
        List<long[]> addrWords = new ArrayList<>();
        int words = bits.words;
        for (BitSet[] family : List.of(bits.v4, bits.v6)) {
            Map<BitSet, List<AddressRange>> groups = group(family == bits.v4 ? partition.v4 : partition.v6, family);
            for (Map.Entry<BitSet, List<AddressRange>> e : groups.entrySet()) {
                addrWords.add(Arrays.copyOf(e.getKey().toLongArray(), words));
                addressGroups.add(e.getValue());
            }
        }
        long[][] normalWords = new long[names.normalBits.size()][];
        for (int g = 0; g < normalWords.length; g++) {
            normalWords[g] = names.normalBits.get(g)[0];
        }
        long[][] physicalWords = new long[names.physBits.size()][];
        for (int g = 0; g < physicalWords.length; g++) {
            physicalWords[g] = names.physBits.get(g)[0];
        }
        BitSet[] shadow = new BitSet[n];
        boolean[] reached = new boolean[n];
        boolean[] matched = new boolean[n];
        long[] all = new long[words];
        Arrays.fill(all, -1L);
        long[] base = new long[words];
        long[] masked = new long[words];
        // word-major copies: a row reads a few words of every group, in group order
        long[][] normalByWord = byWord(normalWords, words);
        long[][] physicalByWord = byWord(physicalWords, words);
        RowMemo memo = new RowMemo(normalWords.length + physicalWords.length, words);
        for (Transport t : transports) {
            long[] type = Arrays.copyOf(bits.type.get(t).toLongArray(), words);
            int rows = t == Transport.LOCAL ? 1 : addressGroups.size();
            for (int a = 0; a < rows; a++) {
                long[] av = t == Transport.LOCAL ? all : addrWords.get(a);
                boolean any = false;
                for (int w = 0; w < words; w++) {
                    base[w] = type[w] & av[w];
                    any |= base[w] != 0;
                }
                int[] nz = nonZero(base);
                int[] fn = new int[normalWords.length];
                int[] fp = new int[physicalWords.length];
                // name groups whose rules within this row are equal get the answer of the first of them
                memo.reset(nz.length);
                for (int kind = 0; kind < 2; kind++) {
                    long[][] nw = kind == 0 ? normalWords : physicalWords;
                    long[][] byWord = kind == 0 ? normalByWord : physicalByWord;
                    int[] out = kind == 0 ? fn : fp;
                    for (int g = 0; g < nw.length; g++) {
                        if (!any) {
                            out[g] = -1;
                            continue;
                        }
                        for (int j = 0; j < nz.length; j++) {
                            masked[j] = base[nz[j]] & byWord[nz[j]][g];
                        }
                        int slot = memo.find(masked);
                        if (slot >= 0) {
                            out[g] = memo.value(slot);
                        } else {
                            out[g] = firstAndRest(base, nz, nw[g], reached, matched, shadow);
                            memo.put(-1 - slot, masked, out[g]);
                        }
                    }
                }
                rowTransport.add(t);
                rowAddress.add(t == Transport.LOCAL ? -1 : a);
                firstNormal.add(fn);
                firstPhysical.add(fp);
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

    /**
     * Within one row, the answers per distinct masked rule set (the row's rules of a name group):
     * open addressing over the masked words, cleared per row by a generation stamp.
     */
    static final class RowMemo {
        private final int cap;
        private final int stride;
        private final int[] stamp;
        private final int[] value;
        private final long[] keys;
        private int k;
        private int gen;

        RowMemo(int entries, int words) {
            int c = 4;
            while (c < entries * 2) {
                c <<= 1;
            }
            cap = c;
            stride = Math.max(1, words);
            stamp = new int[cap];
            value = new int[cap];
            keys = new long[cap * stride];
        }

        /** Forgets every entry; keys are the first {@code k} words from now on. */
        void reset(int k) {
            this.k = k;
            gen++;
        }

        /** The slot holding {@code m}, or {@code -1 - free slot}. */
        int find(long[] m) {
            long h = 0;
            for (int j = 0; j < k; j++) {
                h = (h + m[j]) * 0x9E3779B97F4A7C15L;
                h ^= h >>> 29;
            }
            int s = (int) (h ^ (h >>> 32)) & (cap - 1);
            while (true) {
                if (stamp[s] != gen) {
                    return -1 - s;
                }
                int off = s * k;
                boolean eq = true;
                for (int j = 0; j < k && eq; j++) {
                    eq = keys[off + j] == m[j];
                }
                if (eq) {
                    return s;
                }
                s = (s + 1) & (cap - 1);
            }
        }

        int value(int slot) {
            return value[slot];
        }

        void put(int slot, long[] m, int v) {
            stamp[slot] = gen;
            value[slot] = v;
            System.arraycopy(m, 0, keys, slot * k, k);
        }
    }

    /**
     * The first rule in both sets (-1 if none); records it as reached, and every other common rule as
     * matched and shadowed by it.
     */
    private static int firstAndRest(long[] a, int[] nonZero, long[] b, boolean[] reached, boolean[] matched,
            BitSet[] shadow) {
        int first = -1;
        for (int w : nonZero) {
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

    private static long[][] byWord(long[][] groups, int words) {
        long[][] out = new long[words][groups.length];
        for (int g = 0; g < groups.length; g++) {
            for (int w = 0; w < words; w++) {
                out[w][g] = groups[g][w];
            }
        }
        return out;
    }

    /** The indexes of the non-zero words (a row's rules are few: only those words need a look). */
    static int[] nonZero(long[] words) {
        int k = 0;
        for (long w : words) {
            k += w != 0 ? 1 : 0;
        }
        int[] out = new int[k];
        k = 0;
        for (int w = 0; w < words.length; w++) {
            if (words[w] != 0) {
                out[k++] = w;
            }
        }
        return out;
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
        int u = partition.userClass(user);
        int d = partition.users.get(u).kind() != NameClass.Kind.NAMED && db.equals(user) ? names.sameDb
                : partition.databaseClass(db);
        int row = -1;
        for (int k = 0; k < rowTransport.size() && row < 0; k++) {
            if (rowTransport.get(k) != t) {
                continue;
            }
            int a = rowAddress.get(k);
            if (a < 0 || addressGroups.get(a).stream().anyMatch(x -> x.contains(r.address().orElseThrow()))) {
                row = k;
            }
        }
        if (row < 0) {
            return Optional.empty();
        }
        int gn = names.normalBits.size();
        int g = phys ? gn + names.physGroup[names.userGroup[u]] : names.group(u, d);
        return Optional.of(regions().get(row * (gn + names.physBits.size()) + g));
    }

    @Override
    public String toString() {
        int count = rowTransport.size() * (names.normalBits.size() + names.physBits.size());
        return "Reachability(" + count + " regions, " + deadRules().size() + " dead rules"
                + (exact() ? ", exact)" : ", approximate)");
    }
}
