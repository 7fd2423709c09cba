package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading manifests: documents, kinds, line numbers, YAML types. */
class ManifestTest {

    static final String MULTI = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: app
            stringData:
              password: x
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata:
              name: one
              namespace: db
            spec:
              imageName: ghcr.io/cloudnative-pg/postgresql:16.4
              enableSuperuserAccess: true
              postgresql:
                parameters:
                  max_connections: "200"
                  unix_socket_permissions: 0700
                  ssl: on
                pg_hba:
                  - hostssl app app 10.0.0.0/8 scram-sha-256
                  - "host all all 0.0.0.0/0 reject"
                pg_ident:
                  - m alice app
            ---
            # a comment-only document
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Pooler
            metadata:
              name: one-rw
            spec:
              cluster:
                name: one
              pgbouncer:
                pg_hba:
                  - hostssl all all 0.0.0.0/0 md5
            """;

    @Test
    void readsEveryCnpgDocumentWithLines() {
        CnpgManifest m = CnpgManifest.parse("m.yaml", MULTI);
        assertThat(m.problems()).isEmpty();
        assertThat(m.documents()).isEqualTo(4);
        assertThat(m.clusters()).hasSize(1);
        CnpgManifest.Cluster c = m.clusters().get(0);
        assertThat(c.name()).isEqualTo("one");
        assertThat(c.namespace()).isEqualTo("db");
        assertThat(c.line()).isEqualTo(9);
        assertThat(c.imageName()).hasValueSatisfying(s -> assertThat(s.value()).endsWith(":16.4"));
        assertThat(c.enableSuperuserAccess()).contains(true);
        assertThat(c.pgHbaLine()).hasValue(21);
        assertThat(c.pgHba()).extracting(CnpgManifest.Scalar::value, CnpgManifest.Scalar::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hostssl app app 10.0.0.0/8 scram-sha-256", 22),
                        org.assertj.core.groups.Tuple.tuple("host all all 0.0.0.0/0 reject", 23));
        assertThat(c.pgIdent()).extracting(CnpgManifest.Scalar::line).containsExactly(25);
        assertThat(c.parametersLine()).hasValue(17);
        assertThat(c.parameter("max_connections")).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(18);
            assertThat(p.value().string()).isTrue();
        });
        assertThat(c.parameter("unix_socket_permissions")).hasValueSatisfying(p -> {
            assertThat(p.value().string()).isFalse();
            assertThat(p.value().yamlType()).isEqualTo("int");
            assertThat(p.value().value()).isEqualTo("0700");
        });
        assertThat(c.parameter("ssl")).hasValueSatisfying(p -> assertThat(p.value().yamlType()).isEqualTo("bool"));
        assertThat(m.poolers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("one-rw");
            assertThat(p.clusterName()).isEqualTo("one");
            assertThat(p.type()).isEqualTo("rw");
            assertThat(p.pgHba()).extracting(CnpgManifest.Scalar::line).containsExactly(38);
        });
        assertThat(m.cluster(Optional.empty())).isPresent();
        assertThat(m.cluster(Optional.of("two"))).isEmpty();
    }

    @Test
    void readsKubectlListsAndEdbApiGroup() {
        String list = """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: postgresql.k8s.enterprisedb.io/v1
                    kind: Cluster
                    metadata:
                      name: old
                    spec:
                      postgresql:
                        pg_hba:
                          - host all all all md5
                """;
        CnpgManifest m = CnpgManifest.parse("l.yaml", list);
        assertThat(m.clusters()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("old");
            assertThat(c.pgHba()).extracting(CnpgManifest.Scalar::line).containsExactly(11);
        });
    }

    @Test
    void badYamlIsAProblemNotAnException() {
        CnpgManifest m = CnpgManifest.parse("bad.yaml", "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\n"
                + "spec: [unclosed\n");
        assertThat(m.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("not valid YAML"));
        CnpgManifest shapes = CnpgManifest.parse("s.yaml", """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: x
                spec:
                  postgresql:
                    pg_hba:
                      - host all all all md5
                      - key: value
                """);
        assertThat(shapes.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(9));
        assertThat(shapes.clusters().get(0).pgHba()).hasSize(1);
    }

    @Test
    void readsLdapAndSelectors() {
        CnpgManifest m = CnpgManifest.parse("x.yaml", """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: x
                spec:
                  podSelectorRefs:
                    - name: web
                      selector: {matchLabels: {app: web}}
                  postgresql:
                    ldap:
                      server: ldap.example.com
                      port: 389
                      tls: true
                      bindSearchAuth:
                        baseDN: dc=example
                        bindDN: cn=admin
                        bindPassword: {name: s, key: k}
                status:
                  podSelectorRefs:
                    - name: web
                      ips: [10.0.0.2, 10.0.0.1]
                """);
        CnpgManifest.Cluster c = m.clusters().get(0);
        assertThat(c.podSelectorRefs()).containsExactly("web");
        assertThat(c.statusPodSelectorIps()).containsEntry("web", List.of("10.0.0.2", "10.0.0.1"));
        assertThat(c.ldap()).hasValueSatisfying(l -> {
            assertThat(l.line()).isEqualTo(10);
            assertThat(l.port()).hasValue(389);
            assertThat(l.tls()).isTrue();
            assertThat(l.enabled()).isTrue();
            assertThat(l.bindSearchAuth().get().passwordSecret()).contains("s/k");
        });
    }

    @Test
    void parsesSelectorOptions() {
        assertThat(RenderOptions.parseSelectors(List.of("web=10.0.0.5,10.0.0.6,batch=10.0.1.7", "none=")))
                .isEqualTo(Map.of("web", List.of("10.0.0.5", "10.0.0.6"), "batch", List.of("10.0.1.7"),
                        "none", List.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RenderOptions.parseSelectors(List.of("10.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        // the operator stores pod IPs sorted
        assertThat(RenderOptions.defaults().withSelectors(Map.of("w", List.of("10.0.0.5", "10.0.0.12"))).selectors())
                .containsEntry("w", List.of("10.0.0.12", "10.0.0.5"));
    }
}
