package io.github.pghba.examples;

import static io.github.pghba.testing.HbaAssertions.assertThat;
import static io.github.pghba.testing.Requests.host;
import static io.github.pghba.testing.Requests.local;

import io.github.pghba.eval.Policy;
import io.github.pghba.testing.HbaPolicy;
import io.github.pghba.testing.HbaTables;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * How a team tests its pg_hba.conf in CI: the hardening guide's (corrected) policy, loaded once for
 * the class, with assertions and a table of expected decisions. Copy this class and the CSV.
 */
@HbaPolicy(value = "files/hardening-guide/pg_hba.fixed.conf", pgVersion = "16")
class HardeningGuidePolicyTest {

    @Test
    void superuserNeedsPasswordAndCertificateOverTcp(Policy policy) {
        assertThat(policy).admits(host("10.0.0.9").ssl().user("postgres").database("postgres"))
                .withMethod("scram-sha-256").withOption("clientcert", "verify-full").atLine(13);
        assertThat(policy).rejects(host("10.0.0.9").user("postgres")).byRuleAtLine(10);
    }

    @Test
    void appUserOnlyReachesItsDatabase(Policy policy) {
        assertThat(policy).admits(host("203.0.113.7").ssl().user("secret_share_app_rw_user")
                .database("secret_share_app_db")).withMethod("scram-sha-256");
        assertThat(policy).rejects(host("203.0.113.7").ssl().user("secret_share_app_rw_user").database("postgres"))
                .byNoMatch();
        assertThat(policy).admits(local().user("secret_share_app_rw_user")).withMethod("peer")
                .withOption("map", "local");
    }

    @Test
    void theFileIsClean(Policy policy) {
        assertThat(policy).hasNoDeadRules().passesLint();
    }

    @TestFactory
    Stream<DynamicTest> expectedDecisions(Policy policy) {
        return HbaTables.decisions(policy, "files/hardening-guide/decisions.csv");
    }
}
