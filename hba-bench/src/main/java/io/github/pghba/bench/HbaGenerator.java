package io.github.pghba.bench;

import io.github.pghba.eval.RoleGraph;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The seeded generator of benchmark workloads: a pg_hba.conf of exactly {@code n} rules shaped like
 * a large multi-tenant installation, and for every rule the names and address block of requests it
 * matches (so request streams can be aimed at any position in the file).
 *
 * <p>The file: a few administrator rules at the top, then one section per tenant (a comment, then
 * 3 to 8 rules for the tenant's databases, roles, group {@code +app_N_team}, office and data-centre
 * networks, IPv4 and IPv6 blocks of many prefix lengths, both CIDR and address/mask form), with
 * organisation-wide rules sprinkled in between (DBA group with client certificates, monitoring
 * hosts, replication, RADIUS, {@code samenet}, and regular expressions, a PostgreSQL 16+ feature).
 * Types mix {@code local}, {@code host}, {@code hostssl} and {@code hostnossl}; methods mix
 * scram-sha-256, md5, peer, ident, cert, radius and reject (the zonky server
 * binaries the side-by-side runs have neither LDAP nor PAM), with options. Some names are quoted,
 * some lines carry trailing comments, a few are continued with a backslash (14+). Nothing covers
 * the TEST-NET blocks (198.51.100.0/24, 203.0.113.0/24) or 2001:db9::/32, which the "nowhere"
 * streams use. No host-name rules: evaluation must then allocate nothing.
 *
 * <p>Deterministic: the same seed and size give the same bytes on every JVM ({@link Random} is
 * specified).
 */
public final class HbaGenerator {
    /** The seed every benchmark uses unless told otherwise. */
    public static final long SEED = 20250817L;
    /** The sizes the suites measure. */
    public static final int[] SIZES = {10, 100, 1_000, 10_000, 100_000};

    /** The connection type of a generated rule. */
    public enum Type { LOCAL, HOST, HOSTSSL, HOSTNOSSL }

    /**
     * An address block: family 4 (address in the low 32 bits of {@code hi}) or 6, the network and its
     * prefix length. Family 0 for {@code local} rules, -1 for {@code samenet} (loopback here).
     */
    public record Net(int family, long hi, long lo, int prefix) {
        static final Net LOCAL = new Net(0, 0, 0, 0);
        static final Net SAMENET = new Net(-1, 0x7f000000L, 0, 8);

        /** A random address inside the block (4 or 16 bytes), or null for local. */
        public byte[] sample(Random r) {
            if (family == 0) {
                return null;
            }
            if (family == 4 || family == -1) {
                long host = prefix == 32 ? 0 : (r.nextInt() & 0xffffffffL) & ((1L << (32 - prefix)) - 1);
                int a = (int) (hi | host);
                return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
            }
            long h = hi;
            long l = lo;
            if (prefix < 64) {
                h |= r.nextLong() & (-1L >>> prefix);
                l = r.nextLong();
            } else if (prefix < 128) {
                l |= r.nextLong() & (-1L >>> (prefix - 64));
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (h >>> (56 - 8 * i));
                b[8 + i] = (byte) (l >>> (56 - 8 * i));
            }
            return b;
        }
    }

    /**
     * One generated rule.
     *
     * @param line the rule as written (without continuation lines or trailing comment)
     * @param type its connection type
     * @param replication whether its database field is {@code replication}
     * @param databases database names it matches (samples)
     * @param users user names it matches (samples)
     * @param net the addresses it matches
     * @param reject whether its method is reject
     */
    public record Rule(String line, Type type, boolean replication, List<String> databases, List<String> users,
            Net net, boolean reject) {}

    /**
     * A generated file.
     *
     * @param seed the seed
     * @param size the number of rules
     * @param text the file
     * @param rules the rules in file order
     * @param roles the role graph the names refer to ({@code +app_N_team}, {@code +dbas})
     * @param tenants how many tenants the file has
     */
    public record Generated(long seed, int size, String text, List<Rule> rules, RoleGraph roles, int tenants) {
        /** The file as UTF-8 bytes. */
        public byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Random rnd;
    private final int n;
    private final long seed;
    private final List<Rule> rules = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private int globals;

    private HbaGenerator(long seed, int n) {
        this.seed = seed;
        this.n = n;
        this.rnd = new Random(seed * 1_000_003L + n);
    }

    /** A file of exactly {@code n} rules (n ≥ 1). */
    public static Generated generate(long seed, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        return new HbaGenerator(seed, n).run();
    }

    private Generated run() {
        out.append("# pg_hba.conf generated by pghba hba-bench HbaGenerator (seed ").append(seed).append(", ")
                .append(n).append(" rules)\n");
        out.append("# TYPE  DATABASE        USER            ADDRESS                 METHOD\n\n");
        out.append("# administrators\n");
        add("local all postgres peer", Type.LOCAL, false, List.of("postgres", "app_0"), List.of("postgres"),
                Net.LOCAL, false);
        add("local replication postgres peer", Type.LOCAL, true, List.of("replication"), List.of("postgres"),
                Net.LOCAL, false);
        add("host all postgres 127.0.0.1/32 scram-sha-256", Type.HOST, false, List.of("postgres"),
                List.of("postgres"), v4(0x7f000001L, 32), false);
        add("host all postgres ::1/128 scram-sha-256", Type.HOST, false, List.of("postgres"), List.of("postgres"),
                new Net(6, 0, 1, 128), false);
        int t = 0;
        while (rules.size() < n) {
            if (rnd.nextInt(100) < 35) {
                global();
            }
            tenant(t++);
        }
        RoleGraph.Builder roles = RoleGraph.builder();
        roles.superuser("postgres");
        for (int i = 0; i < t; i++) {
            roles.role("app_" + i + "_rw").role("app_" + i + "_ro").role("svc_" + i).role("app_" + i + "_etl")
                    .role("App " + i + " Reader").role("repl_" + i);
            roles.grant("app_" + i + "_team", "dev_" + i + "_a").grant("app_" + i + "_team", "dev_" + i + "_b");
        }
        for (int k = 0; k <= globals; k++) {
            roles.grant("dbas", "dba_" + k);
        }
        return new Generated(seed, n, out.toString(), List.copyOf(rules), roles.build(), t);
    }

    // ------------------------------------------------------------------------------------ tenants

    private void tenant(int t) {
        if (rules.size() >= n) {
            return;
        }
        String db = "app_" + t;
        String rw = "app_" + t + "_rw";
        String ro = "app_" + t + "_ro";
        String svc = "svc_" + t;
        long base = 0x0a000000L | ((long) (t >> 8 & 0xff) << 16) | ((long) (t & 0xff) << 8); // 10.x.y.0/24
        long office = 0x0a000000L | ((long) (100 + t % 50) << 16); // 10.(100..149).0.0/16
        long v6hi = 0x20010db800000000L | ((long) (t & 0xffff) << 16); // 2001:db8:t::/48
        out.append('\n').append("# tenant ").append(t).append(" (").append(db).append(")\n");
        int k = 3 + rnd.nextInt(6);
        for (int i = 0; i < k && rules.size() < n; i++) {
            switch (rnd.nextInt(14)) {
                case 0, 1 -> add("hostssl " + db + " " + rw + "," + ro + " " + cidr4(base, 24) + " scram-sha-256",
                        Type.HOSTSSL, false, List.of(db), List.of(rw, ro), v4(base, 24), false);
                case 2 -> {
                    int p = rnd.nextBoolean() ? 16 : 20;
                    long net = p == 16 ? office : office | ((long) (16 * (t % 16)) << 8);
                    String opt = rnd.nextBoolean() ? " clientcert=verify-ca" : "";
                    add("hostssl " + db + "," + db + "_reporting +app_" + t + "_team " + cidr4(net, p)
                            + " scram-sha-256" + opt, Type.HOSTSSL, false, List.of(db, db + "_reporting"),
                            List.of("dev_" + t + "_a", "dev_" + t + "_b"), v4(net, p), false);
                }
                case 3 -> {
                    long host = base | (10 + rnd.nextInt(200));
                    add("host " + db + " " + svc + " " + cidr4(host, 32) + " md5", Type.HOST, false, List.of(db),
                            List.of(svc), v4(host, 32), false);
                }
                case 4 -> {
                    boolean wide = rnd.nextBoolean();
                    long hi = wide ? v6hi : v6hi | rnd.nextInt(0x10000);
                    int p = wide ? 48 : 64;
                    add("hostssl " + db + " " + rw + " " + cidr6(hi, 0, p) + " scram-sha-256", Type.HOSTSSL, false,
                            List.of(db), List.of(rw), new Net(6, hi, 0, p), false);
                }
                case 5 -> add("hostnossl " + db + " all " + cidr4(base, 24) + " reject", Type.HOSTNOSSL, false,
                        List.of(db), List.of(rw, ro, svc), v4(base, 24), true);
                case 6 -> add("host " + db + "_reporting " + ro + " " + ip4(base | 0x80) + " 255.255.255.128"
                        + " scram-sha-256", Type.HOST, false, List.of(db + "_reporting"), List.of(ro),
                        v4(base | 0x80, 25), false);
                case 7 -> add("local " + db + " " + svc + " peer map=svcmap", Type.LOCAL, false, List.of(db),
                        List.of(svc), Net.LOCAL, false);
                case 8 -> {
                    long net = base | (16 * rnd.nextInt(16));
                    add("hostssl " + db + " " + rw + " " + cidr4(net, 28) + " cert clientcert=verify-full map=certmap",
                            Type.HOSTSSL, false, List.of(db), List.of(rw), v4(net, 28), false);
                }
                case 9 -> add("host " + db + " app_" + t + "_etl " + cidr4(base, 24)
                        + " radius radiusservers=\"127.0.0.1,127.0.0.2\" radiussecrets=\"s3cr3t,0th3r\""
                        + " radiusidentifiers=pg-" + db, Type.HOST, false, List.of(db), List.of("app_" + t + "_etl"),
                        v4(base, 24), false);
                case 10 -> {
                    long lo = 1 + rnd.nextInt(0xffff);
                    long hi = v6hi | 1;
                    add("host " + db + " " + rw + " " + cidr6(hi, lo, 128) + " ident map=office",
                            Type.HOST, false, List.of(db), List.of(rw), new Net(6, hi, lo, 128), false);
                }
                case 11 -> add("host \"" + db + "\" \"App " + t + " Reader\" " + cidr4(base, 24) + " scram-sha-256",
                        Type.HOST, false, List.of(db), List.of("App " + t + " Reader"), v4(base, 24), false);
                case 12 -> {
                    long host = base | (220 + rnd.nextInt(30));
                    add("host replication repl_" + t + " " + cidr4(host, 32) + " scram-sha-256", Type.HOST, true,
                            List.of("replication"), List.of("repl_" + t), v4(host, 32), false);
                }
                default -> {
                    // a long line continued with a backslash (14+), with a trailing comment
                    add("hostssl " + db + " " + rw + "," + ro + "," + svc + " " + cidr4(base, 24) + " scram-sha-256",
                            Type.HOSTSSL, false, List.of(db), List.of(rw, ro, svc), v4(base, 24), false,
                            "hostssl " + db + " " + rw + "," + ro + ", \\\n        " + svc + " " + cidr4(base, 24)
                                    + " scram-sha-256  # ticket OPS-" + (1000 + rnd.nextInt(9000)));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ globals

    private void global() {
        int k = globals++;
        out.append('\n');
        switch (rnd.nextInt(8)) {
            case 0 -> add("hostssl \"/^app_[0-9]+_reporting$\" \"/^bi_[0-9]{2,4}$\" 10.200.0.0/16 scram-sha-256",
                    Type.HOSTSSL, false, List.of("app_" + rnd.nextInt(1000) + "_reporting"),
                    List.of("bi_" + (10 + rnd.nextInt(90)), "bi_" + (100 + rnd.nextInt(900))), v4(0x0ac80000L, 16),
                    false);
            case 1 -> {
                long net = 0x0afa0000L | ((long) (k & 0xff) << 8);
                add("hostssl all +dbas " + cidr4(net, 24) + " scram-sha-256 clientcert=verify-full", Type.HOSTSSL,
                        false,
                        List.of("postgres", "app_1"), List.of("dba_" + k), v4(net, 24), false);
            }
            case 2 -> {
                long host = 0x0afb0000L | ((long) (k & 0xffff));
                add("host all monitor_" + k + " " + cidr4(host, 32) + " scram-sha-256", Type.HOST, false,
                        List.of("postgres", "app_2"), List.of("monitor_" + k), v4(host, 32), false);
            }
            case 3 -> add("host \"/^tenant_[0-9]+$\" \"/^svc_[0-9]+$\" 172.16.0.0/12 scram-sha-256", Type.HOST, false,
                    List.of("tenant_" + rnd.nextInt(5000)), List.of("svc_" + rnd.nextInt(5000)), v4(0xac100000L, 12),
                    false);
            case 4 -> {
                long hi = 0xfd00000000000000L | ((long) (k & 0xffff) << 32);
                add("hostssl all \"/^etl_(load|extract)_[0-9]+$\" " + cidr6(hi, 0, 32) + " scram-sha-256",
                        Type.HOSTSSL, false, List.of("app_3"), List.of("etl_load_" + k, "etl_extract_" + k),
                        new Net(6, hi, 0, 32), false);
            }
            case 5 -> add("host all all samenet scram-sha-256", Type.HOST, false, List.of("app_4"), List.of("anyone"),
                    Net.SAMENET, false);
            case 6 -> {
                long net = 0x0afc0000L | ((long) (k & 0xff) << 8);
                add("host all radius_" + k + " " + cidr4(net, 24)
                        + " radius radiusservers=127.0.0.1 radiussecrets=\"s3cr3t\" radiusports=1812", Type.HOST,
                        false, List.of("app_5"), List.of("radius_" + k), v4(net, 24), false);
            }
            default -> {
                long net = 0x0afd0000L | ((long) (k & 0xff) << 8);
                add("hostnossl all all " + cidr4(net, 24) + " reject", Type.HOSTNOSSL, false, List.of("app_6"),
                        List.of("anyone"), v4(net, 24), true);
            }
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private void add(String line, Type type, boolean replication, List<String> dbs, List<String> users, Net net,
            boolean reject) {
        String written = line;
        if (rnd.nextInt(20) == 0) {
            written = line + "   # " + (reject ? "blocked" : "owner: team-" + rnd.nextInt(40));
        }
        add(line, type, replication, dbs, users, net, reject, written);
    }

    private void add(String line, Type type, boolean replication, List<String> dbs, List<String> users, Net net,
            boolean reject, String written) {
        if (rules.size() >= n) {
            return;
        }
        out.append(written).append('\n');
        rules.add(new Rule(line, type, replication, List.copyOf(dbs), List.copyOf(users), net, reject));
    }

    private static Net v4(long net, int prefix) {
        return new Net(4, net & 0xffffffffL, 0, prefix);
    }

    private static String ip4(long a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    private static String cidr4(long a, int prefix) {
        return ip4(a) + "/" + prefix;
    }

    private static String cidr6(long hi, long lo, int prefix) {
        StringBuilder sb = new StringBuilder();
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        // compress the longest run of zero groups (RFC 5952)
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.append('/').append(prefix).toString().toLowerCase(Locale.ROOT);
    }

    /**
     * A second version of a generated file for the diff benchmark: about 2% of the rules edited the
     * way a change review sees them (a method changed, a rule removed, two neighbours swapped, a
     * network widened to /16), comments and blank lines dropped.
     */
    public static String edited(Generated g, long seed) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (Rule rule : g.rules()) {
            lines.add(rule.line());
        }
        int edits = Math.max(1, lines.size() / 50);
        for (int e = 0; e < edits; e++) {
            int i = 4 + r.nextInt(Math.max(1, lines.size() - 5));
            if (i >= lines.size()) {
                continue;
            }
            switch (e % 4) {
                case 0 -> lines.set(i, lines.get(i).replace("scram-sha-256", "md5"));
                case 1 -> {
                    if (lines.size() > 2) {
                        lines.remove(i);
                    }
                }
                case 2 -> {
                    if (i + 1 < lines.size()) {
                        String a = lines.get(i);
                        lines.set(i, lines.get(i + 1));
                        lines.set(i + 1, a);
                    }
                }
                default -> lines.set(i, lines.get(i).replaceFirst("\\.\\d+\\.\\d+/24 ", ".0.0/16 "));
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
