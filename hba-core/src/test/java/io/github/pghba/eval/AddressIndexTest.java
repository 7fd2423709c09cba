package io.github.pghba.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compiled matcher's address index agrees with the reference interpreter: seeded random
 * policies of nested, overlapping and adjacent blocks of every prefix length (IPv4, IPv6 and
 * IPv4-mapped IPv6; CIDR and address/mask, contiguous or not), {@code all}, {@code samehost} and
 * {@code samenet} over several interfaces, host names and every connection type, asked from
 * addresses at and next to the blocks' first and last addresses. {@code -Dpghba.seed=S} replays; the
 * seed is printed on failure.
 */
class AddressIndexTest {
    private static final String[] TYPES = {"local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"};
    private static final String[] DBS = {"all", "db1", "db2", "replication", "sameuser", "samerole", "/^db", "db1,db2",
        "alice"};
    private static final String[] USERS = {"all", "alice", "bob", "+grp", "/^b", "alice,bob"};

    /** A block of the generated policy: first address, last address (128-bit, IPv4 in the low word). */
    private record Range(boolean v6, long hiStart, long loStart, long hiEnd, long loEnd) {}

    @Test
    void indexAgreesWithReference() {
        check(Integer.getInteger("pghba.index.policies", 400), 0, 250);
    }

    /** Thousands of blocks: the IPv4 top-bits table has many entries, the lists are long. */
    @Test
    void manyBlocksAgreeWithReference() {
        check(3, 2000, 3000);
    }

    private static void check(int policies, int rules, int perPolicy) {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        Random rnd = new Random(seed);
        RoleGraph roles = RoleGraph.builder().role("alice").role("bob").role("db1").grant("grp", "alice")
                .grant("db2", "bob").build();
        int loaded = 0;
        int matched = 0;
        int requests = 0;
        for (int p = 0; p < policies; p++) {
            long[] anchors4 = new long[1 + rnd.nextInt(3)];
            for (int i = 0; i < anchors4.length; i++) {
                anchors4[i] = rnd.nextInt(4) == 0 ? rnd.nextLong() & 0xffffffffL : (rnd.nextBoolean() ? 0x0a000000L
                        : 0xc0000200L) | (rnd.nextInt(1 << 12));
            }
            long[][] anchors6 = new long[1 + rnd.nextInt(3)][];
            for (int i = 0; i < anchors6.length; i++) {
                anchors6[i] = rnd.nextInt(4) == 0 ? new long[] {rnd.nextLong(), rnd.nextLong()}
                        : new long[] {0x20010db800000000L | rnd.nextInt(1 << 8), rnd.nextInt(1 << 10)};
            }
            List<Range> ranges = new ArrayList<>();
            List<ServerInterface> ifs = new ArrayList<>();
            int ni = rnd.nextInt(4);
            for (int i = 0; i < ni; i++) {
                int kind = rnd.nextInt(3);
                if (kind == 0) {
                    long a = near4(rnd, anchors4);
                    int prefix = rnd.nextInt(33);
                    ifs.add(ServerInterface.of(v4(a), prefix));
                    ranges.add(range4(a, prefix));
                    ranges.add(range4(a, 32));
                } else if (kind == 1) {
                    long[] a = near6(rnd, anchors6);
                    int prefix = rnd.nextInt(129);
                    ifs.add(ServerInterface.of(v6(a[0], a[1]), prefix));
                    ranges.add(range6(a[0], a[1], prefix));
                    ranges.add(range6(a[0], a[1], 128));
                } else {
                    long a = near4(rnd, anchors4);
                    int prefix = 96 + rnd.nextInt(33);
                    ifs.add(ServerInterface.of("::ffff:" + v4(a), prefix));
                    ranges.add(range6(0, 0xffff00000000L | a, prefix));
                }
            }
            HostResolver hosts = HostResolver.hostsFile(v4(near4(rnd, anchors4)) + " host.example.com\n"
                    + v6(anchors6[0][0], anchors6[0][1]) + " six.example.com\n");
            Environment env = Environment.defaults().withRoles(roles).withResolver(hosts).withInterfaces(ifs);
            if (rules > 0) {
                // spread the anchors over the whole address space
                for (int i = 0; i < anchors4.length; i++) {
                    anchors4[i] = rnd.nextLong() & 0xffffffffL;
                }
                anchors4 = java.util.stream.LongStream.concat(java.util.Arrays.stream(anchors4),
                        rnd.longs(200, 0, 1L << 32)).toArray();
            }
            String text = policy(rnd, anchors4, anchors6, ranges, rules);
            PgVersion version = PgVersion.of(13 + rnd.nextInt(6));
            BuildFeatures build = rnd.nextBoolean() ? BuildFeatures.TYPICAL_LINUX : BuildFeatures.SSL_ONLY;
            HbaConfig config = HbaLoader.with(LoadOptions.defaults().withVersion(version).withBuild(build))
                    .parseHba("/p/pg_hba.conf", text);
            Policy policy = Policy.compile(config, env);
            if (config.loadable()) {
                loaded++;
            }
            for (int k = 0; k < perPolicy; k++) {
                ConnectionRequest r = request(rnd, ranges, anchors4, anchors6);
                int fast = policy.match(r);
                int ref = policy.evaluateReference(r).rule().map(x -> policy.rules().indexOf(x)).orElse(-1);
                requests++;
                if (fast >= 0) {
                    matched++;
                }
                if (fast != ref) {
                    throw new AssertionError("compiled " + fast + " != reference " + ref + " (-Dpghba.seed=" + seed
                            + ") on PostgreSQL " + version + " build " + build + "\nrequest: " + r + "\ninterfaces: "
                            + ifs + "\npolicy:\n" + text);
                }
            }
        }
        System.out.println("AddressIndexTest seed " + seed + ": " + loaded + "/" + policies + " policies load, "
                + matched + "/" + requests + " requests match");
        assertThat(loaded).as("seed %d", seed).isGreaterThan(policies * 9 / 10);
        assertThat(matched).as("seed %d", seed).isGreaterThan(requests / 10)
                .isLessThan(requests / 100 * (rules > 0 ? 97 : 90));
    }

    private static String policy(Random rnd, long[] anchors4, long[][] anchors6, List<Range> ranges, int rules) {
        // a small pool of addresses, so that blocks repeat (long per-block lists) and nest
        List<String> pool = new ArrayList<>();
        int np = 3 + rnd.nextInt(12) + rules / 10;
        for (int i = 0; i < np; i++) {
            pool.add(address(rnd, anchors4, anchors6, ranges, rules > 0));
        }
        StringBuilder sb = new StringBuilder();
        int n = rules > 0 ? rules : 1 + rnd.nextInt(rnd.nextBoolean() ? 15 : 80);
        for (int i = 0; i < n; i++) {
            String type = TYPES[rnd.nextInt(TYPES.length)];
            sb.append(type).append(' ').append(DBS[rnd.nextInt(DBS.length)]).append(' ')
                    .append(USERS[rnd.nextInt(USERS.length)]).append(' ');
            if (!type.equals("local")) {
                sb.append(rnd.nextInt(3) == 0 ? address(rnd, anchors4, anchors6, ranges, rules > 0)
                        : pool.get(rnd.nextInt(pool.size()))).append(' ');
            }
            sb.append(rnd.nextInt(4) == 0 ? "reject" : "trust").append('\n');
        }
        return sb.toString();
    }

    private static String address(Random rnd, long[] anchors4, long[][] anchors6, List<Range> ranges, boolean big) {
        // a big policy has few rules that hold every address, and narrower blocks
        int lo4 = big ? 12 : 0;
        int lo6 = big ? 32 : 0;
        switch (big && rnd.nextInt(100) != 0 ? 4 + rnd.nextInt(8) : rnd.nextInt(12)) {
            case 0:
                return "all";
            case 1:
                return "samehost";
            case 2:
                return "samenet";
            case 3:
                return rnd.nextBoolean() ? "host.example.com" : ".example.com";
            case 4: {
                // address and mask: contiguous or not
                long a = near4(rnd, anchors4);
                long m = rnd.nextBoolean() ? mask4(rnd.nextInt(33)) : rnd.nextLong() & 0xffffffffL;
                int prefix = Long.bitCount(m);
                if (m == mask4(prefix)) {
                    ranges.add(range4(a, prefix));
                }
                return v4(a) + " " + v4(m);
            }
            case 5: {
                long[] a = near6(rnd, anchors6);
                int prefix = rnd.nextInt(129);
                boolean contiguous = rnd.nextBoolean();
                long mh = contiguous ? mask6hi(prefix) : rnd.nextLong();
                long ml = contiguous ? mask6lo(prefix) : rnd.nextLong();
                if (contiguous) {
                    ranges.add(range6(a[0], a[1], prefix));
                }
                return v6(a[0], a[1]) + " " + v6(mh, ml);
            }
            case 6: {
                long a = near4(rnd, anchors4);
                int prefix = 96 + rnd.nextInt(33);
                ranges.add(range6(0, 0xffff00000000L | a, prefix));
                return "::ffff:" + v4(a) + "/" + prefix;
            }
            case 7:
            case 8:
            case 9: {
                long[] a = near6(rnd, anchors6);
                int prefix = rnd.nextInt(8) == 0 ? rnd.nextInt(3) * 64 : lo6 + rnd.nextInt(129 - lo6);
                ranges.add(range6(a[0], a[1], prefix));
                return v6(a[0], a[1]) + "/" + prefix;
            }
            default: {
                long a = near4(rnd, anchors4);
                int prefix = rnd.nextInt(8) == 0 ? rnd.nextInt(2) * 32 : lo4 + rnd.nextInt(33 - lo4);
                ranges.add(range4(a, prefix));
                return v4(a) + "/" + prefix;
            }
        }
    }

    private static ConnectionRequest request(Random rnd, List<Range> ranges, long[] anchors4, long[][] anchors6) {
        ConnectionRequest r;
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            r = ConnectionRequest.local();
        } else if (kind < 8 && !ranges.isEmpty()) {
            // at or next to the first or last address of a block
            Range g = ranges.get(rnd.nextInt(ranges.size()));
            boolean start = rnd.nextBoolean();
            long hi = start ? g.hiStart : g.hiEnd;
            long lo = start ? g.loStart : g.loEnd;
            int d = rnd.nextInt(3) - 1;
            long nlo = lo + d;
            if (d == 1 && lo == -1L) {
                hi++;
            } else if (d == -1 && lo == 0) {
                hi--;
            }
            if (g.v6) {
                r = ConnectionRequest.host(bytes6(hi, nlo));
            } else {
                r = ConnectionRequest.host(bytes4(nlo & 0xffffffffL));
            }
        } else if (rnd.nextBoolean()) {
            r = ConnectionRequest.host(bytes4(rnd.nextBoolean() ? near4(rnd, anchors4) : rnd.nextLong() & 0xffffffffL));
        } else {
            long[] a = rnd.nextBoolean() ? near6(rnd, anchors6) : new long[] {rnd.nextLong(), rnd.nextLong()};
            r = ConnectionRequest.host(bytes6(a[0], a[1]));
        }
        r = r.encryption(Encryption.values()[rnd.nextInt(3)]);
        String[] users = {"alice", "bob", "carol", "db1"};
        String[] dbs = {"db1", "db2", "alice", "bob", "grp", "other"};
        r = r.user(users[rnd.nextInt(users.length)]);
        if (rnd.nextInt(5) != 0) {
            r = r.database(dbs[rnd.nextInt(dbs.length)]);
        }
        int repl = rnd.nextInt(10);
        return r.replication(repl < 7 ? Replication.NONE : repl < 9 ? Replication.PHYSICAL : Replication.LOGICAL);
    }

    private static long near4(Random rnd, long[] anchors) {
        long a = anchors[rnd.nextInt(anchors.length)];
        return switch (rnd.nextInt(4)) {
            case 0 -> a;
            case 1 -> (a ^ (1L << rnd.nextInt(32))) & 0xffffffffL;
            case 2 -> (a + rnd.nextInt(512) - 256) & 0xffffffffL;
            default -> (a & ~0xffL) | rnd.nextInt(256);
        };
    }

    private static long[] near6(Random rnd, long[][] anchors) {
        long[] a = anchors[rnd.nextInt(anchors.length)];
        return switch (rnd.nextInt(4)) {
            case 0 -> a.clone();
            case 1 -> {
                int bit = rnd.nextInt(128);
                yield bit < 64 ? new long[] {a[0] ^ (1L << bit), a[1]} : new long[] {a[0], a[1] ^ (1L << (bit - 64))};
            }
            case 2 -> new long[] {a[0], a[1] + rnd.nextInt(512) - 256};
            default -> new long[] {a[0], (a[1] & ~0xffffL) | rnd.nextInt(1 << 16)};
        };
    }

    private static long mask4(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    private static long mask6hi(int prefix) {
        return prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    private static long mask6lo(int prefix) {
        return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    private static Range range4(long a, int prefix) {
        long m = mask4(prefix);
        long s = a & m;
        return new Range(false, 0, s, 0, s | (~m & 0xffffffffL));
    }

    private static Range range6(long hi, long lo, int prefix) {
        long mh = mask6hi(prefix);
        long ml = mask6lo(prefix);
        return new Range(true, hi & mh, lo & ml, (hi & mh) | ~mh, (lo & ml) | ~ml);
    }

    private static String v4(long a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    private static String v6(long hi, long lo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long w = i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4));
            sb.append(i == 0 ? "" : ":").append(Long.toHexString(w & 0xffff).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static byte[] bytes4(long a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    private static byte[] bytes6(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
