package io.github.pghba.testing;

import static io.github.pghba.testing.HbaAssertions.assertThat;
import static io.github.pghba.testing.Requests.host;
import static io.github.pghba.testing.Requests.local;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pghba.analysis.Lint;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The assertions, the extension and the tables on a small policy. */
@HbaPolicy(value = "classpath:pg_hba.conf", pgVersion = "16", env = "classpath:env.json")
class AssertionsTest {

    @Test
    void admitsAndRejects(Policy policy) {
        assertThat(policy).admits(host("203.0.113.7").ssl().user("app").database("appdb"))
                .withMethod("scram-sha-256").atLine(5);
        assertThat(policy).admits(host("10.1.2.3").ssl().user("postgres")).withOption("clientcert", "verify-full");
        assertThat(policy).admits(host("203.0.113.9").ssl().user("alice").database("appdb")).atLine(6);
        assertThat(policy).rejects(host("203.0.113.7").user("app").database("appdb")).byRuleAtLine(3).byRule(2)
                .withMessage("pg_hba.conf rejects connection for host \"203.0.113.7\", user \"app\", database "
                        + "\"appdb\", no encryption");
        assertThat(policy).rejects(local().user("app")).byNoMatch();
        assertThat(policy).hasNoDeadRules().passesLint();
    }

    /** An expected failure: the message explains which rules were skipped and why. */
    @Test
    void failureMessagesExplainTheDecision(Policy policy) {
        assertThatThrownBy(() -> assertThat(policy).admits(host("198.51.100.1").ssl().user("app").database("appdb")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the policy to admit")
                .hasMessageContaining("host 198.51.100.1 ssl user=app database=appdb")
                .hasMessageContaining("no rule matches")
                .hasMessageContaining("FATAL:  no pg_hba.conf entry for host \"198.51.100.1\", user \"app\", "
                        + "database \"appdb\", SSL encryption")
                .hasMessageContaining("skip (address) 198.51.100.1 is outside 203.0.113.0/24")
                .hasMessageContaining("skip (encryption) hostnossl does not match a TLS connection");
        assertThatThrownBy(() -> assertThat(policy).admits(host("203.0.113.7").ssl().user("app").database("appdb"))
                .withMethod("cert"))
                .hasMessageContaining("Expected method cert but the decision uses scram-sha-256");
        assertThatThrownBy(() -> assertThat(policy).rejects(host("203.0.113.7").ssl().user("app").database("appdb")))
                .hasMessageContaining("Expected the policy to reject")
                .hasMessageContaining("but it admits it");
    }

    @Test
    void lintAndDeadRulesFail() {
        Policy weak = Policy.compile(HbaLoader.with(LoadOptions.defaults()).parseHba("weak.conf",
                "host all all all trust\nhost app app 10.0.0.0/8 md5\n"), Environment.defaults());
        assertThatThrownBy(() -> assertThat(weak).passesLint())
                .hasMessageContaining("critical [trust-tcp]");
        assertThatThrownBy(() -> assertThat(weak).hasNoDeadRules())
                .hasMessageContaining("weak.conf:2:1: host app app 10.0.0.0/8 md5")
                .hasMessageContaining("covered by weak.conf:1:1: host all all all trust");
        assertThat(weak).hasNoFindingsAtOrAbove(Lint.Severity.CRITICAL,
                Lint.Config.defaults().withDisabled(java.util.Set.of("trust-tcp")));
    }

    @Test
    void admitsNoMoreThan(Policy policy) {
        Policy wider = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(policy.config().version()))
                .parseHba("wider.conf", "hostssl appdb app 203.0.113.0/24 scram-sha-256\n"
                        + "hostssl appdb app 198.51.100.0/24 scram-sha-256\n"), policy.environment());
        Policy narrower = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(policy.config().version()))
                .parseHba("narrower.conf", "hostssl appdb app 203.0.113.0/25 scram-sha-256\n"), policy.environment());
        assertThat(narrower).admitsNoMoreThan(wider);
        assertThatThrownBy(() -> assertThat(wider).admitsNoMoreThan(narrower))
                .hasMessageContaining("Expected wider.conf to admit no more than narrower.conf")
                .hasMessageContaining("198.51.100.0 ssl user=app database=appdb: was no match (rejected), now "
                        + "scram-sha-256");
    }

    @TestFactory
    Stream<DynamicTest> decisionTable(Policy policy) {
        return HbaTables.decisions(policy, "classpath:decisions.csv");
    }
}
