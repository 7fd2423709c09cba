package io.github.pghba.analysis;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.internal.ReferenceMatcher;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * For one policy over a partition: which rules pass each check, as bit sets over the rules. Type per
 * transport, address per elementary interval, user field per user class, database field per database
 * class (without sameuser/samerole, which {@link #pair} adds for one pair). The first rule of the
 * intersection is the rule PostgreSQL picks, as in {@code check_hba}. {@link NameGroups} groups the
 * (user, database) pairs without a set per pair.
 */
final class SpaceBits {
    private static final String NO_USER = "\u0000pghba-no-user";

    final List<Transport> transports = new ArrayList<>();
    final Map<Transport, BitSet> type = new LinkedHashMap<>();
    final BitSet[] v4;
    final BitSet[] v6;
    /** Number of rules and of 64-bit words per rule set. */
    final int n;
    final int words;
    /** [user class]: rules whose user field matches the class's witness. */
    final long[][] userBits;
    /** [database class]: rules whose database field matches statically (null for "same as user"). */
    final long[][] dbStatic;
    /** Effective user name per user class, effective database name per database class (null: same as user). */
    final String[] userName;
    final String[] dbName;
    /** Rules with sameuser, samerole/samegroup, replication in their database field. */
    final long[] sameuser;
    final long[] samerole;
    final long[] repl;
    private final Environment env;
    private final ReferenceMatcher matcher;
    private final List<List<AuthToken>> staticDbTokens;
    private final Map<String, long[]> dbStaticByName = new HashMap<>();

    SpaceBits(Policy policy, Partition partition) {
        List<HbaRule> rules = policy.rules();
        int n = rules.size();
        PgVersion version = policy.config().version();
        BuildFeatures build = policy.config().options().build();
        Environment env = policy.environment();
        if (env.resolver().knownAddresses().isEmpty()) {
            env = env.withResolver(HostResolver.none());
        }
        transports.add(Transport.LOCAL);
        transports.add(Transport.TCP);
        if (policy.config().options().settings().ssl() && build.ssl()) {
            transports.add(Transport.TCP_SSL);
        }
        if (build.gssapi()) {
            transports.add(Transport.TCP_GSS);
        }
        for (Transport t : Transport.values()) {
            BitSet b = new BitSet(n);
            for (int i = 0; i < n; i++) {
                if (typeMatches(rules.get(i).connectionType(), t, build)) {
                    b.set(i);
                }
            }
            type.put(t, b);
        }
        v4 = addressBits(rules, partition.v4, env);
        v6 = addressBits(rules, partition.v6, env);

        Map<String, Optional<AreRegex>> regexes = new HashMap<>();
        if (version.atLeast(16)) {
            for (HbaRule r : rules) {
                for (List<AuthToken> l : List.of(r.databases(), r.users())) {
                    for (AuthToken t : l) {
                        if (t.isRegex()) {
                            regexes.computeIfAbsent(t.text(), k -> AreRegex.compile(k.substring(1)));
                        }
                    }
                }
            }
        }
        ReferenceMatcher names = new ReferenceMatcher(rules, new int[n], version, build, env, regexes);
        BitSet repl = new BitSet(n);
        BitSet sameuser = new BitSet(n);
        BitSet samerole = new BitSet(n);
        List<List<AuthToken>> staticDbTokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<AuthToken> st = new ArrayList<>();
            for (AuthToken t : rules.get(i).databases()) {
                if (t.isKeyword("replication")) {
                    repl.set(i);
                } else if (t.isKeyword("sameuser")) {
                    sameuser.set(i);
                } else if (t.isKeyword("samerole") || t.isKeyword("samegroup")) {
                    samerole.set(i);
                } else {
                    st.add(t);
                }
            }
            staticDbTokens.add(st);
        }
        this.n = n;
        this.words = (n + 63) >>> 6;
        this.env = env;
        this.matcher = names;
        this.staticDbTokens = staticDbTokens;
        this.sameuser = Arrays.copyOf(sameuser.toLongArray(), words);
        this.samerole = Arrays.copyOf(samerole.toLongArray(), words);
        this.repl = Arrays.copyOf(repl.toLongArray(), words);
        int nu = partition.users.size();
        int nd = partition.databases.size();
        userName = new String[nu];
        for (int u = 0; u < nu; u++) {
            userName[u] = ConnectionRequest.local().user(partition.users.get(u).witness()).effectiveUser();
        }
        List<List<AuthToken>> userTokens = new ArrayList<>();
        for (HbaRule r : rules) {
            userTokens.add(r.users());
        }
        boolean regexes16 = version.atLeast(16);
        userBits = fieldBits(userTokens, userName,
                t -> t.isRoleMembership() || t.isKeyword("all") || (regexes16 && t.isRegex()),
                (t, name) -> names.checkRole(List.of(t), name));
        dbName = new String[nd];
        for (int d = 0; d < nd; d++) {
            NameClass dc = partition.databases.get(d);
            if (dc.kind() != NameClass.Kind.SAME_AS_USER) {
                dbName[d] = ConnectionRequest.local().user("x").database(dc.witness()).effectiveDatabase();
            }
        }
        dbStatic = fieldBits(staticDbTokens, dbName, t -> t.isKeyword("all") || (regexes16 && t.isRegex()),
                (t, name) -> names.checkDb(List.of(t), name, NO_USER, Replication.NONE));
        for (int d = 0; d < nd; d++) {
            if (dbName[d] != null) {
                dbStaticByName.put(dbName[d], dbStatic[d]);
            }
        }
    }

    /**
     * For each name, the rules whose field (one token list per rule) matches it, token by token: a
     * token that is a plain name matches exactly the names equal to it; any other token ({@code all},
     * {@code +role}, a regular expression) is tested against every name once, with {@code check}.
     * Null names are skipped (empty sets).
     */
    private long[][] fieldBits(List<List<AuthToken>> fields, String[] names, Predicate<AuthToken> computed,
            BiPredicate<AuthToken, String> check) {
        long[][] out = new long[names.length][words];
        Map<String, List<Integer>> byName = new HashMap<>();
        for (int j = 0; j < names.length; j++) {
            if (names[j] != null) {
                byName.computeIfAbsent(names[j], k -> new ArrayList<>()).add(j);
            }
        }
        Map<String, int[]> cache = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            for (AuthToken t : fields.get(i)) {
                int[] hits;
                if (computed.test(t)) {
                    hits = cache.computeIfAbsent((t.quoted() ? "q" : "u") + t.text(), k -> {
                        List<Integer> l = new ArrayList<>();
                        for (int j = 0; j < names.length; j++) {
                            if (names[j] != null && check.test(t, names[j])) {
                                l.add(j);
                            }
                        }
                        return l.stream().mapToInt(Integer::intValue).toArray();
                    });
                } else {
                    hits = byName.getOrDefault(t.text(), List.of()).stream().mapToInt(Integer::intValue).toArray();
                }
                for (int j : hits) {
                    out[j][i >>> 6] |= 1L << i;
                }
            }
        }
        return out;
    }

    /** The rules whose database field matches {@code db} without sameuser/samerole (cached per name). */
    long[] staticBits(String db) {
        return dbStaticByName.computeIfAbsent(db, k -> {
            long[] s = new long[words];
            for (int i = 0; i < n; i++) {
                if (matcher.checkDb(staticDbTokens.get(i), k, NO_USER, Replication.NONE)) {
                    s[i >>> 6] |= 1L << i;
                }
            }
            return s;
        });
    }

    /** Whether some rule whose user field matches user class {@code u} has sameuser. */
    boolean usesSameuser(int u) {
        return intersects(userBits[u], sameuser);
    }

    /** Whether some rule whose user field matches user class {@code u} has samerole/samegroup. */
    boolean usesSamerole(int u) {
        return intersects(userBits[u], samerole);
    }

    /** The roles user class {@code u} is a member of (itself included), as PostgreSQL's is_member sees them. */
    java.util.Set<String> memberships(int u) {
        return env.roles().memberships(userName[u]);
    }

    /**
     * The rules matching user class {@code u} and database class {@code d} (normal connections): the
     * rules whose user field matches, and whose database field matches statically or through
     * sameuser/samerole for this very pair.
     */
    long[] pair(int u, int d) {
        String db = dbName[d] == null ? userName[u] : dbName[d];
        long[] b = staticBits(db).clone();
        if (db.equals(userName[u])) {
            or(b, sameuser);
        }
        if (env.roles().isMember(userName[u], db)) {
            or(b, samerole);
        }
        and(b, userBits[u]);
        return b;
    }

    /** The rules matching user class {@code u} for physical replication. */
    long[] physical(int u) {
        long[] b = userBits[u].clone();
        and(b, repl);
        return b;
    }

    static boolean intersects(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & b[w]) != 0) {
                return true;
            }
        }
        return false;
    }

    private static void or(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            a[w] |= b[w];
        }
    }

    private static void and(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            a[w] &= b[w];
        }
    }

    /**
     * Per interval of one family, the rules whose address matches it. A CIDR block (contiguous mask)
     * of the family is a run of whole intervals, since the partition splits at both its ends: found
     * by binary search instead of testing every interval. Other addresses (samehost, samenet, host
     * names, non-contiguous masks) are tested on each interval's first address as before.
     */
    private static BitSet[] addressBits(List<HbaRule> rules, List<AddressRange> intervals, Environment env) {
        BitSet[] out = new BitSet[intervals.size()];
        int n = rules.size();
        BigInteger[] starts = new BigInteger[intervals.size()];
        byte[][] reps = new byte[intervals.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = new BitSet(n);
            starts[k] = intervals.get(k).first();
        }
        boolean ipv6 = !intervals.isEmpty() && intervals.get(0).ipv6();
        int bits = ipv6 ? 128 : 32;
        for (int i = 0; i < n; i++) {
            Optional<Address> oa = rules.get(i).address();
            if (oa.isEmpty()) {
                continue;
            }
            Address a = oa.get();
            int from = 0;
            int to = out.length;
            if (a instanceof Address.IpMask m && m.isIpv6() != ipv6) {
                continue;
            }
            if (a instanceof Address.IpMask m && m.prefixLength() >= 0) {
                BigInteger base = AddressRange.number(m.addressBytes()).and(AddressRange.number(m.maskBytes()));
                from = lowerBound(starts, base);
                to = lowerBound(starts, base.add(BigInteger.ONE.shiftLeft(bits - m.prefixLength())));
            } else if (!(a instanceof Address.All)) {
                for (int k = 0; k < out.length; k++) {
                    if (reps[k] == null) {
                        reps[k] = intervals.get(k).firstBytes();
                    }
                    if (Partition.addressMatches(a, reps[k], env)) {
                        out[k].set(i);
                    }
                }
                continue;
            }
            for (int k = from; k < to; k++) {
                out[k].set(i);
            }
        }
        return out;
    }

    /** The index of the first start not below {@code v}. */
    private static int lowerBound(BigInteger[] starts, BigInteger v) {
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid].compareTo(v) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static boolean typeMatches(ConnectionType t, Transport tr, BuildFeatures build) {
        if (t == ConnectionType.LOCAL || tr == Transport.LOCAL) {
            return t == ConnectionType.LOCAL && tr == Transport.LOCAL;
        }
        boolean ssl = tr == Transport.TCP_SSL;
        boolean gss = tr == Transport.TCP_GSS;
        if (ssl ? t == ConnectionType.HOSTNOSSL : t == ConnectionType.HOSTSSL) {
            return false;
        }
        if (build.gssapi()) {
            return !(gss ? t == ConnectionType.HOSTNOGSSENC : t == ConnectionType.HOSTGSSENC);
        }
        return t != ConnectionType.HOSTGSSENC;
    }
}
