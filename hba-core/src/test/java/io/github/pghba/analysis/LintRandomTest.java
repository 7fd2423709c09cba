package io.github.pghba.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Lint} over the grouped tables against {@link RegionLint}, the same checks over {@link Region}
 * objects, on small random files: every finding equal (check, severity, rule, message with its role
 * list and target rule, rationale, fix) and in the same order. Seeded: {@code -Dpghba.seed=S} repeats
 * a failure.
 */
class LintRandomTest {
    static final String[] TYPES = {"local", "host", "hostssl", "hostssl", "hostnossl", "hostgssenc"};
    static final String[] DBS = {"db1", "alice", "grp", "postgres", "sameuser", "samerole", "all", "all",
        "\"/^a\"", "/b", "replication", "bob"};
    static final String[] USERS = {"alice", "bob", "postgres", "root", "dba", "+grp", "+admins", "all", "all",
        "\"/^a\"", "/o", "grp"};
    static final String[] ADDRS = {"all", "all", "0.0.0.0/0", "samenet", "samehost", "127.0.0.1/32", "10.0.0.0/8",
        "10.1.0.0/16", "::1/128", "::/0", "10.0.0.0 255.0.0.0"};
    static final String[] METHODS = {"trust", "reject", "reject", "md5", "password", "scram-sha-256",
        "scram-sha-256 clientcert=verify-full", "cert", "gss include_realm=0", "ident", "peer", "peer map=m",
        "ldap ldapserver=h ldapbasedn=dc=x", "ldap ldapserver=h ldapbasedn=dc=x ldaptls=1", "ident map=nosuch"};
    static final Environment ENV = Environment.defaults()
            .withRoles(RoleGraph.builder().role("alice").role("bob").superuser("root").superuser("dba")
                    .grant("grp", "alice").grant("grp", "bob").grant("admins", "grp").grant("admins", "root").build())
            .withResolver(HostResolver.none())
            .withInterfaces(List.of(ServerInterface.of("127.0.0.1", 8), ServerInterface.of("::1", 128)));

    @Test
    void groupedLintEqualsRegionLint() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        Random rnd = new Random(seed);
        int compared = 0;
        int findings = 0;
        for (int iter = 0; iter < 400; iter++) {
            LoadOptions options = LoadOptions.defaults().withVersion(PgVersion.of(13 + rnd.nextInt(6)))
                    .withBuild(rnd.nextBoolean() ? BuildFeatures.TYPICAL_LINUX : BuildFeatures.SSL_ONLY);
            String text = file(rnd);
            Policy policy = Policy.compile(HbaLoader.with(options).parseHba("/p/pg_hba.conf", text), ENV);
            if (!policy.config().loadable()) {
                continue;
            }
            Lint.Config config = Lint.Config.defaults()
                    .withAdminRoles(rnd.nextBoolean() ? Set.of("postgres") : Set.of("postgres", "alice"));
            if (rnd.nextBoolean()) {
                config = config.withIdentMaps(IdentMaps.of(HbaLoader.with(options)
                        .parseIdent("/p/pg_ident.conf", "m root postgres\n")));
            }
            if (rnd.nextInt(4) == 0) {
                config = config.withDisabled(Set.of(Lint.CHECKS.get(rnd.nextInt(Lint.CHECKS.size())).id()));
            }
            List<Lint.Finding> expected = RegionLint.run(policy, config);
            List<Lint.Finding> actual = Lint.run(policy, config);
            assertThat(actual).as("(-Dpghba.seed=%d) %s, %s\n%s", seed, options.version(), config, text)
                    .isEqualTo(expected);
            compared++;
            findings += expected.size();
        }
        assertThat(compared).as("(-Dpghba.seed=%d) loadable files", seed).isGreaterThan(100);
        assertThat(findings).as("(-Dpghba.seed=%d) findings", seed).isGreaterThan(compared);
    }

    static String file(Random rnd) {
        List<String> lines = new ArrayList<>();
        int n = 1 + rnd.nextInt(9);
        for (int i = 0; i < n; i++) {
            String type = TYPES[rnd.nextInt(TYPES.length)];
            StringBuilder sb = new StringBuilder(type).append(' ').append(field(rnd, DBS)).append(' ')
                    .append(field(rnd, USERS)).append(' ');
            if (!type.equals("local")) {
                sb.append(ADDRS[rnd.nextInt(ADDRS.length)]).append(' ');
            }
            String method = METHODS[rnd.nextInt(METHODS.length)];
            // keep most files loadable: methods a connection type does not allow fall back to md5
            if (type.equals("local") && (method.startsWith("cert") || method.startsWith("gss")
                    || method.contains("clientcert"))
                    || !type.equals("local") && method.startsWith("peer")
                    || !type.equals("hostssl") && (method.startsWith("cert") || method.contains("clientcert"))) {
                method = rnd.nextBoolean() ? "md5" : "trust";
            }
            lines.add(sb.append(method).toString());
        }
        return String.join("\n", lines) + "\n";
    }

    static String field(Random rnd, String[] vocab) {
        StringBuilder sb = new StringBuilder(vocab[rnd.nextInt(vocab.length)]);
        while (rnd.nextInt(3) == 0) {
            sb.append(',').append(vocab[rnd.nextInt(vocab.length)]);
        }
        return sb.toString();
    }
}
