package io.github.pghba.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** who, dead, diff and lint on the command line. */
class AnalysisCommandsTest {
    @TempDir
    Path dir;

    private String write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    @Test
    void whoListsAllowedAndRejected() throws Exception {
        String f = write("a.conf", "local all all peer\nhostnossl all all all reject\n"
                + "hostssl app alice 10.0.0.0/8 scram-sha-256\n");
        RulesCommandTest.Result r = RulesCommandTest.run("who", f);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("alice").contains("10.0.0.0/8").contains("tcp+ssl").contains("scram-sha-256")
                .contains("Rejected explicitly:");
        JsonNode j = new ObjectMapper().readTree(RulesCommandTest.run("who", "--format", "json", "--user", "alice", f)
                .out());
        assertThat(j.get("exact").asBoolean()).isTrue();
        assertThat(j.get("allowed").get(1).get("networks").get(0).asText()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void whoForOneRuleShowsWhatReachesItAndWhatTakesTheRest() throws Exception {
        String f = write("r.conf", "hostssl all admin 10.0.0.0/8 cert\nhostssl all all 10.0.0.0/16 scram-sha-256\n");
        RulesCommandTest.Result r = RulesCommandTest.run("who", "--rule", "2", f);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("reached by the requests below")
                .contains("earlier " + f + ":1:1 takes part of what it matches: hostssl all admin 10.0.0.0/8 cert")
                .contains("10.0.0.0/16").doesNotContain("cert  ");
        assertThat(RulesCommandTest.run("who", "--rule", "7", f).code()).isEqualTo(2);
    }

    @Test
    void deadReportsShadowedRules() throws Exception {
        String f = write("a.conf", "host all all all reject\nhost app app 10.0.0.0/8 scram-sha-256\n");
        RulesCommandTest.Result r = RulesCommandTest.run("dead", f);
        assertThat(r.out()).contains("a.conf:2:1: dead").contains("covered by").contains("host all all all reject");
        JsonNode j = new ObjectMapper().readTree(RulesCommandTest.run("dead", "--format", "json", f).out());
        assertThat(j.get("dead").get(0).get("rule").get("line").asInt()).isEqualTo(2);
    }

    @Test
    void diffShowsWhatChangesWithAnExample() throws Exception {
        String a = write("a.conf", "hostssl app alice 203.0.113.0/24 scram-sha-256\nhost all all all reject\n");
        String b = write("b.conf", "hostssl app alice 203.0.113.0/24 trust\nhost all all all reject\n");
        RulesCommandTest.Result r = RulesCommandTest.run("diff", a, b);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("host 203.0.113.0 ssl user=alice database=app: was scram-sha-256 (" + a
                + ":1), now trust (" + b + ":1)");
        assertThat(RulesCommandTest.run("diff", a, a).code()).isZero();
    }

    @Test
    void lintExitsFourAndSpeaksSarif() throws Exception {
        String f = write("a.conf", "host all all 10.0.0.0/8 trust\n");
        RulesCommandTest.Result r = RulesCommandTest.run("lint", f);
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.out()).contains("critical [trust-tcp]");
        JsonNode s = new ObjectMapper().readTree(RulesCommandTest.run("lint", "--format", "sarif", f).out());
        assertThat(s.get("version").asText()).isEqualTo("2.1.0");
        JsonNode result = s.get("runs").get(0).get("results").get(0);
        assertThat(result.get("ruleId").asText()).isEqualTo("trust-tcp");
        assertThat(result.get("level").asText()).isEqualTo("error");
        assertThat(result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt())
                .isEqualTo(1);
        assertThat(RulesCommandTest.run("lint", "--disable", "trust-tcp,unencrypted-tcp", f).code()).isZero();
        assertThat(RulesCommandTest.run("lint", "--fail-on", "medium", "--disable", "trust-tcp", f).code())
                .isEqualTo(4);
        assertThat(RulesCommandTest.run("lint", "--disable", "nosuch", f).code()).isEqualTo(2);
    }
}
