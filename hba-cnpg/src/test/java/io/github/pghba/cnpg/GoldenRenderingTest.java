package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every manifest of {@code golden/cases} for every operator release under {@code golden/}
 * and compares with the files there, which were produced by executing the operator's own template
 * strings, taken from each release tag, with Go's {@code text/template} (see the README there).
 */
class GoldenRenderingTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> versions = Files.list(GOLDEN)) {
            for (Path v : versions.sorted().toList()) {
                if (!v.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+")) {
                    continue;
                }
                try (Stream<Path> cases = Files.list(v)) {
                    for (Path c : cases.sorted().toList()) {
                        out.add(Arguments.of(v.getFileName().toString(), c.getFileName().toString()));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "operator {0}: {1}")
    @MethodSource("cases")
    void rendersAsTheOperator(String version, String name) throws IOException {
        CnpgManifest m = CnpgManifest.read(GOLDEN.resolve("cases").resolve(name + ".yaml"));
        assertThat(m.problems()).isEmpty();
        OperatorVersion v = OperatorVersion.parse(version);
        Path dir = GOLDEN.resolve(version).resolve(name);
        RenderedFiles f = CnpgRenderer.render(m.clusters().get(0), v, Map.of());
        assertThat(f.pgHba()).isEqualTo(read(dir.resolve("pg_hba.conf")));
        assertThat(f.pgIdent()).isEqualTo(read(dir.resolve("pg_ident.conf")));
        assertThat(f.hbaLines()).hasSize((int) f.pgHba().chars().filter(c -> c == '\n').count());
        for (CnpgManifest.Pooler p : m.poolers()) {
            RenderedPooler rp = CnpgRenderer.render(p, v);
            Path expected = dir.resolve("pgbouncer-pg_hba.conf");
            assertThat(rp.pgHba()).isEqualTo(Files.exists(expected) ? read(expected) : "");
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
