package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.analysis.Lint.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The review on the examples and on small manifests, one check at a time. */
class ReviewTest {
    static final Path EXAMPLES = Path.of("..", "examples", "cloudnativepg");

    static CnpgReview.Result review(String example) throws IOException {
        return CnpgReview.review(CnpgManifest.read(EXAMPLES.resolve(example)), RenderOptions.defaults());
    }

    static CnpgReview.Result reviewText(String yaml, RenderOptions options) {
        return CnpgReview.review(CnpgManifest.parse("t.yaml", yaml), options);
    }

    static List<CnpgFinding> of(CnpgReview.Result r, String check) {
        return r.findings().stream().filter(f -> f.check().equals(check)).toList();
    }

    static String cluster(String postgresql) {
        return cluster("ghcr.io/cloudnative-pg/postgresql:18.4", postgresql);
    }

    static String cluster(String image, String postgresql) {
        return """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: t
                spec:
                  imageName: %s
                  postgresql:
                %s""".formatted(image, postgresql.indent(4));
    }

    @Test
    void theHardeningGuideAsPublishedDoesNotLoadAndSaysSoFirst() throws IOException {
        CnpgReview.Result r = review("hardening-guide/cluster.yaml");
        assertThat(r.loads()).isFalse();
        List<CnpgFinding> first = r.findings().subList(0, 3);
        assertThat(first).allSatisfy(f -> {
            assertThat(f.check()).isEqualTo("cnpg-file-does-not-load");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.renderedFile()).contains("pg_hba.conf");
        });
        assertThat(first).extracting(f -> f.line().getAsInt()).containsExactly(15, 17, 20);
        assertThat(first).extracting(f -> f.correctedLines().get(0)).containsExactly(
                "hostnossl all all all reject",
                "hostssl all postgres all scram-sha-256 clientcert=verify-full",
                "hostssl secret_share_app_db secret_share_app_rw_user all scram-sha-256");
        assertThat(r.format()).contains("!!! The pg_hba.conf the operator renders does NOT load");
        // with the address fields corrected, the list is still bypassed by the operator's catch-all
        assertThat(of(r, "cnpg-catch-all-bypass")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("[in the file with the corrections above]");
            assertThat(f.correctedLines()).containsExactly("host all all all reject");
        });
        // the parameter: a YAML number, and one the operator fixes
        assertThat(of(r, "cnpg-not-a-string")).singleElement().satisfies(f -> {
            assertThat(f.line()).hasValue(12);
            assertThat(f.message()).contains("octal number 448");
            assertThat(f.correctedLines()).containsExactly("unix_socket_permissions: '0700'");
        });
        assertThat(of(r, "cnpg-unix-socket-permissions")).singleElement()
                .satisfies(f -> assertThat(f.line()).hasValue(12));
    }

    @Test
    void theHardenedClusterIsQuiet() throws IOException {
        CnpgReview.Result r = review("hardened/cluster.yaml");
        assertThat(r.loads()).isTrue();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(r.reaches(Severity.LOW)).isFalse();
    }

    @Test
    void theCatchAllTrapIsFound() throws IOException {
        CnpgReview.Result r = review("insecure/cluster.yaml");
        assertThat(of(r, "cnpg-catch-all-bypass")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.line()).hasValue(13);
            assertThat(f.renderedLine()).hasValue(29);
            assertThat(f.message()).contains("host all all all scram-sha-256").contains("orders_app");
            assertThat(f.fix()).contains("hostnossl all all all reject");
        });
        assertThat(of(r, "cnpg-gss-catch-all")).singleElement().satisfies(f -> {
            assertThat(f.line()).hasValue(17);
            assertThat(f.message()).contains("gss user=orders_app");
        });
        assertThat(of(r, "gss-encryption-fallthrough")).isEmpty();
        assertThat(of(r, "cnpg-shadowed-by-fixed")).singleElement().satisfies(f -> {
            assertThat(f.line()).hasValue(15);
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.message()).contains("local all all peer map=local");
        });
        assertThat(of(r, "cnpg-ident-operator-map")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(22));
        assertThat(of(r, "cnpg-password-encryption")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(11));
        assertThat(of(r, "cnpg-ssl-min-protocol")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(12));
        assertThat(of(r, "md5")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(19));
        // findings about postgres over the catch-all are information only: postgres has no password
        assertThat(of(r, "superuser-without-cert")).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void aFinalRejectClosesTheTrapAndPlainDenyListsAreNoAllowList() {
        String base = """
                pg_hba:
                  - hostssl app app 10.0.0.0/8 scram-sha-256
                """;
        assertThat(of(reviewText(cluster(base), RenderOptions.defaults()), "cnpg-catch-all-bypass")).hasSize(1);
        assertThat(of(reviewText(cluster(base + "  - host all all all reject\n"), RenderOptions.defaults()),
                "cnpg-catch-all-bypass")).isEmpty();
        assertThat(of(reviewText(cluster("pg_hba:\n  - host all all 203.0.113.0/24 reject\n"), RenderOptions.defaults()),
                "cnpg-catch-all-bypass")).isEmpty();
        assertThat(of(reviewText(cluster("parameters: {}\n"), RenderOptions.defaults()), "cnpg-catch-all-bypass"))
                .isEmpty();
    }

    @Test
    void poolerRulesThatCannotRestrict() throws IOException {
        CnpgReview.Result r = review("pooler/pooler.yaml");
        assertThat(of(r, "cnpg-pooler-cannot-restrict")).singleElement().satisfies(f -> {
            assertThat(f.resource()).isEqualTo("Pooler/orders-pooler-rw");
            assertThat(f.correctedLines()).containsExactly("host all all 0.0.0.0/0 reject", "host all all ::/0 reject");
            assertThat(f.renderedFile()).contains("pgbouncer/pg_hba.conf");
        });
        assertThat(r.findings()).noneMatch(f -> f.resource().equals("Pooler/orders-pooler-ro"));
        assertThat(r.findings()).noneMatch(f -> f.resource().equals("Cluster/orders-db"));
    }

    @Test
    void pgbouncerSkipsWhatItCannotParse() {
        CnpgReview.Result r = reviewText("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Pooler
                metadata: {name: p}
                spec:
                  cluster: {name: c}
                  pgbouncer:
                    pg_hba:
                      - hostgssenc all all 0.0.0.0/0 scram-sha-256
                      - host all +admins 10.0.0.0/8 md5
                      - host all all 0.0.0.0/0 reject
                      - host all all ::/0 reject
                """, RenderOptions.defaults());
        assertThat(of(r, "cnpg-pooler-line-skipped")).extracting(f -> f.line().getAsInt()).containsExactly(8, 9);
    }

    @Test
    void theInsecureIdentFallback() {
        CnpgReview.Result r = reviewText(cluster("pg_hba:\n  - host all all all reject\n"),
                RenderOptions.defaults().withOsUser("/"));
        assertThat(of(r, "cnpg-insecure-ident-fallback")).isNotEmpty().allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.renderedFile()).contains("pg_ident.conf");
        });
        assertThat(of(reviewText(cluster("pg_hba:\n  - host all all all reject\n"), RenderOptions.defaults()),
                "cnpg-insecure-ident-fallback")).isEmpty();
    }

    @Test
    void identLinesInTheOperatorsCertificateMaps() {
        CnpgReview.Result r = reviewText(cluster("""
                pg_hba:
                  - host all all all reject
                pg_ident:
                  - cnpg_streaming_replica backup-host streaming_replica
                  - mine alice app
                """), RenderOptions.defaults());
        assertThat(of(r, "cnpg-ident-operator-map")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(11));
    }

    @Test
    void fixedAndNonStringParameters() {
        CnpgReview.Result r = reviewText(cluster("""
                parameters:
                  ssl: 'off'
                  listen_addresses: '*'
                  port: '5433'
                  max_connections: 100
                  hba_file: /tmp/x
                pg_hba:
                  - host all all all reject
                """), RenderOptions.defaults());
        assertThat(of(r, "cnpg-fixed-parameter")).extracting(f -> f.line().getAsInt()).containsExactly(9, 11, 13);
        assertThat(of(r, "cnpg-not-a-string")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(12));
        // an older operator fixes ssl_min_protocol_version too
        CnpgReview.Result old = reviewText(cluster("parameters:\n  ssl_min_protocol_version: TLSv1.2\n"),
                RenderOptions.defaults().withOperator(OperatorVersion.parse("1.19.6")));
        assertThat(of(old, "cnpg-fixed-parameter")).singleElement();
    }

    @Test
    void postgresql13DefaultsToMd5() {
        CnpgReview.Result r = reviewText(cluster("ghcr.io/cloudnative-pg/postgresql:13.16",
                "pg_hba:\n  - host all all all reject\n"), RenderOptions.defaults());
        assertThat(of(r, "cnpg-password-encryption")).singleElement();
    }

    @Test
    void podSelectors() {
        String yaml = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: s}
                spec:
                  imageName: ghcr.io/cloudnative-pg/postgresql:18.4
                  podSelectorRefs:
                    - name: web
                      selector: {matchLabels: {app: web}}
                  postgresql:
                    pg_hba:
                      - hostssl app app ${podselector:web} scram-sha-256
                      - hostssl app app ${podselector:nope} scram-sha-256
                      - host all all all reject
                """;
        CnpgReview.Result unresolved = reviewText(yaml, RenderOptions.defaults());
        assertThat(of(unresolved, "cnpg-podselector")).extracting(CnpgFinding::severity, f -> f.line().getAsInt())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.HIGH, 12),
                        org.assertj.core.groups.Tuple.tuple(Severity.INFO, 11));
        CnpgReview.Result resolved = reviewText(yaml, RenderOptions.defaults()
                .withSelectors(Map.of("web", List.of("10.1.2.3"))));
        assertThat(of(resolved, "cnpg-podselector")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(12));
        assertThat(resolved.clusters().get(0).pgHba()).contains("\nhostssl app app 10.1.2.3/32 scram-sha-256\n");
        CnpgReview.Result old = reviewText(yaml, RenderOptions.defaults().withOperator(OperatorVersion.parse("1.28")));
        assertThat(of(old, "cnpg-podselector")).hasSize(2);
        assertThat(of(old, "cnpg-field-ignored")).singleElement();
    }

    @Test
    void ldapBehindAFinalReject() {
        CnpgReview.Result r = reviewText(cluster("""
                pg_hba:
                  - hostssl app app 10.0.0.0/8 scram-sha-256
                  - host all all all reject
                ldap:
                  server: ldap.example.com
                  tls: true
                  bindAsAuth: {prefix: 'uid=', suffix: ',dc=example'}
                """), RenderOptions.defaults());
        assertThat(of(r, "cnpg-ldap-unreachable")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(11));
        CnpgReview.Result open = reviewText(cluster("""
                ldap:
                  server: ldap.example.com
                  bindAsAuth: {prefix: 'uid=', suffix: ',dc=example'}
                """), RenderOptions.defaults());
        assertThat(of(open, "ldap-without-tls")).singleElement().satisfies(f -> {
            assertThat(f.line()).hasValue(8);
            assertThat(f.message()).startsWith("the operator's LDAP line");
        });
    }

    @Test
    void fieldsAnOlderOperatorDoesNotKnow() {
        CnpgReview.Result r = reviewText(cluster("pg_ident:\n  - m a b\npg_hba:\n  - host all all all reject\n"),
                RenderOptions.defaults().withOperator(OperatorVersion.parse("1.22.0")));
        assertThat(of(r, "cnpg-field-ignored")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(8));
    }

    @Test
    void superuserWithoutPassword() {
        String rules = "pg_hba:\n  - hostssl all postgres 10.0.0.0/8 scram-sha-256\n  - host all all all reject\n";
        assertThat(of(reviewText(cluster(rules), RenderOptions.defaults()), "cnpg-superuser-no-password")).hasSize(1);
        assertThat(of(reviewText(cluster(rules), RenderOptions.defaults().withOperator(OperatorVersion.parse("1.20"))),
                "cnpg-superuser-no-password")).isEmpty();
    }

    @Test
    void checksCanBeDisabledAndEveryIdIsKnown() throws IOException {
        CnpgManifest m = CnpgManifest.read(EXAMPLES.resolve("insecure/cluster.yaml"));
        CnpgReview.Result r = CnpgReview.review(m, RenderOptions.defaults(), Set.of("cnpg-catch-all-bypass", "md5"));
        assertThat(of(r, "cnpg-catch-all-bypass")).isEmpty();
        assertThat(of(r, "md5")).isEmpty();
        for (String example : List.of("hardening-guide/cluster.yaml", "insecure/cluster.yaml", "pooler/pooler.yaml")) {
            assertThat(review(example).findings()).allSatisfy(f -> assertThat(CnpgReview.knownCheck(f.check())).isTrue());
        }
    }

    @Test
    void notAManifest() {
        CnpgReview.Result r = reviewText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", RenderOptions.defaults());
        assertThat(of(r, "cnpg-manifest-invalid")).singleElement();
    }

    @Test
    void anOldOperatorWritesLinesANewPostgresqlRefuses() {
        // operators 1.0 to 1.7 wrote clientcert=1, which PostgreSQL 14 removed
        CnpgReview.Result r = reviewText(cluster("ghcr.io/cloudnative-pg/postgresql:16.4", "parameters: {}\n"),
                RenderOptions.defaults().withOperator(OperatorVersion.parse("1.7.1")));
        assertThat(r.loads()).isFalse();
        assertThat(of(r, "cnpg-file-does-not-load")).isNotEmpty().allSatisfy(f -> {
            assertThat(f.line()).isEmpty();
            assertThat(f.fix()).contains("the operator writes this line itself");
        });
    }

    @Test
    void ldapFieldsPostgresqlRefusesTogether() {
        CnpgReview.Result r = reviewText(cluster("""
                ldap:
                  server: ldap.example.com
                  bindSearchAuth:
                    baseDN: dc=example
                    bindDN: cn=admin
                    bindPassword: {name: s, key: k}
                    searchAttribute: uid
                    searchFilter: (uid=$username)
                """), RenderOptions.defaults());
        assertThat(of(r, "cnpg-file-does-not-load")).singleElement().satisfies(f -> {
            assertThat(f.line()).hasValue(8);
            assertThat(f.message()).contains("cannot use ldapsearchattribute together with ldapsearchfilter");
            assertThat(f.fix()).startsWith("the operator builds this line from spec.postgresql.ldap");
        });
    }

    @Test
    void onePodSelectorEntryGivesOneFindingPerCheck() {
        CnpgReview.Result r = reviewText("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: s}
                spec:
                  imageName: ghcr.io/cloudnative-pg/postgresql:18.4
                  podSelectorRefs:
                    - name: web
                      selector: {matchLabels: {app: web}}
                  postgresql:
                    pg_hba:
                      - hostssl app app ${podselector:web} scram-sha-256
                """, RenderOptions.defaults().withSelectors(Map.of("web", List.of("10.0.0.1", "10.0.0.2", "fd00::1"))));
        assertThat(of(r, "cnpg-gss-catch-all")).singleElement().satisfies(f -> assertThat(f.line()).hasValue(11));
    }
}
