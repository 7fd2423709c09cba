package io.github.pghba.eval;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.internal.RequestState;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled matcher: the same answer as the reference interpreter, found with word-parallel bit
 * sets. Per connection kind a set of rules whose type passes; per literal database and user name a
 * set of rules that name it; "all" and keyword sets; address ranges as primitive int/long
 * compares. Only the dynamic parts (samerole/+role, sameuser, regex, host names, samehost/samenet)
 * are checked one rule at a time, on candidates that passed everything else. Evaluating allocates
 * nothing unless a host-name rule needs the name service or a regex runs.
 */
final class CompiledMatcher {
    private static final long[] NONE = new long[0];
    private static final int A_ALL = 0;
    private static final int A_V4 = 1;
    private static final int A_V6 = 2;
    private static final int A_HOSTNAME = 3;
    private static final int A_SAMEHOST = 4;
    private static final int A_SAMENET = 5;
    private static final int A_LOCAL = 6;

    private final int words;
    /** [kind][word]: 0 local, 1 TCP plain, 2 TCP TLS, 3 TCP GSS. */
    private final long[][] typeBits;
    private final long[] dbAll;
    private final long[] dbRepl;
    private final long[] dbDyn;
    private final Map<String, long[]> dbNamed;
    private final long[] userAll;
    private final long[] userDyn;
    private final Map<String, long[]> userNamed;
    private final int[] addrKind;
    private final int[] v4Addr;
    private final int[] v4Mask;
    private final long[] v6Addr;
    private final long[] v6Mask;
    private final String[] hostnames;
    private final AuthToken[][] dbDynTokens;
    private final AuthToken[][] userDynTokens;
    private final RoleGraph roles;
    private final List<ServerInterface> interfaces;
    private final HostResolver resolver;
    private final Map<String, Optional<AreRegex>> regexes;
    private final boolean regexOn;

    CompiledMatcher(List<HbaRule> rules, PgVersion version, BuildFeatures build, Environment env,
            Map<String, Optional<AreRegex>> regexes) {
        int n = rules.size();
        this.words = (n + 63) >>> 6;
        this.typeBits = new long[4][words];
        this.dbAll = new long[words];
        this.dbRepl = new long[words];
        this.dbDyn = new long[words];
        this.userAll = new long[words];
        this.userDyn = new long[words];
        this.addrKind = new int[n];
        this.v4Addr = new int[n];
        this.v4Mask = new int[n];
        this.v6Addr = new long[2 * n];
        this.v6Mask = new long[2 * n];
        this.hostnames = new String[n];
        this.dbDynTokens = new AuthToken[n][];
        this.userDynTokens = new AuthToken[n][];
        this.roles = env.roles();
        this.interfaces = env.interfaces();
        this.resolver = env.resolver();
        this.regexes = regexes;
        this.regexOn = version.atLeast(16);
        Map<String, long[]> dbIdx = new HashMap<>();
        Map<String, long[]> userIdx = new HashMap<>();
        for (int r = 0; r < n; r++) {
            HbaRule rule = rules.get(r);
            int w = r >>> 6;
            long bit = 1L << r;
            ConnectionType t = rule.connectionType();
            if (t == ConnectionType.LOCAL) {
                typeBits[0][w] |= bit;
            } else {
                for (int kind = 1; kind <= 3; kind++) {
                    boolean ssl = kind == 2;
                    boolean gss = kind == 3;
                    boolean pass = !(ssl && t == ConnectionType.HOSTNOSSL) && !(!ssl && t == ConnectionType.HOSTSSL);
                    if (build.gssapi()) {
                        pass &= !(gss && t == ConnectionType.HOSTNOGSSENC) && !(!gss && t == ConnectionType.HOSTGSSENC);
                    } else {
                        pass &= t != ConnectionType.HOSTGSSENC;
                    }
                    if (pass) {
                        typeBits[kind][w] |= bit;
                    }
                }
            }
            Address a = rule.address().orElse(null);
            if (a == null) {
                addrKind[r] = A_LOCAL;
            } else if (a instanceof Address.All) {
                addrKind[r] = A_ALL;
            } else if (a instanceof Address.SameHost) {
                addrKind[r] = A_SAMEHOST;
            } else if (a instanceof Address.SameNet) {
                addrKind[r] = A_SAMENET;
            } else if (a instanceof Address.HostName h) {
                addrKind[r] = A_HOSTNAME;
                hostnames[r] = h.name();
            } else {
                Address.IpMask m = (Address.IpMask) a;
                byte[] ad = m.addressBytes();
                byte[] mk = m.maskBytes();
                if (m.isIpv6()) {
                    addrKind[r] = A_V6;
                    v6Mask[2 * r] = ConnectionRequest.toLong(mk, 0);
                    v6Mask[2 * r + 1] = ConnectionRequest.toLong(mk, 8);
                    v6Addr[2 * r] = ConnectionRequest.toLong(ad, 0) & v6Mask[2 * r];
                    v6Addr[2 * r + 1] = ConnectionRequest.toLong(ad, 8) & v6Mask[2 * r + 1];
                } else {
                    addrKind[r] = A_V4;
                    v4Mask[r] = (int) (ConnectionRequest.toLong(new byte[] {0, 0, 0, 0, mk[0], mk[1], mk[2], mk[3]}, 0));
                    v4Addr[r] = (int) (ConnectionRequest.toLong(new byte[] {0, 0, 0, 0, ad[0], ad[1], ad[2], ad[3]}, 0))
                            & v4Mask[r];
                }
            }
            List<AuthToken> dyn = new ArrayList<>();
            for (AuthToken tok : rule.databases()) {
                if (tok.isKeyword("replication")) {
                    dbRepl[w] |= bit;
                } else if (tok.isKeyword("all")) {
                    dbAll[w] |= bit;
                } else if (tok.isKeyword("sameuser") || tok.isKeyword("samerole") || tok.isKeyword("samegroup")
                        || (regexOn && tok.isRegex())) {
                    dyn.add(tok);
                    dbDyn[w] |= bit;
                } else {
                    dbIdx.computeIfAbsent(tok.text(), k -> new long[words])[w] |= bit;
                }
            }
            dbDynTokens[r] = dyn.toArray(new AuthToken[0]);
            dyn.clear();
            for (AuthToken tok : rule.users()) {
                if (tok.isRoleMembership() || (regexOn && tok.isRegex())) {
                    dyn.add(tok);
                    userDyn[w] |= bit;
                } else if (tok.isKeyword("all")) {
                    userAll[w] |= bit;
                } else {
                    userIdx.computeIfAbsent(tok.text(), k -> new long[words])[w] |= bit;
                }
            }
            userDynTokens[r] = dyn.toArray(new AuthToken[0]);
        }
        this.dbNamed = Map.copyOf(dbIdx);
        this.userNamed = Map.copyOf(userIdx);
    }

    /** The index of the first matching rule, or -1. */
    int match(ConnectionRequest req, Encryption enc) {
        int kind = req.family == 0 ? 0 : enc == Encryption.SSL ? 2 : enc == Encryption.GSS ? 3 : 1;
        long[] cand = typeBits[kind];
        boolean physical = req.replicationMode() == Replication.PHYSICAL;
        String db = req.effectiveDatabase();
        String user = req.effectiveUser();
        long[] dbN = physical ? NONE : dbNamed.getOrDefault(db, NONE);
        long[] userN = userNamed.getOrDefault(user, NONE);
        RequestState state = null;
        for (int w = 0; w < words; w++) {
            long m = cand[w];
            if (m == 0) {
                continue;
            }
            long dbStatic = physical ? dbRepl[w] : dbAll[w] | (dbN.length > 0 ? dbN[w] : 0);
            long dbOk = physical ? dbStatic : dbStatic | dbDyn[w];
            long userStatic = userAll[w] | (userN.length > 0 ? userN[w] : 0);
            m &= dbOk & (userStatic | userDyn[w]);
            while (m != 0) {
                int b = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                int r = (w << 6) | b;
                long bit = 1L << b;
                switch (addrKind[r]) {
                    case A_ALL, A_LOCAL -> { }
                    case A_V4 -> {
                        if (req.family != 4 || (req.v4 & v4Mask[r]) != v4Addr[r]) {
                            continue;
                        }
                    }
                    case A_V6 -> {
                        if (req.family != 6 || (req.v6hi & v6Mask[2 * r]) != v6Addr[2 * r]
                                || (req.v6lo & v6Mask[2 * r + 1]) != v6Addr[2 * r + 1]) {
                            continue;
                        }
                    }
                    case A_HOSTNAME -> {
                        if (state == null) {
                            state = new RequestState(req.rawAddress(), resolver);
                        }
                        if (!state.checkHostname(hostnames[r])) {
                            continue;
                        }
                    }
                    default -> {
                        if (!sameHostOrNet(req.rawAddress(), addrKind[r] == A_SAMEHOST)) {
                            continue;
                        }
                    }
                }
                if ((dbStatic & bit) == 0 && !dynamicDb(r, db, user)) {
                    continue;
                }
                if ((userStatic & bit) == 0 && !dynamicUser(r, user)) {
                    continue;
                }
                return r;
            }
        }
        return -1;
    }

    private boolean sameHostOrNet(byte[] client, boolean host) {
        for (int i = 0; i < interfaces.size(); i++) {
            ServerInterface si = interfaces.get(i);
            if (host ? si.sameHost(client) : si.sameNet(client)) {
                return true;
            }
        }
        return false;
    }

    private boolean dynamicDb(int r, String db, String user) {
        for (AuthToken tok : dbDynTokens[r]) {
            String k = tok.text();
            if (k.equals("sameuser") && !tok.quoted()) {
                if (db.equals(user)) {
                    return true;
                }
            } else if ((k.equals("samerole") || k.equals("samegroup")) && !tok.quoted()) {
                if (roles.isMember(user, db)) {
                    return true;
                }
            } else if (regexFind(k, db)) {
                return true;
            }
        }
        return false;
    }

    private boolean dynamicUser(int r, String user) {
        for (AuthToken tok : userDynTokens[r]) {
            if (tok.isRoleMembership()) {
                if (roles.isMember(user, tok.text().substring(1))) {
                    return true;
                }
            } else if (regexFind(tok.text(), user)) {
                return true;
            }
        }
        return false;
    }

    private boolean regexFind(String token, String name) {
        Optional<AreRegex> re = regexes.getOrDefault(token, Optional.empty());
        return re.isPresent() && re.get().find(name);
    }
}
