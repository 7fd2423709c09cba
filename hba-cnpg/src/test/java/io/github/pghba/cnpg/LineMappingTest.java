package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.cnpg.RenderedLine.Origin;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every rendered line knows where it came from. */
class LineMappingTest {

    static final String YAML = """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata:
              name: m
            spec:
              imageName: ghcr.io/cloudnative-pg/postgresql:16.4
              podSelectorRefs:
                - name: web
                  selector: {matchLabels: {app: web}}
              postgresql:
                pg_hba:
                  - hostssl app app 10.0.0.0/8 scram-sha-256
                  - |-
                    host all all 10.1.0.0/16 scram-sha-256
                    host all all 10.2.0.0/16 scram-sha-256
                  - hostssl app web ${podselector:web} scram-sha-256
                pg_ident:
                  - m alice app
                ldap:
                  server: ldap.example.com
                  bindAsAuth: {prefix: 'uid=', suffix: ',dc=example'}
            """;

    @Test
    void mapsRenderedLinesToTheManifest() {
        CnpgManifest m = CnpgManifest.parse("m.yaml", YAML);
        RenderedFiles f = CnpgRenderer.render(m.clusters().get(0), OperatorVersion.parse("1.30"),
                Map.of("web", List.of("10.3.0.2", "10.3.0.1")));
        String[] lines = f.pgHba().split("\n", -1);
        assertThat(f.hbaLines()).hasSize(lines.length - 1);
        for (RenderedLine l : f.hbaLines()) {
            assertThat(l.text()).isEqualTo(lines[l.number() - 1]);
        }
        assertThat(line(f, "hostssl app app 10.0.0.0/8 scram-sha-256")).satisfies(l -> {
            assertThat(l.origin()).isEqualTo(Origin.USER);
            assertThat(l.entry()).hasValue(0);
            assertThat(l.yamlLine()).hasValue(12);
        });
        // a literal block: one rendered line per line of the block
        assertThat(line(f, "host all all 10.1.0.0/16 scram-sha-256").yamlLine()).hasValue(14);
        assertThat(line(f, "host all all 10.2.0.0/16 scram-sha-256").yamlLine()).hasValue(15);
        assertThat(line(f, "host all all 10.2.0.0/16 scram-sha-256").entry()).hasValue(1);
        // one line per pod, sorted as the operator stores them
        RenderedLine first = line(f, "hostssl app web 10.3.0.1/32 scram-sha-256");
        RenderedLine second = line(f, "hostssl app web 10.3.0.2/32 scram-sha-256");
        assertThat(first.number()).isLessThan(second.number());
        assertThat(first.yamlLine()).hasValue(16);
        assertThat(second.yamlLine()).hasValue(16);
        assertThat(line(f, "host all all all scram-sha-256").origin()).isEqualTo(Origin.DEFAULT);
        assertThat(line(f, "local all all peer map=local").origin()).isEqualTo(Origin.OPERATOR);
        RenderedLine ldap = f.hbaLines().stream().filter(l -> l.text().contains(" ldap ")).findFirst().orElseThrow();
        assertThat(ldap.origin()).isEqualTo(Origin.LDAP);
        assertThat(ldap.yamlLine()).hasValue(19);
        assertThat(f.yamlLineOfHba(first.number())).hasValue(16);
        assertThat(f.yamlLineOfHba(1)).isEqualTo(OptionalInt.empty());
        RenderedLine ident = f.identLines().stream().filter(l -> l.text().equals("m alice app")).findFirst()
                .orElseThrow();
        assertThat(ident.origin()).isEqualTo(Origin.USER);
        assertThat(f.yamlLineOfIdent(ident.number())).hasValue(18);
    }

    @Test
    void pgVersionComesFromTheImageThenTheOptionThenTheDefaultImage() {
        CnpgManifest m = CnpgManifest.parse("m.yaml", YAML);
        RenderedFiles f = CnpgRenderer.render(m.clusters().get(0), RenderOptions.defaults()
                .withPgVersion(io.github.pghba.check.PgVersion.of(13)));
        assertThat(f.pgMajor()).isEqualTo(16);
        assertThat(f.pgVersion()).hasValue(io.github.pghba.check.PgVersion.of(16, 4));
        assertThat(f.notes()).anyMatch(n -> n.contains("wins over"));
        CnpgManifest bare = CnpgManifest.parse("b.yaml", """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: b}
                spec: {instances: 1}
                """);
        RenderedFiles g = CnpgRenderer.render(bare.clusters().get(0), RenderOptions.defaults()
                .withPgVersion(io.github.pghba.check.PgVersion.of(13)));
        assertThat(g.pgMajor()).isEqualTo(13);
        assertThat(g.defaultMethod()).isEqualTo("md5");
        RenderedFiles h = CnpgRenderer.render(bare.clusters().get(0), RenderOptions.defaults()
                .withOperator(OperatorVersion.parse("1.27.0")));
        assertThat(h.pgMajor()).isEqualTo(17);
        assertThat(h.pgVersionSource()).contains("default image");
        RenderedFiles old = CnpgRenderer.render(bare.clusters().get(0), RenderOptions.defaults()
                .withOperator(OperatorVersion.parse("1.9.2")).withPgVersion(io.github.pghba.check.PgVersion.of(14)));
        assertThat(old.defaultMethod()).isEqualTo("md5");
    }

    @Test
    void insecureFallbackUser() {
        CnpgManifest m = CnpgManifest.parse("m.yaml", YAML);
        RenderedFiles f = CnpgRenderer.render(m.clusters().get(0), RenderOptions.defaults().withOsUser("/"));
        assertThat(f.pgIdent()).contains("\nlocal / postgres\n").contains("\ncnpg_metrics_exporter / cnpg_metrics_exporter\n");
    }

    private static RenderedLine line(RenderedFiles f, String text) {
        return f.hbaLines().stream().filter(l -> l.text().equals(text)).findFirst().orElseThrow();
    }
}
