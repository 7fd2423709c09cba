package io.github.pghba.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pghba cnpg render/review and --cnpg on eval, explain, who, dead and diff, on examples/cloudnativepg. */
class CnpgCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples", "cloudnativepg");
    static final String GUIDE = EXAMPLES.resolve("hardening-guide/cluster.yaml").toString();
    static final String HARDENED = EXAMPLES.resolve("hardened/cluster.yaml").toString();
    static final String INSECURE = EXAMPLES.resolve("insecure/cluster.yaml").toString();
    static final String POOLER = EXAMPLES.resolve("pooler/pooler.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void renderPrintsTheCheckedInFiles() throws Exception {
        RulesCommandTest.Result r = RulesCommandTest.run("cnpg", "render", HARDENED);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(EXAMPLES.resolve("hardened/rendered/cluster-secret-share-db/pg_hba.conf")));
        RulesCommandTest.Result all = RulesCommandTest.run("cnpg", "render", "--file", "all", POOLER);
        assertThat(all.out()).contains("==> Cluster/orders-db/pg_hba.conf <==")
                .contains("==> Pooler/orders-pooler-rw/pg_hba.conf <==").contains("host all all ::/0 md5");
        RulesCommandTest.Result out = RulesCommandTest.run("cnpg", "render", "--output-dir", dir.toString(), POOLER);
        assertThat(out.code()).isZero();
        assertThat(dir.resolve("cluster-orders-db/pg_ident.conf")).exists();
        assertThat(dir.resolve("pooler-orders-pooler-ro/pg_hba.conf")).exists();
        JsonNode j = new ObjectMapper().readTree(RulesCommandTest.run("cnpg", "render", "--format", "json",
                "--operator-version", "1.27.0", HARDENED).out());
        assertThat(j.get("resources").get(0).get("operator_version").asText()).isEqualTo("1.27.0");
        assertThat(j.get("resources").get(0).get("pg_hba").asText()).doesNotContain("cnpg_metrics_exporter");
        assertThat(j.get("resources").get(0).get("pg_hba_lines").get(18).get("yaml_line").asInt()).isEqualTo(24);
        assertThat(RulesCommandTest.run("cnpg", "render", "--operator-version", "2.0", HARDENED).code()).isEqualTo(2);
    }

    @Test
    void reviewExitCodesAndFormats() throws Exception {
        RulesCommandTest.Result guide = RulesCommandTest.run("cnpg", "review", GUIDE);
        assertThat(guide.code()).isEqualTo(3);
        assertThat(guide.out()).contains("does NOT load").contains("hostnossl all all all reject");
        RulesCommandTest.Result hardened = RulesCommandTest.run("cnpg", "review", HARDENED);
        assertThat(hardened.code()).isZero();
        assertThat(hardened.out()).contains("No findings.");
        RulesCommandTest.Result insecure = RulesCommandTest.run("cnpg", "review", INSECURE);
        assertThat(insecure.code()).isEqualTo(4);
        assertThat(insecure.out()).contains("[cnpg-catch-all-bypass]").contains("[cnpg-gss-catch-all]");
        JsonNode j = new ObjectMapper().readTree(RulesCommandTest.run("cnpg", "review", "--format", "json", INSECURE)
                .out());
        assertThat(j.get("loads").asBoolean()).isTrue();
        assertThat(j.get("findings").get(0).get("check").asText()).isEqualTo("cnpg-catch-all-bypass");
        JsonNode sarif = new ObjectMapper().readTree(RulesCommandTest.run("cnpg", "review", "--format", "sarif", GUIDE)
                .out());
        JsonNode first = sarif.get("runs").get(0).get("results").get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo("cnpg-file-does-not-load");
        assertThat(first.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt())
                .isEqualTo(15);
        assertThat(RulesCommandTest.run("cnpg", "review", "--fail-on", "critical", INSECURE).code()).isZero();
        assertThat(RulesCommandTest.run("cnpg", "review", "--disable", "nope", INSECURE).code()).isEqualTo(2);
        assertThat(RulesCommandTest.run("cnpg", "review", "--list-checks").out()).contains("cnpg-catch-all-bypass")
                .contains("trust-tcp");
        assertThat(RulesCommandTest.run("cnpg", "review", POOLER).out()).contains("[cnpg-pooler-cannot-restrict]");
    }

    @Test
    void manifestsInPlaceOfFiles() throws Exception {
        RulesCommandTest.Result e = RulesCommandTest.run("explain", "--cnpg", INSECURE, "--host", "203.0.113.9", "--ssl",
                "--user", "mallory", "--database", "orders");
        assertThat(e.code()).isZero();
        assertThat(e.out()).contains("The rule comes from the operator's catch-all.");
        RulesCommandTest.Result h = RulesCommandTest.run("explain", "--cnpg", HARDENED, "--host", "203.0.113.9", "--ssl",
                "--user", "mallory", "--database", "orders");
        assertThat(h.code()).isEqualTo(1);
        assertThat(h.out()).contains("hardened/cluster.yaml:30");
        Path req = dir.resolve("r.jsonl");
        Files.writeString(req, "{\"id\": 1, \"type\": \"host\", \"address\": \"198.51.100.1\", \"user\": \"x\"}\n");
        RulesCommandTest.Result ev = RulesCommandTest.run("eval", "--cnpg", HARDENED, "--requests", req.toString());
        assertThat(ev.out()).contains("\"outcome\":\"rejected\"");
        assertThat(RulesCommandTest.run("who", "--cnpg", HARDENED).out()).contains("secret_share_app_rw_user");
        assertThat(RulesCommandTest.run("dead", "--cnpg", INSECURE).out()).contains("local all all trust");
        assertThat(RulesCommandTest.run("who", "--cnpg", GUIDE).code()).isEqualTo(3);
        RulesCommandTest.Result d = RulesCommandTest.run("diff", "--cnpg", INSECURE, "--cnpg", HARDENED);
        assertThat(d.code()).isEqualTo(1);
        assertThat(d.out()).contains("now reject");
        RulesCommandTest.Result upgrade = RulesCommandTest.run("diff", "--cnpg", HARDENED, "--old-operator-version",
                "1.27");
        assertThat(upgrade.code()).isEqualTo(1);
        assertThat(upgrade.out()).contains("now peer map=cnpg_metrics_exporter");
        assertThat(RulesCommandTest.run("diff", "--cnpg", HARDENED).code()).isEqualTo(2);
        assertThat(RulesCommandTest.run("who").code()).isEqualTo(2);
    }
}
