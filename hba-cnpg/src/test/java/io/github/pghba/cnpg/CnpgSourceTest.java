package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest in place of a pg_hba.conf. */
class CnpgSourceTest {
    static final Path EXAMPLES = Path.of("..", "examples", "cloudnativepg");

    @TempDir
    Path dir;

    @Test
    void evaluatesTheRenderedFilesWithTheirOwnIdentMaps() throws IOException {
        CnpgSource s = CnpgSource.load(EXAMPLES.resolve("insecure/cluster.yaml"), Optional.empty(),
                RenderOptions.defaults(), LoadOptions.defaults());
        assertThat(s.hba().loadable()).isTrue();
        assertThat(s.hba().version().major()).isEqualTo(17);
        assertThat(s.hba().path()).endsWith("cluster.yaml#pg_hba.conf");
        Policy p = Policy.compile(s.hba(), s.identMaps(), Environment.defaults());
        Decision d = p.evaluate(ConnectionRequest.host("203.0.113.9").ssl().user("mallory").database("orders"));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.MATCHED);
        assertThat(s.origin(d.rule().orElseThrow().lineNumber())).isEqualTo("the operator's catch-all");
        Decision app = p.evaluate(ConnectionRequest.host("10.10.0.7").ssl().user("orders_app").database("orders"));
        assertThat(s.origin(app.rule().orElseThrow().lineNumber())).endsWith("insecure/cluster.yaml:17");
        // the peer rule with the operator's map: the pod's OS user postgres gets in as postgres
        Decision local = p.evaluate(ConnectionRequest.local().user("postgres").database("postgres")
                .systemUser("postgres"));
        assertThat(local.identity()).hasValueSatisfying(i -> assertThat(i.admitted()).isTrue());
    }

    @Test
    void choosesTheCluster() throws IOException {
        Path two = dir.resolve("two.yaml");
        Files.writeString(two, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: a}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: b}
                spec:
                  postgresql:
                    pg_hba: [host all all all reject]
                """);
        assertThatThrownBy(() -> CnpgSource.load(two, Optional.empty(), RenderOptions.defaults(),
                LoadOptions.defaults())).hasMessageContaining("several Clusters (a, b)");
        assertThatThrownBy(() -> CnpgSource.load(two, Optional.of("c"), RenderOptions.defaults(),
                LoadOptions.defaults())).hasMessageContaining("no Cluster named c");
        CnpgSource b = CnpgSource.load(two, Optional.of("b"), RenderOptions.defaults(), LoadOptions.defaults());
        assertThat(b.files().pgHba()).contains("\nhost all all all reject\n");
    }
}
