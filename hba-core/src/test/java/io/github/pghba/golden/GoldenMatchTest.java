package io.github.pghba.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the match corpus: real connection attempts against real PostgreSQL 13.18-18.0 servers,
 * with the line each one hit and what the client was told. Both engines must agree with the server
 * on every case (outcome, file, line, message, and the user name map where the case has one).
 */
class GoldenMatchTest {
    private static final Path ROOT = Path.of("src/test/resources/golden-match");
    private static final String CASEDIR = "/casedir";
    private static final String DEFAULT_HOSTS = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n";

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        if (!Files.isDirectory(ROOT)) {
            return tests.stream();
        }
        List<Path> suites;
        try (Stream<Path> s = Files.list(ROOT)) {
            suites = s.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        for (Path dir : suites) {
            JsonNode expected = json.readTree(dir.resolve("expected.json").toFile());
            List<String> versions = new ArrayList<>();
            for (JsonNode c : expected.get("cases")) {
                c.get("versions").fieldNames().forEachRemaining(v -> {
                    if (!versions.contains(v)) {
                        versions.add(v);
                    }
                });
            }
            for (String v : versions) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " @ " + v, () -> check(dir, expected, v)));
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, JsonNode expected, String versionText) throws Exception {
        PgVersion version = PgVersion.parse(versionText);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString();
                if (!rel.equals("expected.json")) {
                    files.put(CASEDIR + "/" + rel, Files.readAllBytes(p));
                }
            }
        }
        LoadOptions options = LoadOptions.defaults().withVersion(version).withBuild(BuildFeatures.SSL_ONLY)
                .withFiles(FileSource.inMemory(files));
        HbaLoader loader = HbaLoader.with(options);
        HbaConfig hba = loader.loadHba(CASEDIR + "/pg_hba.conf");
        IdentMaps maps = IdentMaps.none(version);
        if (files.containsKey(CASEDIR + "/pg_ident.conf")) {
            IdentConfig ident = loader.loadIdent(CASEDIR + "/pg_ident.conf");
            maps = IdentMaps.of(ident);
        }
        Policy policy = Policy.compile(hba, maps, environment(dir, expected));
        List<String> failures = new ArrayList<>();
        for (JsonNode c : expected.get("cases")) {
            JsonNode want = c.get("versions").get(versionText);
            if (want == null) {
                continue;
            }
            ConnectionRequest r = request(c);
            for (Decision d : List.of(policy.evaluate(r), policy.explain(r))) {
                String got = describe(d);
                String exp = describe(want);
                if (!got.equals(exp)) {
                    failures.add(c.get("id").asText() + " " + r + "\n    server:  " + exp + "\n    pghba:   " + got
                            + "\n" + policy.explain(r).format().indent(6));
                    break;
                }
            }
        }
        assertThat(failures).as("cases of %s on %s that differ from the server; the file:\n%s", dir.getFileName(),
                version, Files.readString(dir.resolve("pg_hba.conf"), StandardCharsets.ISO_8859_1)).isEmpty();
    }

    static Environment environment(Path dir, JsonNode expected) throws IOException {
        RoleGraph.Builder roles = RoleGraph.builder();
        if (expected.has("roles")) {
            for (JsonNode r : expected.get("roles")) {
                String name = r.get("name").asText();
                roles.role(name, r.path("superuser").asBoolean(false));
                for (JsonNode g : r.path("member_of")) {
                    roles.grant(g.asText(), name);
                }
            }
        }
        List<ServerInterface> interfaces = new ArrayList<>();
        for (JsonNode i : expected.path("interfaces")) {
            interfaces.add(ServerInterface.of(i.get("address").asText(), i.get("prefix").asInt()));
        }
        Path hosts = dir.resolve("hosts");
        String hostsText = Files.isRegularFile(hosts) ? Files.readString(hosts) : DEFAULT_HOSTS;
        return Environment.defaults().withRoles(roles.build()).withResolver(HostResolver.hostsFile(hostsText))
                .withInterfaces(interfaces.isEmpty() ? ServerInterface.loopback() : interfaces);
    }

    static ConnectionRequest request(JsonNode c) {
        ConnectionRequest r = c.get("type").asText().equals("local") ? ConnectionRequest.local()
                : ConnectionRequest.host(c.path("address").asText("127.0.0.1"));
        r = r.user(c.get("user").asText());
        if (c.hasNonNull("database")) {
            r = r.database(c.get("database").asText());
        }
        r = r.encryption(switch (c.path("encryption").asText("none")) {
            case "ssl" -> Encryption.SSL;
            case "gss" -> Encryption.GSS;
            default -> Encryption.NONE;
        });
        r = r.replication(switch (c.path("replication").asText("none")) {
            case "physical" -> Replication.PHYSICAL;
            case "logical" -> Replication.LOGICAL;
            default -> Replication.NONE;
        });
        if (c.hasNonNull("os_user")) {
            r = r.systemUser(c.get("os_user").asText());
        }
        return r;
    }

    private static String describe(Decision d) {
        String outcome = d.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String file = d.file().map(f -> f.startsWith(CASEDIR + "/") ? f.substring(CASEDIR.length() + 1) : f)
                .orElse("null");
        String message = d.outcome() == Decision.Outcome.INVALID_FILE ? "null" : d.message().orElse("null");
        String ident = d.identity().map(i -> " ident=" + i.admitted()).orElse("");
        return outcome + " " + file + ":" + d.line().map(String::valueOf).orElse("null") + " " + message + ident;
    }

    private static String describe(JsonNode want) {
        String ident = want.has("ident") ? " ident=" + want.get("ident").get("admitted").asBoolean() : "";
        return want.get("outcome").asText() + " " + (want.hasNonNull("file") ? want.get("file").asText() : "null") + ":"
                + (want.hasNonNull("line") ? want.get("line").asText() : "null") + " "
                + (want.hasNonNull("message") ? want.get("message").asText() : "null") + ident;
    }
}
