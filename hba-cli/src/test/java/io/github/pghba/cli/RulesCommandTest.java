package io.github.pghba.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code rules} command's contract: formats, keys, exit codes. */
class RulesCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void databaseEncodingChangesOnlyHowTheViewCompilesNonAsciiRegexes() throws Exception {
        // U+00FF-U+00E9 runs backwards as UTF-8 characters; as bytes the range is 0xbf-0xc3
        Path f = write("pg_hba.conf", "local /^[\u00ff-\u00e9]$ all trust\nlocal all all peer\n");
        Result utf8 = run("rules", "--pg-version", "16", "--format", "json", f.toString());
        assertThat(utf8.code()).isZero(); // the postmaster loads it either way
        JsonNode rows = new ObjectMapper().readTree(utf8.out());
        assertThat(rows.get(0).get("error").asText()).endsWith("invalid character range");
        assertThat(rows.get(0).get("rule_number").isNull()).isTrue();
        Result bytes = run("rules", "--pg-version", "16", "--database-encoding", "single_byte", "--format", "json",
                f.toString());
        JsonNode byteRows = new ObjectMapper().readTree(bytes.out());
        assertThat(byteRows.get(0).get("error").isNull()).isTrue();
        assertThat(byteRows.get(0).get("rule_number").asInt()).isEqualTo(1);
        assertThat(run("rules", "--database-encoding", "latin9", f.toString()).code()).isEqualTo(2);
    }

    @Test
    void radiusServerNamesResolveThroughTheEnvironmentsHostsAndInterfaces() throws Exception {
        // PostgreSQL resolves RADIUS server names while loading (getaddrinfo: hosts file without case,
        // aliases, IPv6 zones by interface name); rows as PostgreSQL 13-18 gave them
        Path f = write("pg_hba.conf", "host all all 127.0.0.1/32 radius radiusservers=LOCALHOST radiussecrets=x\n"
                + "host all all 127.0.0.1/32 radius radiusservers=Alpha radiussecrets=x\n"
                + "host all all 127.0.0.1/32 radius radiusservers=fe80::1%eth7 radiussecrets=x\n"
                + "host all all fe80::1%eth7/64 trust\n");
        Result bare = run("rules", "--format", "json", f.toString());
        JsonNode rows = new ObjectMapper().readTree(bare.out());
        assertThat(rows.get(0).get("type").asText()).isEqualTo("host"); // LOCALHOST: the hosts file has localhost
        // an unresolved name is logged without err_msg: a row of NULLs but its number, and no load
        assertThat(rows.get(1).get("type").isNull()).isTrue();
        assertThat(rows.get(1).get("error").isNull()).isTrue();
        assertThat(rows.get(2).get("type").isNull()).isTrue();
        assertThat(bare.err()).contains("could not translate RADIUS server name \"Alpha\" to address");
        assertThat(rows.get(3).get("error").asText())
                .isEqualTo("specifying both host name and CIDR mask is invalid: \"fe80::1%eth7/64\"");
        assertThat(bare.code()).isEqualTo(3);
        Path env = write("env.json", "{\"hosts\": \"127.0.0.1 localhost\\n192.0.2.7 alpha.example alpha\\n\","
                + " \"interfaces\": [{\"address\": \"fe80::1\", \"prefix\": 64, \"name\": \"eth7\"}]}");
        Result withEnv = run("rules", "--format", "json", "--env", env.toString(), f.toString());
        for (JsonNode row : new ObjectMapper().readTree(withEnv.out())) {
            assertThat(row.get("error").isNull()).as(row.toString()).isTrue();
            assertThat(row.get("type").isNull()).as(row.toString()).isFalse();
        }
        assertThat(withEnv.code()).isZero();
        Path bad = write("bad.json", "{\"interfaces\": [{\"address\": \"fe80::1\", \"prefix\": 64, \"nmae\": \"x\"}]}");
        assertThat(run("rules", "--env", bad.toString(), f.toString()).code()).isEqualTo(2);
    }

    @Test
    void jsonWithOneFileIsAnArrayOfViewRowsForTheVersion() throws Exception {
        Path f = write("pg_hba.conf", "# c\nhost all alice 10/8 md5\nhostssl db \"all\" ::1/128 cert\n");
        Result r = run("rules", "--format", "json", f.toString());
        assertThat(r.code()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("rule_number", "file_name", "line_number", "type",
                "database", "user_name", "address", "netmask", "auth_method", "options", "error");
        assertThat(first.get("file_name").asText()).isEqualTo(f.toString());
        assertThat(first.get("line_number").asInt()).isEqualTo(2);
        assertThat(first.get("address").asText()).isEqualTo("0.0.0.10");
        assertThat(first.get("netmask").asText()).isEqualTo("255.0.0.0");
        assertThat(first.get("options").isNull()).isTrue();
        assertThat(rows.get(1).get("user_name").get(0).asText()).isEqualTo("all");
        assertThat(rows.get(1).get("options").get(0).asText()).isEqualTo("clientcert=verify-full");

        Result old = run("rules", "--pg-version", "13", "--format", "json", f.toString());
        assertThat(new ObjectMapper().readTree(old.out()).get(0).fieldNames()).toIterable()
                .containsExactly("line_number", "type", "database", "user_name", "address", "netmask", "auth_method",
                        "options", "error");
    }

    @Test
    void exitCodeThreeWhenTheFileWouldNotLoad() throws Exception {
        Path f = write("bad.conf", "hostnossl all all reject\n");
        Result r = run("rules", f.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("end-of-line before authentication method")
                .contains("did you mean `hostnossl all all all reject`?");
        Path empty = write("empty.conf", "# nothing\n");
        assertThat(run("rules", empty.toString()).code()).isEqualTo(3);
    }

    @Test
    void jsonlHasOneLinePerFile() throws Exception {
        Path a = write("a.conf", "local all all trust\n");
        Path b = write("b.conf", "local all all bogus\n");
        Path ident = write("pg_ident.conf", "m root alice\nm x\n");
        Result r = run("rules", "--format", "jsonl", "--ident", ident.toString(), a.toString(), b.toString());
        assertThat(r.code()).isEqualTo(3);
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode l1 = new ObjectMapper().readTree(lines[0]);
        assertThat(l1.get("file").asText()).isEqualTo(a.toString());
        assertThat(l1.get("rows")).hasSize(1);
        assertThat(l1.get("ident_rows")).hasSize(2);
        assertThat(l1.get("ident_rows").get(1).get("error").asText()).isEqualTo("missing entry at end of line");
        JsonNode l2 = new ObjectMapper().readTree(lines[1]);
        assertThat(l2.get("rows").get(0).get("error").asText()).isEqualTo("invalid authentication method \"bogus\"");
        assertThat(l2.get("loads").asBoolean()).isFalse();
    }

    @Test
    void envFileChangesSettingsAndBuild() throws Exception {
        Path f = write("pg_hba.conf", "hostssl all all all trust\nhost all all all ldap ldapbasedn=x\n");
        Path env = write("env.json", "{\"ssl\": false, \"build\": {\"ldap\": false}}");
        Result r = run("rules", "--format", "json", "--env", env.toString(), f.toString());
        assertThat(r.code()).isEqualTo(3);
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows.get(0).get("error").asText()).isEqualTo("hostssl record cannot match because SSL is disabled");
        assertThat(rows.get(1).get("error").asText())
                .isEqualTo("invalid authentication method \"ldap\": not supported by this build");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(run("rules").code()).isEqualTo(2);
        assertThat(run("rules", "--pg-version", "12", "x").code()).isEqualTo(2);
        assertThat(run("rules", "--format", "xml", "x").code()).isEqualTo(2);
        Path env = write("env.json", "{\"sll\": true}");
        Result r = run("rules", "--env", env.toString(), write("a.conf", "local all all trust\n").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key \"sll\"");
        assertThat(run("rules", dir.resolve("missing.conf").toString()).code()).isEqualTo(2);
    }
}
