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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For one policy over a partition: which rules pass each check, as bit sets over the rules. Type per
 * transport, address per elementary interval, names per (user class, database class) pair. The first
 * rule of the intersection is the rule PostgreSQL picks, as in {@code check_hba}.
 */
final class SpaceBits {
    private static final String NO_USER = "\u0000pghba-no-user";

    final List<Transport> transports = new ArrayList<>();
    final Map<Transport, BitSet> type = new LinkedHashMap<>();
    final BitSet[] v4;
    final BitSet[] v6;
    /** [user class][database class]: rules whose user and database fields both match (normal connections). */
    final BitSet[][] normal;
    /** [user class]: rules whose user field matches and whose database field has the replication keyword. */
    final BitSet[] physical;

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
        int nu = partition.users.size();
        int nd = partition.databases.size();
        String[] userName = new String[nu];
        BitSet[] userBits = new BitSet[nu];
        for (int u = 0; u < nu; u++) {
            userName[u] = ConnectionRequest.local().user(partition.users.get(u).witness()).effectiveUser();
            userBits[u] = new BitSet(n);
            for (int i = 0; i < n; i++) {
                if (names.checkRole(rules.get(i).users(), userName[u])) {
                    userBits[u].set(i);
                }
            }
        }
        Map<String, BitSet> dbStatic = new HashMap<>();
        // equal bit sets are shared: the pairs behave like a few groups, not U x D separate sets
        Map<BitSet, BitSet> canonical = new HashMap<>();
        normal = new BitSet[nu][nd];
        physical = new BitSet[nu];
        for (int u = 0; u < nu; u++) {
            for (int d = 0; d < nd; d++) {
                NameClass dc = partition.databases.get(d);
                String db = dc.kind() == NameClass.Kind.SAME_AS_USER ? userName[u]
                        : ConnectionRequest.local().user("x").database(dc.witness()).effectiveDatabase();
                BitSet b = (BitSet) dbStatic.computeIfAbsent(db, k -> {
                    BitSet s = new BitSet(n);
                    for (int i = 0; i < n; i++) {
                        if (names.checkDb(staticDbTokens.get(i), k, NO_USER, Replication.NONE)) {
                            s.set(i);
                        }
                    }
                    return s;
                }).clone();
                if (db.equals(userName[u])) {
                    b.or(sameuser);
                }
                if (env.roles().isMember(userName[u], db)) {
                    b.or(samerole);
                }
                b.and(userBits[u]);
                normal[u][d] = canonical.computeIfAbsent(b, k -> k);
            }
            BitSet p = (BitSet) userBits[u].clone();
            p.and(repl);
            physical[u] = p;
        }
    }

    private static BitSet[] addressBits(List<HbaRule> rules, List<AddressRange> intervals, Environment env) {
        BitSet[] out = new BitSet[intervals.size()];
        int n = rules.size();
        for (int k = 0; k < intervals.size(); k++) {
            byte[] rep = intervals.get(k).firstBytes();
            BitSet b = new BitSet(n);
            for (int i = 0; i < n; i++) {
                Optional<Address> a = rules.get(i).address();
                if (a.isPresent() && Partition.addressMatches(a.get(), rep, env)) {
                    b.set(i);
                }
            }
            out[k] = b;
        }
        return out;
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
