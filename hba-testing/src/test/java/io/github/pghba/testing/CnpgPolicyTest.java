package io.github.pghba.testing;

import static io.github.pghba.testing.HbaAssertions.assertThat;
import static io.github.pghba.testing.Requests.host;
import static io.github.pghba.testing.Requests.local;

import io.github.pghba.eval.Policy;
import org.junit.jupiter.api.Test;

/** A CloudNativePG manifest in place of a pg_hba.conf: the operator's fixed rules and catch-all are tested too. */
@HbaPolicy(cnpg = "../examples/cloudnativepg/hardened/cluster.yaml")
class CnpgPolicyTest {

    @Test
    void theOperatorsRulesAreThere(Policy policy) {
        assertThat(policy).admits(local().user("postgres").systemUser("postgres")).withMethod("peer")
                .withOption("map", "local");
        assertThat(policy).admits(host("10.0.0.5").ssl().user("streaming_replica").replication()).withMethod("cert");
        assertThat(policy).rejects(host("10.0.0.5").user("app").database("app"));
    }
}
