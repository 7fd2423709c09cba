package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Re-renders and re-reviews every example of {@code examples/cloudnativepg} and compares with the
 * files checked in beside it ({@code rendered/}, {@code review.txt}, which is what
 * {@code ./pghba cnpg review} prints from the repository root). Run with
 * {@code -Dpghba.cnpg.update=true} to rewrite them after a deliberate change.
 */
class ExamplesTest {
    static final Path ROOT = Path.of("..");
    static final boolean UPDATE = Boolean.getBoolean("pghba.cnpg.update");

    @ParameterizedTest
    @ValueSource(strings = {"hardening-guide/cluster.yaml", "hardened/cluster.yaml", "insecure/cluster.yaml",
        "pooler/pooler.yaml"})
    void renderingAndReviewMatchTheCheckedInFiles(String example) throws IOException {
        String source = "examples/cloudnativepg/" + example;
        Path file = ROOT.resolve(source);
        Path dir = file.getParent();
        CnpgManifest m = CnpgManifest.parse(source, Files.readString(file, StandardCharsets.UTF_8));
        assertThat(m.problems()).isEmpty();
        for (CnpgManifest.Cluster c : m.clusters()) {
            RenderedFiles f = CnpgRenderer.render(c, OperatorVersion.DEFAULT, Map.of());
            Path out = dir.resolve("rendered").resolve("cluster-" + c.name());
            check(out.resolve("pg_hba.conf"), f.pgHba());
            check(out.resolve("pg_ident.conf"), f.pgIdent());
        }
        for (CnpgManifest.Pooler p : m.poolers()) {
            check(dir.resolve("rendered").resolve("pooler-" + p.name()).resolve("pg_hba.conf"),
                    CnpgRenderer.render(p, OperatorVersion.DEFAULT).pgHba());
        }
        check(dir.resolve("review.txt"), CnpgReview.review(m, RenderOptions.defaults()).format());
    }

    private static void check(Path expected, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as(expected.toString()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }
}
