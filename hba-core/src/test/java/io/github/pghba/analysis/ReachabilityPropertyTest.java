package io.github.pghba.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.HbaRule;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Regions agree with evaluation: every region's requests evaluate to the region's rule, and every
 * sampled request falls in a region with its decision. Seeded ({@code -Dpghba.seed=S}).
 */
class ReachabilityPropertyTest {
    static final String[] TYPES = {"local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"};
    static final String[] DBS = {"db1", "db2", "\"all\"", "sameuser", "samerole", "replication", "grp", "alice"};
    static final String[] USERS = {"alice", "bob", "+grp", "+admins", "\"+grp\"", "carol", "root"};
    static final String[] ADDRS = {"samehost", "samenet", "127.0.0.1/32", "127.0.0.0/8", "10/8", "192.0.2.0/24",
        "192.0.2.128/25", "192.0.2.0 255.255.0.255", "0.0.0.0/0", "::/0", "::1/128", "2001:db8::/32",
        "::ffff:127.0.0.1/128", "host.example.com", ".example.com", "203.0.113.0/25"};
    static final String[] CLIENTS = {"127.0.0.1", "127.0.0.2", "10.1.2.3", "0.0.0.10", "192.0.2.7", "192.0.2.200",
        "192.0.9.7", "203.0.113.9", "203.0.113.200", "::1", "2001:db8::5", "::2", "198.51.100.1", "255.255.255.255"};
    static final String[] USER_NAMES = {"alice", "bob", "carol", "root", "grp", "db1", "zed", "+grp"};
    static final String[] DB_NAMES = {"db1", "db2", "alice", "grp", "all", "replication", "zed", "admins", "bob"};

    static final Environment ENV = Environment.defaults()
            .withRoles(RoleGraph.builder().role("alice").role("bob").superuser("root").grant("grp", "alice")
                    .grant("admins", "grp").build())
            .withResolver(HostResolver.hostsFile("192.0.2.7 host.example.com\n203.0.113.9 a.example.com\n"
                    + "198.51.100.1 host.example.com\n127.0.0.1 localhost\n"))
            .withInterfaces(List.of(ServerInterface.of("127.0.0.1", 8), ServerInterface.of("::1", 128),
                    ServerInterface.of("192.0.2.1", 24)));

    static String policyText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(10);
        for (int i = 0; i < n; i++) {
            String type = TYPES[rnd.nextInt(TYPES.length)];
            sb.append(type).append(' ').append(pick(rnd, DBS)).append(' ').append(pick(rnd, USERS)).append(' ');
            if (!type.equals("local")) {
                sb.append(rnd.nextInt(3) == 0 ? "all" : ADDRS[rnd.nextInt(ADDRS.length)]).append(' ');
            }
            int m = rnd.nextInt(10);
            sb.append(m < 3 ? "reject" : m < 6 ? "trust" : m < 8 ? "md5" : "scram-sha-256").append('\n');
        }
        return sb.toString();
    }

    static String pick(Random rnd, String[] vocab) {
        if (rnd.nextInt(3) == 0) {
            return "all";
        }
        String s = vocab[rnd.nextInt(vocab.length)];
        return rnd.nextInt(4) == 0 ? s + "," + vocab[rnd.nextInt(vocab.length)] : s;
    }

    static Policy policy(Random rnd, String text) {
        PgVersion v = PgVersion.of(13 + rnd.nextInt(6));
        BuildFeatures b = rnd.nextBoolean() ? BuildFeatures.TYPICAL_LINUX : BuildFeatures.SSL_ONLY;
        return Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(v).withBuild(b))
                .parseHba("/p/pg_hba.conf", text), ENV);
    }

    static ConnectionRequest request(Random rnd) {
        ConnectionRequest r = rnd.nextInt(4) == 0 ? ConnectionRequest.local()
                : ConnectionRequest.host(CLIENTS[rnd.nextInt(CLIENTS.length)]).encryption(Encryption.values()[rnd.nextInt(3)]);
        r = r.user(USER_NAMES[rnd.nextInt(USER_NAMES.length)]);
        if (rnd.nextInt(4) != 0) {
            r = r.database(DB_NAMES[rnd.nextInt(DB_NAMES.length)]);
        }
        int repl = rnd.nextInt(10);
        return r.replication(repl < 7 ? Replication.NONE : repl < 9 ? Replication.PHYSICAL : Replication.LOGICAL);
    }

    static int index(Policy p, Decision d) {
        Optional<HbaRule> rule = d.rule();
        if (rule.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < p.rules().size(); i++) {
            if (p.rules().get(i) == rule.get()) {
                return i;
            }
        }
        throw new AssertionError("rule not in policy");
    }

    @Test
    void regionsAgreeWithEvaluation() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int n = 0; n < 400; n++) {
            String text = policyText(rnd);
            Policy policy = policy(rnd, text);
            if (!policy.config().loadable()) {
                continue;
            }
            Reachability reach = Reachability.of(policy);
            String context = "(-Dpghba.seed=" + seed + ") policy on " + policy.config().version() + ":\n" + text;
            assertThat(reach.exact()).as("exact: %s %s", reach.approximations(), context).isTrue();
            for (Region region : reach.regions()) {
                int na = Math.max(1, region.addresses().size());
                for (int a = 0; a < Math.min(na, 3); a++) {
                    for (int k = 0; k < Math.min(region.names().size(), 6); k++) {
                        int ni = rnd.nextInt(region.names().size());
                        ConnectionRequest r = region.request(region.addresses().isEmpty() ? 0 : rnd.nextInt(na), ni);
                        assertThat(index(policy, policy.evaluate(r))).as("region example %s %s", r, context)
                                .isEqualTo(region.ruleIndex());
                    }
                }
            }
            for (int k = 0; k < 200; k++) {
                ConnectionRequest r = request(rnd);
                Optional<Region> region = reach.regionOf(r);
                assertThat(region).as("region of %s %s", r, context).isPresent();
                assertThat(region.get().ruleIndex()).as("region of %s %s", r, context)
                        .isEqualTo(index(policy, policy.evaluate(r)));
            }
            for (RuleReach rr : reach.rules()) {
                assertThat(rr.dead()).isEqualTo(reach.regionsOf(rr.index()).isEmpty());
            }
        }
    }

    @Test
    void diffFindsEveryChangedDecision() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int n = 0; n < 200; n++) {
            String a = policyText(rnd);
            String b = rnd.nextInt(5) == 0 ? a : policyText(rnd);
            Policy pa = policy(new Random(n), a);
            Policy pb = Policy.compile(HbaLoader.with(pa.config().options()).parseHba("/p/pg_hba.conf", b), ENV);
            if (!pa.config().loadable() || !pb.config().loadable()) {
                continue;
            }
            PolicyDiff diff = PolicyDiff.between(pa, pb, false);
            String context = "(-Dpghba.seed=" + seed + ")\nbefore:\n" + a + "after:\n" + b;
            if (a.equals(b)) {
                assertThat(diff.same()).as(context).isTrue();
            }
            for (PolicyDiff.Change c : diff.changes()) {
                assertThat(index(pa, pa.evaluate(c.example()))).as(context)
                        .isEqualTo(c.before().map(r -> pa.rules().indexOf(r)).orElse(-1));
                assertThat(index(pb, pb.evaluate(c.example()))).as(context)
                        .isEqualTo(c.after().map(r -> pb.rules().indexOf(r)).orElse(-1));
            }
            for (int k = 0; k < 100; k++) {
                ConnectionRequest r = request(rnd);
                Decision x = pa.evaluate(r);
                Decision y = pb.evaluate(r);
                boolean refusedBoth = x.outcome() != Decision.Outcome.MATCHED && y.outcome() != Decision.Outcome.MATCHED;
                boolean differs = !refusedBoth && (x.method().equals(y.method())
                        ? !x.settings().map(s -> s.viewOptions()).equals(y.settings().map(s -> s.viewOptions()))
                        : true);
                if (differs) {
                    assertThat(diff.changes()).as("a change for %s %s", r, context).anySatisfy(c -> {
                        assertThat(c.before()).isEqualTo(x.rule());
                        assertThat(c.after()).isEqualTo(y.rule());
                    });
                }
            }
        }
    }
}
