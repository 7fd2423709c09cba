package io.github.pghba.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compiled matcher and the reference interpreter give the same decision for every request:
 * seeded random policies × random requests ({@code -Dpghba.seed=S} replays; the seed and a minimal
 * reproduction are printed on failure).
 */
class EnginesAgreeTest {
    private static final String[] TYPES = {"local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"};
    private static final String[] DBS = {"all", "all", "all", "\"all\"", "sameuser", "samerole", "samegroup", "replication",
        "\"replication\"", "db1", "db2", "alice", "grp", "/^db", "\"/1$\"", "/(?i)DB2", "@dbs", "Db1", "al\"l\""};
    private static final String[] USERS = {"all", "all", "all", "\"all\"", "alice", "bob", "carol", "+grp", "\"+grp\"", "+admins",
        "+", "/^a", "/o", "+nosuch", "root", "Alice", "@users"};
    private static final String[] ADDRS = {"all", "all", "127.0.0.0/8", "samehost", "samenet", "\"samehost\"", "127.0.0.1/32", "127.0.0.0/8",
        "10/8", "127.1/32", "192.0.2.0/24", "192.0.2.0 255.255.255.0", "127.0.0.0 255.0.255.0", "0.0.0.0/0", "::/0",
        "::1/128", "2001:db8::/32", "::ffff:127.0.0.1/128", "host.example.com", ".example.com", "other.example",
        "127.0.0.99/24", "203.0.113.0/25"};
    private static final String[] CLIENTS = {"127.0.0.1", "127.0.0.2", "10.1.2.3", "0.0.0.10", "192.0.2.7",
        "203.0.113.9", "203.0.113.200", "::1", "2001:db8::5", "::2", "198.51.100.1"};

    @Test
    void compiledAndReferenceAgree() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        int total = Integer.getInteger("pghba.fuzz.count", 100_000);
        int perPolicy = 50;
        Random rnd = new Random(seed);
        RoleGraph roles = RoleGraph.builder().role("alice").role("bob").superuser("root").role("carol")
                .grant("grp", "alice").grant("admins", "grp").grant("db1", "bob").role("db2").build();
        HostResolver hosts = HostResolver.hostsFile("192.0.2.7 host.example.com alias.example\n"
                + "203.0.113.9 a.example.com\n127.0.0.1 localhost\n2001:db8::5 six.example.com\n"
                + "198.51.100.1 host.example.com\n");
        Environment env = Environment.defaults().withRoles(roles).withResolver(hosts)
                .withInterfaces(List.of(ServerInterface.of("127.0.0.1", 8), ServerInterface.of("::1", 128),
                        ServerInterface.of("192.0.2.1", 24)));
        Map<String, byte[]> files = Map.of("/p/dbs", "db2 \"all\"\n/x\n".getBytes(),
                "/p/users", "bob +grp\n".getBytes());
        Map<Decision.Outcome, Integer> seen = new java.util.EnumMap<>(Decision.Outcome.class);
        for (int n = 0; n < total / perPolicy; n++) {
            PgVersion version = PgVersion.of(13 + rnd.nextInt(6));
            BuildFeatures build = rnd.nextBoolean() ? BuildFeatures.TYPICAL_LINUX : BuildFeatures.SSL_ONLY;
            String text = policy(rnd);
            HbaConfig config = HbaLoader.with(LoadOptions.defaults().withVersion(version).withBuild(build)
                    .withFiles(FileSource.inMemory(files))).parseHba("/p/pg_hba.conf", text);
            Policy policy = Policy.compile(config, env);
            for (int k = 0; k < perPolicy; k++) {
                ConnectionRequest r = request(rnd);
                Decision fast = policy.evaluate(r);
                Decision ref = policy.evaluateReference(r);
                Decision explained = policy.explain(r);
                seen.merge(fast.outcome(), 1, Integer::sum);
                if (!same(fast, ref) || !same(ref, explained) || policy.match(r) != index(policy, ref)) {
                    throw new AssertionError("engines disagree (-Dpghba.seed=" + seed + ") on PostgreSQL " + version
                            + " build " + build + "\nrequest: " + r + "\npolicy:\n" + text + "\ncompiled: "
                            + fast.format() + "\nreference: " + explained.format());
                }
            }
        }
        // the generator must reach every outcome often enough for the comparison to mean something
        int runs = total / perPolicy * perPolicy;
        System.out.println("EnginesAgreeTest outcomes: " + seen);
        assertThat(seen.getOrDefault(Decision.Outcome.MATCHED, 0)).isGreaterThan(runs / 20);
        assertThat(seen.getOrDefault(Decision.Outcome.REJECTED, 0)).isGreaterThan(runs / 50);
        assertThat(seen.getOrDefault(Decision.Outcome.NO_MATCH, 0)).isGreaterThan(runs / 20);
        assertThat(seen.getOrDefault(Decision.Outcome.INVALID_FILE, 0)).isGreaterThan(0);
    }

    private static int index(Policy p, Decision d) {
        return d.rule().map(r -> p.rules().indexOf(r)).orElse(-1);
    }

    private static boolean same(Decision a, Decision b) {
        return a.outcome() == b.outcome() && a.rule().equals(b.rule()) && a.ruleNumber() == b.ruleNumber()
                && a.message().equals(b.message());
    }

    private static String policy(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(12);
        if (rnd.nextInt(100) == 0) {
            sb.append("local all all bogus\n");
        }
        for (int i = 0; i < n; i++) {
            String type = TYPES[rnd.nextInt(TYPES.length)];
            sb.append(type).append(' ').append(list(rnd, DBS)).append(' ').append(list(rnd, USERS)).append(' ');
            if (!type.equals("local")) {
                sb.append(rnd.nextInt(3) == 0 ? "all" : ADDRS[rnd.nextInt(ADDRS.length)]).append(' ');
            }
            int m = rnd.nextInt(40);
            sb.append(m < 10 ? "reject" : m == 0 ? "bogus" : "trust").append('\n');
        }
        return sb.toString();
    }

    private static String list(Random rnd, String[] vocab) {
        int k = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k; i++) {
            sb.append(i == 0 ? "" : ",").append(rnd.nextInt(3) == 0 ? "all" : vocab[rnd.nextInt(vocab.length)]);
        }
        return sb.toString();
    }

    private static ConnectionRequest request(Random rnd) {
        ConnectionRequest r = rnd.nextInt(4) == 0 ? ConnectionRequest.local()
                : ConnectionRequest.host(CLIENTS[rnd.nextInt(CLIENTS.length)])
                        .encryption(Encryption.values()[rnd.nextInt(3)]);
        String[] users = {"alice", "bob", "carol", "root", "nosuch", "grp", "Alice", "db1"};
        String[] dbs = {"db1", "db2", "alice", "grp", "all", "replication", "/x", "xdb2", "DB2", "admins"};
        r = r.user(users[rnd.nextInt(users.length)]);
        if (rnd.nextInt(5) != 0) {
            r = r.database(dbs[rnd.nextInt(dbs.length)]);
        }
        int repl = rnd.nextInt(10);
        return r.replication(repl < 7 ? Replication.NONE : repl < 9 ? Replication.PHYSICAL : Replication.LOGICAL);
    }
}
