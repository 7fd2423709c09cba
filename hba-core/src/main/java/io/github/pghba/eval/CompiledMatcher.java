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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The compiled matcher: the same answer as the reference interpreter, found through an address
 * index instead of a scan of every rule.
 *
 * <p>Candidates come from the client address. Per address family, every rule whose address is a
 * contiguous block (CIDR, address/mask with a contiguous mask, and {@code samehost}/{@code samenet}
 * expanded into one block per server interface when the policy is compiled) is filed under its
 * block. Blocks nest or are disjoint, so a binary search over the elementary intervals they cut
 * the address space into gives the innermost block holding the client, and parent links give the
 * enclosing ones. Rules whose address is not a block ({@code all}, host names, non-contiguous
 * masks) are in one "always" list per family; local rules in their own list. Every list is sorted,
 * so the first match is the smallest rule index, over the lists of the client's block chain and
 * the always list, that passes the type, database and user tests; each list is scanned only below
 * the best answer found so far. A long list is split by database name: the rules naming the
 * request's database plus the rules whose database field has a keyword or a regex.
 *
 * <p>Per rule the test needs a few flag bits and the interned ids of the literal database and user
 * names it lists (one id lookup per request and field), so the size is linear in the file. Only the
 * dynamic parts (samerole/+role, sameuser, regex, host names, non-contiguous masks) are checked one
 * rule at a time, on rules that passed everything else. Evaluating allocates nothing unless a
 * host-name rule needs the name service (a regex allocates only the first time a thread runs it),
 * and writes no shared state.
 */
final class CompiledMatcher {
    private static final int[] NO_RULES = new int[0];
    private static final Dyn[] NO_DYN = new Dyn[0];
    /** The list of one block or of a request kind is split by database name when longer than this. */
    private static final int SPLIT = 8;

    // per rule flag bits: the connection kinds the type passes, then the name and address classes
    private static final int K_LOCAL = 1;
    private static final int K_PLAIN = 1 << 1;
    private static final int K_SSL = 1 << 2;
    private static final int K_GSS = 1 << 3;
    private static final int DB_ALL = 1 << 4;
    private static final int DB_REPL = 1 << 5;
    private static final int DB_DYN = 1 << 6;
    private static final int USER_ALL = 1 << 7;
    private static final int USER_DYN = 1 << 8;
    /** A host-name rule: the name service decides. */
    private static final int A_HOST = 1 << 9;
    /** A numeric rule with a non-contiguous mask: the compare runs per rule. */
    private static final int A_MASK = 1 << 10;

    private final int[] flags;
    /** Rule r's literal database name ids are {@code dbLit[dbFrom[r] .. dbFrom[r + 1])}. */
    private final int[] dbFrom;
    private final int[] dbLit;
    private final int[] userFrom;
    private final int[] userLit;
    private final Map<String, Integer> dbIds;
    private final Map<String, Integer> userIds;
    private final @Nullable String[] hostnames;
    /** Address and mask of the A_MASK rules (IPv4 in the low 32 bits of the low word). */
    private final long[] maskHi;
    private final long[] maskLo;
    private final long[] maskAddrHi;
    private final long[] maskAddrLo;
    /** Per rule, the database and user tokens decided per request (keywords, +role, regex). */
    private final Dyn[][] dbDyn;
    private final Dyn[][] userDyn;
    private final Bucket local;
    private final Bucket always4;
    private final Bucket always6;
    private final AddressIndex index4;
    private final AddressIndex index6;
    private final RoleGraph roles;
    private final HostResolver resolver;

    CompiledMatcher(List<HbaRule> rules, PgVersion version, BuildFeatures build, Environment env,
            Map<String, Optional<AreRegex>> regexes) {
        int n = rules.size();
        boolean regexOn = version.atLeast(16);
        this.flags = new int[n];
        this.dbFrom = new int[n + 1];
        this.userFrom = new int[n + 1];
        this.hostnames = new String[n];
        this.dbDyn = new Dyn[n][];
        this.userDyn = new Dyn[n][];
        this.roles = env.roles();
        this.resolver = env.resolver();
        Map<String, Integer> dbIdx = new HashMap<>();
        Map<String, Integer> userIdx = new HashMap<>();
        IntList dbLits = new IntList();
        IntList userLits = new IntList();
        IntList localRules = new IntList();
        IntList all4 = new IntList();
        IntList all6 = new IntList();
        Map<Integer, long[]> masks = new HashMap<>();
        IndexBuilder blocks4 = new IndexBuilder(false);
        IndexBuilder blocks6 = new IndexBuilder(true);
        List<Dyn> dyn = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            HbaRule rule = rules.get(r);
            int f = 0;
            ConnectionType t = rule.connectionType();
            if (t == ConnectionType.LOCAL) {
                f |= K_LOCAL;
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
                        f |= 1 << kind;
                    }
                }
            }
            dyn.clear();
            for (AuthToken tok : rule.databases()) {
                if (tok.isKeyword("replication")) {
                    f |= DB_REPL;
                } else if (tok.isKeyword("all")) {
                    f |= DB_ALL;
                } else if (tok.isKeyword("sameuser") || tok.isKeyword("samerole") || tok.isKeyword("samegroup")
                        || (regexOn && tok.isRegex())) {
                    String k = tok.text();
                    if (k.equals("sameuser") && !tok.quoted()) {
                        dyn.add(new Dyn(Dyn.SAMEUSER, k, null));
                    } else if ((k.equals("samerole") || k.equals("samegroup")) && !tok.quoted()) {
                        dyn.add(new Dyn(Dyn.SAMEROLE, k, null));
                    } else {
                        dyn.add(new Dyn(Dyn.REGEX, k, regexes.getOrDefault(k, Optional.empty()).orElse(null)));
                    }
                    f |= DB_DYN;
                } else {
                    dbLits.add(dbIdx.computeIfAbsent(tok.text(), k -> dbIdx.size()));
                }
            }
            dbFrom[r + 1] = dbLits.size;
            dbDyn[r] = dyn.isEmpty() ? NO_DYN : dyn.toArray(NO_DYN);
            dyn.clear();
            for (AuthToken tok : rule.users()) {
                if (tok.isRoleMembership() || (regexOn && tok.isRegex())) {
                    String k = tok.text();
                    if (tok.isRoleMembership()) {
                        dyn.add(new Dyn(Dyn.ROLE, k.substring(1), null));
                    } else {
                        dyn.add(new Dyn(Dyn.REGEX, k, regexes.getOrDefault(k, Optional.empty()).orElse(null)));
                    }
                    f |= USER_DYN;
                } else if (tok.isKeyword("all")) {
                    f |= USER_ALL;
                } else {
                    userLits.add(userIdx.computeIfAbsent(tok.text(), k -> userIdx.size()));
                }
            }
            userFrom[r + 1] = userLits.size;
            userDyn[r] = dyn.isEmpty() ? NO_DYN : dyn.toArray(NO_DYN);
            Address a = rule.address().orElse(null);
            if (t == ConnectionType.LOCAL) {
                localRules.add(r);
            } else if (a == null || a instanceof Address.All) {
                all4.add(r);
                all6.add(r);
            } else if (a instanceof Address.HostName h) {
                f |= A_HOST;
                hostnames[r] = h.name();
                all4.add(r);
                all6.add(r);
            } else if (a instanceof Address.SameHost || a instanceof Address.SameNet) {
                // samehost: exactly one of the server's addresses; samenet: on one of its subnets.
                // ServerInterface compares within one family (4 or 16 bytes), as the blocks do.
                boolean host = a instanceof Address.SameHost;
                for (ServerInterface si : env.interfaces()) {
                    byte[] ad = si.address();
                    int bits = ad.length * 8;
                    int prefix = host ? bits : si.prefix();
                    if (ad.length == 4) {
                        blocks4.add(0, ConnectionRequest.toLong(v4Bytes(ad), 0), prefix, r);
                    } else {
                        blocks6.add(ConnectionRequest.toLong(ad, 0), ConnectionRequest.toLong(ad, 8), prefix, r);
                    }
                }
            } else {
                Address.IpMask m = (Address.IpMask) a;
                byte[] ad = m.addressBytes();
                byte[] mk = m.maskBytes();
                int prefix = m.prefixLength();
                long hi = m.isIpv6() ? ConnectionRequest.toLong(ad, 0) : 0;
                long lo = m.isIpv6() ? ConnectionRequest.toLong(ad, 8) : ConnectionRequest.toLong(v4Bytes(ad), 0);
                if (prefix >= 0) {
                    (m.isIpv6() ? blocks6 : blocks4).add(hi, lo, prefix, r);
                } else {
                    f |= A_MASK;
                    long mhi = m.isIpv6() ? ConnectionRequest.toLong(mk, 0) : 0;
                    long mlo = m.isIpv6() ? ConnectionRequest.toLong(mk, 8) : ConnectionRequest.toLong(v4Bytes(mk), 0);
                    masks.put(r, new long[] {mhi, mlo, hi & mhi, lo & mlo});
                    (m.isIpv6() ? all6 : all4).add(r);
                }
            }
            flags[r] = f;
        }
        this.dbLit = dbLits.toArray();
        this.userLit = userLits.toArray();
        this.dbIds = Map.copyOf(dbIdx);
        this.userIds = Map.copyOf(userIdx);
        int[] withMask = masks.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.maskHi = new long[masks.isEmpty() ? 0 : n];
        this.maskLo = new long[maskHi.length];
        this.maskAddrHi = new long[maskHi.length];
        this.maskAddrLo = new long[maskHi.length];
        for (int r : withMask) {
            long[] v = masks.get(r);
            maskHi[r] = v[0];
            maskLo[r] = v[1];
            maskAddrHi[r] = v[2];
            maskAddrLo[r] = v[3];
        }
        this.local = bucket(localRules.toArray());
        this.always4 = bucket(all4.toArray());
        this.always6 = bucket(all6.toArray());
        this.index4 = blocks4.build(this);
        this.index6 = blocks6.build(this);
    }

    private static byte[] v4Bytes(byte[] four) {
        return new byte[] {0, 0, 0, 0, four[0], four[1], four[2], four[3]};
    }

    /** The index of the first matching rule, or -1. */
    int match(ConnectionRequest req, Encryption enc) {
        int family = req.family;
        // b: the innermost block holding the client (-1: none, or a local request); last: the list
        // scanned after the block chain (the local rules, or the family's always list)
        Bucket last;
        AddressIndex ix;
        int b;
        if (family == 0) {
            ix = index4; // no blocks for local requests
            last = local;
            b = -1;
        } else if (family == 4) {
            ix = index4;
            last = always4;
            b = ix.innermost4(req.v4 & 0xffffffffL);
        } else {
            ix = index6;
            last = always6;
            b = ix.innermost6(req.v6hi, req.v6lo);
        }
        if (b < 0 && last.rules.length == 0) {
            return -1; // no rule can hold this address: no name lookups either
        }
        int kind = family == 0 ? K_LOCAL : enc == Encryption.SSL ? K_SSL : enc == Encryption.GSS ? K_GSS : K_PLAIN;
        boolean physical = req.replicationMode() == Replication.PHYSICAL;
        String db = req.effectiveDatabase();
        String user = req.effectiveUser();
        int dbId = physical ? -1 : idOf(dbIds, db);
        int userId = idOf(userIds, user);
        int best = Integer.MAX_VALUE;
        for (; b >= 0; b = ix.parent[b]) {
            best = scan(ix.blocks[b], best, kind, physical, dbId, userId, db, user, req);
        }
        // last, so that host names are looked up only for rules before the answer
        best = scan(last, best, kind, physical, dbId, userId, db, user, req);
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    private static int idOf(Map<String, Integer> ids, String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /**
     * The smallest rule of {@code b} below {@code bound} that the request passes, or {@code bound}.
     * Rules of a block list are known to contain the client address.
     */
    private int scan(Bucket b, int bound, int kind, boolean physical, int dbId, int userId, String db, String user,
            ConnectionRequest req) {
        // unsplit: wild is the whole list. Split: the rules with a keyword or regex in the database
        // field (the only ones a physical replication connection can match), merged with the rules
        // naming the request's database
        int[] x = b.wild;
        int[] y = NO_RULES;
        if (!physical && dbId >= 0 && b.keys.length > 0) {
            int k = Arrays.binarySearch(b.keys, dbId);
            if (k >= 0) {
                y = b.byDb[k];
            }
        }
        RequestState state = null;
        int i = 0;
        int j = 0;
        while (true) {
            int r1 = i < x.length ? x[i] : Integer.MAX_VALUE;
            int r2 = j < y.length ? y[j] : Integer.MAX_VALUE;
            int r;
            if (r1 < r2) {
                r = r1;
                i++;
            } else {
                r = r2;
                j++;
            }
            if (r >= bound) {
                return bound;
            }
            int f = flags[r];
            if ((f & kind) == 0) {
                continue;
            }
            boolean dbStatic;
            if (physical) {
                if ((f & DB_REPL) == 0) {
                    continue;
                }
                dbStatic = true;
            } else {
                dbStatic = (f & DB_ALL) != 0 || has(dbFrom, dbLit, r, dbId);
                if (!dbStatic && (f & DB_DYN) == 0) {
                    continue;
                }
            }
            boolean userStatic = (f & USER_ALL) != 0 || has(userFrom, userLit, r, userId);
            if (!userStatic && (f & USER_DYN) == 0) {
                continue;
            }
            if ((f & A_HOST) != 0) {
                if (state == null) {
                    state = new RequestState(req.rawAddress(), resolver);
                }
                String name = hostnames[r];
                if (name == null || !state.checkHostname(name)) {
                    continue;
                }
            } else if ((f & A_MASK) != 0) {
                long hi = req.family == 6 ? req.v6hi : 0;
                long lo = req.family == 6 ? req.v6lo : req.v4 & 0xffffffffL;
                if ((hi & maskHi[r]) != maskAddrHi[r] || (lo & maskLo[r]) != maskAddrLo[r]) {
                    continue;
                }
            }
            if (!dbStatic && !dynamicDb(r, db, user)) {
                continue;
            }
            if (!userStatic && !dynamicUser(r, user)) {
                continue;
            }
            return r;
        }
    }

    private static boolean has(int[] from, int[] lit, int r, int id) {
        if (id < 0) {
            return false;
        }
        for (int k = from[r], end = from[r + 1]; k < end; k++) {
            if (lit[k] == id) {
                return true;
            }
        }
        return false;
    }

    private boolean dynamicDb(int r, String db, String user) {
        for (Dyn d : dbDyn[r]) {
            if (d.kind == Dyn.SAMEUSER ? db.equals(user)
                    : d.kind == Dyn.SAMEROLE ? roles.isMember(user, db) : d.find(db)) {
                return true;
            }
        }
        return false;
    }

    private boolean dynamicUser(int r, String user) {
        for (Dyn d : userDyn[r]) {
            if (d.kind == Dyn.ROLE ? roles.isMember(user, d.name) : d.find(user)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A database or user token decided per request, prepared when compiling: the role name of
     * {@code +role} without its plus (no substring per request), the compiled regex (null if it
     * does not compile: it never matches).
     */
    private static final class Dyn {
        static final int SAMEUSER = 0;
        static final int SAMEROLE = 1;
        static final int ROLE = 2;
        static final int REGEX = 3;

        final int kind;
        final String name;
        final @Nullable AreRegex regex;

        Dyn(int kind, String name, @Nullable AreRegex regex) {
            this.kind = kind;
            this.name = name;
            this.regex = regex;
        }

        boolean find(String s) {
            AreRegex re = regex;
            return re != null && re.find(s);
        }
    }

    /** A sorted rule list; a long one is split by database name (see {@link #scan}). */
    private Bucket bucket(int[] sorted) {
        if (sorted.length <= SPLIT) {
            return new Bucket(sorted, sorted, NO_RULES, new int[0][]);
        }
        IntList wild = new IntList();
        Map<Integer, IntList> byDb = new HashMap<>();
        for (int r : sorted) {
            if ((flags[r] & (DB_ALL | DB_REPL | DB_DYN)) != 0) {
                wild.add(r);
            } else {
                for (int k = dbFrom[r]; k < dbFrom[r + 1]; k++) {
                    IntList l = byDb.computeIfAbsent(dbLit[k], id -> new IntList());
                    if (l.size == 0 || l.last() != r) {
                        l.add(r);
                    }
                }
            }
        }
        int[] keys = byDb.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        int[][] lists = new int[keys.length][];
        for (int k = 0; k < keys.length; k++) {
            lists[k] = byDb.get(keys[k]).toArray();
        }
        return new Bucket(sorted, wild.toArray(), keys, lists);
    }

    /**
     * Sorted rule indexes. Unsplit: {@code wild == rules} and no keys. Split: {@code wild} holds the
     * rules whose database field has a keyword or regex, {@code byDb[k]} the other rules that name
     * database id {@code keys[k]}.
     */
    private record Bucket(int[] rules, int[] wild, int[] keys, int[][] byDb) {}

    /**
     * The blocks of one address family. {@code starts} cut the address space into elementary
     * intervals ({@code [starts[i], starts[i + 1])}); {@code inner[i]} is the innermost block holding
     * interval i, or -1; {@code parent[b]} the innermost block enclosing block b, or -1. Addresses
     * are 128-bit unsigned {@code (hi, lo)}; IPv4 has {@code hi = 0}.
     */
    private static final class AddressIndex {
        final long[] startHi;
        final long[] startLo;
        final int[] inner;
        final int[] parent;
        final Bucket[] blocks;
        /**
         * IPv4 only: {@code top[k]} is the first interval start whose top bits ({@code start >>>
         * topShift}) are at least k; 2^(32 - topShift) + 1 entries, about two per interval start and
         * at most 65,537 (empty for IPv6).
         */
        final int[] top;
        final int topShift;

        AddressIndex(long[] startHi, long[] startLo, int[] inner, int[] parent, Bucket[] blocks, boolean v6) {
            this.startHi = startHi;
            this.startLo = startLo;
            this.inner = inner;
            this.parent = parent;
            this.blocks = blocks;
            int bits = Math.max(1, Math.min(16, 33 - Integer.numberOfLeadingZeros(startLo.length)));
            this.topShift = 32 - bits;
            this.top = v6 ? NO_RULES : new int[(1 << bits) + 1];
            if (!v6) {
                int i = 0;
                for (int k = 0; k <= 1 << bits; k++) {
                    while (i < startLo.length && startLo[i] >>> topShift < k) {
                        i++;
                    }
                    top[k] = i;
                }
            }
        }

        /** The innermost block holding the IPv4 address (unsigned, in the low 32 bits), or -1. */
        int innermost4(long a) {
            // the table narrows the search to the interval starts that share the address's top bits
            int k = (int) (a >>> topShift);
            int low = top[k];
            int high = top[k + 1] - 1;
            int found = low - 1;
            long[] starts = startLo;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (starts[mid] <= a) {
                    found = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return found < 0 ? -1 : inner[found];
        }

        /** The innermost block holding the IPv6 address, or -1. */
        int innermost6(long hi, long lo) {
            int low = 0;
            int high = startLo.length - 1;
            int found = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = Long.compareUnsigned(startHi[mid], hi);
                if (c == 0) {
                    c = Long.compareUnsigned(startLo[mid], lo);
                }
                if (c <= 0) {
                    found = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return found < 0 ? -1 : inner[found];
        }
    }

    /** Collects the blocks of one family while the rules are read. */
    private static final class IndexBuilder {
        private final boolean v6;
        private final Map<Block, IntList> blocks = new HashMap<>();

        IndexBuilder(boolean v6) {
            this.v6 = v6;
        }

        void add(long hi, long lo, int prefix, int rule) {
            long mhi;
            long mlo;
            if (v6) {
                mhi = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
                mlo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            } else {
                mhi = 0;
                mlo = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            }
            IntList l = blocks.computeIfAbsent(new Block(hi & mhi, lo & mlo, prefix), k -> new IntList());
            if (l.size == 0 || l.last() != rule) {
                l.add(rule);
            }
        }

        AddressIndex build(CompiledMatcher m) {
            List<Block> sorted = new ArrayList<>(blocks.keySet());
            sorted.sort((a, b) -> {
                int c = Long.compareUnsigned(a.hi, b.hi);
                if (c == 0) {
                    c = Long.compareUnsigned(a.lo, b.lo);
                }
                return c != 0 ? c : Integer.compare(a.prefix, b.prefix);
            });
            int nb = sorted.size();
            long[] endHi = new long[nb];
            long[] endLo = new long[nb];
            Bucket[] buckets = new Bucket[nb];
            List<long[]> points = new ArrayList<>();
            for (int b = 0; b < nb; b++) {
                Block k = sorted.get(b);
                int p = k.prefix;
                if (v6) {
                    endHi[b] = k.hi | (p == 0 ? -1L : p >= 64 ? 0 : -1L >>> p);
                    endLo[b] = k.lo | (p <= 64 ? -1L : p == 128 ? 0 : -1L >>> (p - 64));
                } else {
                    endHi[b] = 0;
                    endLo[b] = k.lo | (p == 32 ? 0 : 0xffffffffL >>> p);
                }
                buckets[b] = m.bucket(blocks.get(k).toArray());
                points.add(new long[] {k.hi, k.lo});
                // the first address after the block, unless the block ends the address space
                if (endLo[b] != -1L) {
                    points.add(new long[] {endHi[b], endLo[b] + 1});
                } else if (endHi[b] != -1L) {
                    points.add(new long[] {endHi[b] + 1, 0});
                }
            }
            points.sort((a, b) -> {
                int c = Long.compareUnsigned(a[0], b[0]);
                return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
            });
            int np = 0;
            for (int i = 0; i < points.size(); i++) {
                if (np == 0 || !Arrays.equals(points.get(np - 1), points.get(i))) {
                    points.set(np++, points.get(i));
                }
            }
            long[] startHi = new long[np];
            long[] startLo = new long[np];
            int[] inner = new int[np];
            int[] parent = new int[nb];
            int[] stack = new int[nb];
            int depth = 0;
            int next = 0;
            for (int i = 0; i < np; i++) {
                long ph = points.get(i)[0];
                long pl = points.get(i)[1];
                startHi[i] = ph;
                startLo[i] = pl;
                while (depth > 0 && less(endHi[stack[depth - 1]], endLo[stack[depth - 1]], ph, pl)) {
                    depth--;
                }
                while (next < nb && sorted.get(next).hi == ph && sorted.get(next).lo == pl) {
                    parent[next] = depth > 0 ? stack[depth - 1] : -1;
                    stack[depth++] = next++;
                }
                inner[i] = depth > 0 ? stack[depth - 1] : -1;
            }
            return new AddressIndex(startHi, startLo, inner, parent, buckets, v6);
        }

        private static boolean less(long ah, long al, long bh, long bl) {
            int c = Long.compareUnsigned(ah, bh);
            return c < 0 || (c == 0 && Long.compareUnsigned(al, bl) < 0);
        }
    }

    /** A block: its first address and prefix length. */
    private record Block(long hi, long lo, int prefix) {}

    /** A growable int array for compiling. */
    private static final class IntList {
        private int[] a = new int[4];
        int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int last() {
            return a[size - 1];
        }

        int[] toArray() {
            return size == 0 ? NO_RULES : Arrays.copyOf(a, size);
        }
    }
}
