package io.github.pghba.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code eval} and {@code explain} commands' contract. */
class EvalCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void clientCertificateGoesThroughTheMapAfterTheIdentAnswer() throws Exception {
        Path hba = write("pg_hba.conf", "hostssl all all 127.0.0.1/32 ident map=m clientcert=verify-full\n");
        Path ident = write("pg_ident.conf", "include inc.conf\nm carl alice\n");
        write("inc.conf", "m bob alice\n");
        Path req = write("req.jsonl", String.join("\n",
                "{\"id\": \"zed\", \"type\": \"host\", \"encryption\": \"ssl\", \"address\": \"127.0.0.1\","
                        + " \"user\": \"alice\", \"system_user\": \"bob\", \"client_certificate\": \"zed\"}",
                "{\"id\": \"carl\", \"type\": \"host\", \"encryption\": \"ssl\", \"address\": \"127.0.0.1\","
                        + " \"user\": \"alice\", \"system_user\": \"bob\", \"client_certificate\": \"carl\"}",
                ""));
        RulesCommandTest.Result r = RulesCommandTest.run("eval", "--pg-version", "16", "--ident", ident.toString(),
                "--requests", req.toString(), hba.toString());
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        ObjectMapper m = new ObjectMapper();
        JsonNode refused = m.readTree(lines[0]).get("ident");
        assertThat(refused.get("admitted").asBoolean()).isFalse();
        assertThat(refused.get("log").asText()).endsWith(
                "certificate validation (clientcert=verify-full) failed for user \"alice\": CN mismatch");
        JsonNode admitted = m.readTree(lines[1]).get("ident");
        assertThat(admitted.get("admitted").asBoolean()).isTrue();
        // the certificate's line, in the main file (the ident answer's was line 1 of inc.conf)
        assertThat(admitted.get("file").asText()).isEqualTo(ident.toString());
        assertThat(admitted.get("line").asInt()).isEqualTo(2);
    }

    @Test
    void startupPacketRulesComeBeforeTheFile() throws Exception {
        // PostgreSQL 13-16 with db_user_namespace: alice asking for db1 is matched as alice@db1; an
        // empty database is the user name; no user name at all never reaches pg_hba.conf
        Path hba = write("pg_hba.conf", "host all alice 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 reject\n");
        Path env = write("env.json", "{\"db_user_namespace\": true}");
        Path req = write("req.jsonl", String.join("\n",
                "{\"id\": \"plain\", \"type\": \"host\", \"address\": \"127.0.0.1\", \"user\": \"alice\", \"database\": \"db1\"}",
                "{\"id\": \"global\", \"type\": \"host\", \"address\": \"127.0.0.1\", \"user\": \"alice@\", \"database\": \"\"}",
                "{\"id\": \"nobody\", \"type\": \"host\", \"address\": \"127.0.0.1\", \"user\": \"\"}",
                ""));
        RulesCommandTest.Result r = RulesCommandTest.run("eval", "--pg-version", "16", "--env", env.toString(),
                "--requests", req.toString(), hba.toString());
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(2);
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(lines[0]).get("message").asText()).isEqualTo(
                "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"alice@db1\", database \"db1\", no encryption");
        assertThat(m.readTree(lines[1]).get("line").asInt()).isEqualTo(1);
        assertThat(r.err()).contains("req.jsonl:3: \"user\" is empty");
        assertThat(r.code()).isEqualTo(2);
        // the setting is gone in 17: a server with it would not start
        RulesCommandTest.Result v17 = RulesCommandTest.run("eval", "--pg-version", "17", "--env", env.toString(),
                "--requests", req.toString(), hba.toString());
        assertThat(v17.code()).isEqualTo(2);
        assertThat(v17.err()).contains("\"db_user_namespace\" was removed in PostgreSQL 17");
    }

    @Test
    void evalPrintsOneLinePerRequestInOrder() throws Exception {
        Path hba = write("pg_hba.conf", "local all all peer\nhost all +grp samenet scram-sha-256\n"
                + "host all all app.example.com md5\nhost all all all reject\n");
        Path other = write("other/pg_hba.conf", "host all all all trust\n");
        Path env = write("env.json", "{\"roles\": [{\"name\": \"alice\", \"superuser\": false, \"member_of\": [\"grp\"]}],"
                + " \"interfaces\": [{\"address\": \"10.0.0.1\", \"prefix\": 24}],"
                + " \"hosts\": \"192.0.2.10 app.example.com app\\n\"}");
        Path req = write("req.jsonl", String.join("\n",
                "{\"id\": \"c1\", \"type\": \"local\", \"user\": \"bob\"}",
                "{\"id\": \"c2\", \"type\": \"host\", \"address\": \"10.0.0.7\", \"user\": \"alice\", \"database\": \"app\"}",
                "{\"id\": \"c3\", \"type\": \"host\", \"address\": \"192.0.2.10\", \"user\": \"bob\"}",
                "{\"id\": \"c4\", \"type\": \"host\", \"address\": \"192.0.2.11\", \"user\": \"bob\", \"encryption\": \"ssl\"}",
                "{\"id\": \"c5\", \"type\": \"host\", \"address\": \"::1\", \"user\": \"bob\", \"hba\": \"other/pg_hba.conf\"}",
                ""));
        RulesCommandTest.Result r = RulesCommandTest.run("eval", "--env", env.toString(), "--requests", req.toString(),
                hba.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(5);
        ObjectMapper m = new ObjectMapper();
        JsonNode c1 = m.readTree(lines[0]);
        assertThat(c1.fieldNames()).toIterable().startsWith("id", "outcome", "method", "file", "line", "rule_number",
                "message");
        assertThat(c1.get("outcome").asText()).isEqualTo("matched");
        assertThat(c1.get("line").asInt()).isEqualTo(1);
        assertThat(m.readTree(lines[1]).get("method").asText()).isEqualTo("scram-sha-256");
        assertThat(m.readTree(lines[2]).get("line").asInt()).isEqualTo(3);
        JsonNode c4 = m.readTree(lines[3]);
        assertThat(c4.get("outcome").asText()).isEqualTo("rejected");
        assertThat(c4.get("rule_number").asInt()).isEqualTo(4);
        assertThat(c4.get("message").asText()).isEqualTo(
                "pg_hba.conf rejects connection for host \"192.0.2.11\", user \"bob\", database \"bob\", SSL encryption");
        JsonNode c5 = m.readTree(lines[4]);
        assertThat(c5.get("file").asText()).isEqualTo(other.toString());
        assertThat(c5.get("method").asText()).isEqualTo("trust");
    }

    @Test
    void evalReportsInvalidFilesAndBadRequests() throws Exception {
        Path hba = write("pg_hba.conf", "host all all reject\n");
        Path req = write("req.jsonl", "{\"id\": 1, \"user\": \"u\"}\n{\"id\": 2, \"usr\": \"u\"}\n");
        RulesCommandTest.Result r = RulesCommandTest.run("eval", "--requests", req.toString(), hba.toString());
        assertThat(r.code()).isEqualTo(2);
        JsonNode d = new ObjectMapper().readTree(r.out().split("\n")[0]);
        assertThat(d.get("outcome").asText()).isEqualTo("invalid-file");
        assertThat(d.get("message").asText()).contains("end-of-line before authentication method");
        assertThat(r.err()).contains("req.jsonl:2: unknown request key \"usr\"");
    }

    @Test
    void explainShowsEveryRuleTried() throws Exception {
        Path hba = write("pg_hba.conf", "local all all peer\nhostssl all all all md5\nhost all all 10.0.0.0/8 trust\n");
        RulesCommandTest.Result r = RulesCommandTest.run("explain", hba.toString(), "--host", "192.0.2.10", "--user",
                "alice");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("no rule matches")
                .contains("FATAL:  no pg_hba.conf entry for host \"192.0.2.10\", user \"alice\", database \"alice\", "
                        + "no encryption")
                .contains("rule 2: skip (encryption) hostssl matches only TLS connections")
                .contains("rule 3: skip (address) 192.0.2.10 is outside 10.0.0.0/8");
        RulesCommandTest.Result j = RulesCommandTest.run("explain", hba.toString(), "--local", "--user", "u",
                "--format", "json");
        assertThat(j.code()).isZero();
        JsonNode o = new ObjectMapper().readTree(j.out());
        assertThat(o.get("method").asText()).isEqualTo("peer");
        assertThat(o.get("explanation").get(0).get("matched").asBoolean()).isTrue();
        assertThat(RulesCommandTest.run("explain", hba.toString(), "--local", "--host", "1.2.3.4", "--user", "u")
                .code()).isEqualTo(2);
    }
}
