package io.github.pghba.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lint check, with files that must and must not trigger it. */
class LintTableTest {
    static final Environment ENV = Environment.defaults()
            .withRoles(RoleGraph.builder().superuser("postgres").superuser("dba").role("app").grant("grp", "app").build());

    static Stream<Arguments> cases() {
        return Stream.of(
                // check, line that must be reported (0 = none), file
                Arguments.of("trust-tcp", 1, "host all all 10.0.0.0/8 trust\n"),
                Arguments.of("trust-tcp", 0, "local all all trust\nhost all all 10.0.0.0/8 scram-sha-256\n"),
                Arguments.of("trust-tcp", 0, "host all all all reject\nhost all all 10.0.0.0/8 trust\n"),
                Arguments.of("trust-local-all", 1, "local all all trust\n"),
                Arguments.of("trust-local-all", 0, "local all app trust\nlocal all all peer\n"),
                Arguments.of("cleartext-password", 1, "host all all all password\n"),
                Arguments.of("cleartext-password", 0, "hostssl all all all password\n"),
                Arguments.of("cleartext-password", 0, "hostnossl all all all reject\nhost all all all password\n"),
                Arguments.of("unencrypted-tcp", 2, "local all all peer\nhost app app all scram-sha-256\n"),
                Arguments.of("unencrypted-tcp", 0, "hostssl app app all scram-sha-256\n"),
                Arguments.of("unencrypted-tcp", 0, "hostnossl all all all reject\nhost app app all scram-sha-256\n"),
                Arguments.of("superuser-without-cert", 1, "hostssl all dba 10.0.0.0/8 scram-sha-256\n"),
                Arguments.of("superuser-without-cert", 1, "hostssl all all 10.0.0.0/8 scram-sha-256\n"),
                Arguments.of("superuser-without-cert", 0,
                        "hostssl all postgres,dba 10.0.0.0/8 scram-sha-256 clientcert=verify-full\n"
                                + "hostssl all all 10.0.0.0/8 scram-sha-256\n"),
                Arguments.of("superuser-without-cert", 0, "local all all peer\nhostssl app app all scram-sha-256\n"),
                Arguments.of("broad-network-password", 1, "hostssl all postgres 0.0.0.0/0 scram-sha-256\n"),
                Arguments.of("broad-network-password", 0, "hostssl all postgres 10.1.0.0/16 scram-sha-256\n"),
                Arguments.of("broad-network-password", 0, "hostssl all app all scram-sha-256\n"),
                Arguments.of("catch-all-allow", 2,
                        "hostssl app app 10.0.0.0/8 scram-sha-256\nhost all all all scram-sha-256\n"),
                Arguments.of("catch-all-allow", 0, "hostssl app app 10.0.0.0/8 scram-sha-256\n"
                        + "host all all all reject\nhost all all all scram-sha-256\n"),
                Arguments.of("catch-all-allow", 0, "local all all peer\nhost all all all scram-sha-256\n"),
                Arguments.of("gss-encryption-fallthrough", 1,
                        "hostssl all all all gss include_realm=0\nhost all all all scram-sha-256\n"),
                Arguments.of("gss-encryption-fallthrough", 0,
                        "hostssl all all all gss include_realm=0\nhostgssenc all all all gss include_realm=0\n"
                                + "host all all all scram-sha-256\n"),
                Arguments.of("md5", 1, "hostssl all app all md5\n"),
                Arguments.of("md5", 0, "hostssl all app all scram-sha-256\n"),
                Arguments.of("ident-tcp", 1, "hostssl all app 10.0.0.0/8 ident\n"),
                Arguments.of("ident-tcp", 0, "local all app ident\n"),
                Arguments.of("ldap-without-tls", 1, "hostssl all app all ldap ldapserver=h ldapbasedn=dc=x\n"),
                Arguments.of("ldap-without-tls", 0, "hostssl all app all ldap ldapserver=h ldapbasedn=dc=x ldaptls=1\n"),
                Arguments.of("missing-ident-map", 1, "local all all peer map=nosuch\n"),
                Arguments.of("missing-ident-map", 0, "local all all peer map=m\n"),
                Arguments.of("regex-unanchored", 1, "hostssl /app all all scram-sha-256\n"),
                Arguments.of("regex-unanchored", 0, "hostssl /^app$ all all scram-sha-256\n"),
                Arguments.of("dead-rule", 2, "host all all all reject\nhost app app 10.0.0.0/8 scram-sha-256\n"),
                Arguments.of("dead-rule", 1, "host all all nosuch.example scram-sha-256\nlocal all all peer\n"),
                Arguments.of("dead-rule", 0, "host app app 10.0.0.0/8 scram-sha-256\nhost all all all reject\n"),
                Arguments.of("shadowed-rule", 2, "hostssl all app 10.0.0.0/8 cert\nhostssl all all all scram-sha-256\n"),
                Arguments.of("shadowed-rule", 0, "hostssl all app 10.0.0.0/8 cert\nhostssl all bob all scram-sha-256\n"));
    }

    @ParameterizedTest(name = "{0} line {1}: {2}")
    @MethodSource("cases")
    void check(String id, int line, String text) {
        Policy policy = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))
                .withBuild(BuildFeatures.TYPICAL_LINUX)).parseHba("/l/pg_hba.conf", text), ENV);
        assertThat(policy.config().loadable()).as("%s", policy.config().diagnostics()).isTrue();
        IdentMaps maps = IdentMaps.of(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16)))
                .parseIdent("/l/pg_ident.conf", "m root postgres\n"));
        List<Lint.Finding> findings = Lint.run(policy, Lint.Config.defaults().withIdentMaps(maps));
        List<Integer> lines = findings.stream().filter(f -> f.check().equals(id)).map(f -> f.rule().lineNumber())
                .toList();
        if (line == 0) {
            assertThat(lines).as("findings %s", findings).isEmpty();
        } else {
            assertThat(lines).as("findings %s", findings).containsExactly(line);
        }
        if (!findings.isEmpty()) {
            assertThat(findings.get(0).format()).contains("/l/pg_hba.conf:").contains("why: ").contains("fix: ");
        }
        // a disabled check never reports
        assertThat(Lint.run(policy, Lint.Config.defaults().withIdentMaps(maps).withDisabled(Set.of(id))))
                .noneMatch(f -> f.check().equals(id));
    }
}
