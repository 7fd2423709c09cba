package io.github.pghba.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.view.FileViews;
import io.github.pghba.view.HbaFileRule;
import io.github.pghba.view.IdentFileMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the golden corpus: files that real PostgreSQL 13.18, 14.18, 15.13, 16.9, 17.5 and 18.0
 * servers parsed, with the {@code pg_hba_file_rules} / {@code pg_ident_file_mappings} rows they
 * returned and whether they loaded the file. Every column of every row must be equal.
 */
class GoldenCorpusTest {
    private static final Path ROOT = Path.of("src/test/resources/golden");
    private static final String CASEDIR = "/casedir";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> cases;
        try (Stream<Path> s = Files.list(ROOT)) {
            cases = s.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().toList();
        }
        assertThat(cases).as("golden cases").hasSizeGreaterThan(100);
        for (Path dir : cases) {
            JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
            for (Map.Entry<String, JsonNode> v : expected.get("versions").properties()) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " @ " + v.getKey(),
                        () -> check(dir, expected, PgVersion.parse(v.getKey()), v.getValue())));
            }
        }
        return tests.stream();
    }

    static LoadOptions options(Path dir, JsonNode expected, PgVersion version) throws IOException {
        ServerSettings settings = ServerSettings.DEFAULT;
        JsonNode s = expected.get("settings");
        if (s != null) {
            if (s.has("ssl")) {
                settings = settings.withSsl(s.get("ssl").asBoolean());
            }
            if (s.has("db_user_namespace")) {
                settings = settings.withDbUserNamespace(s.get("db_user_namespace").asBoolean());
            }
            if (s.has("oauth_validator_libraries")) {
                settings = settings.withOauthValidatorLibraries(s.get("oauth_validator_libraries").asText());
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString();
                if (!rel.equals("expected.json")) {
                    files.put(CASEDIR + "/" + rel, Files.readAllBytes(p));
                }
            }
        }
        return LoadOptions.defaults().withVersion(version).withSettings(settings).withBuild(BuildFeatures.SSL_ONLY)
                .withFiles(FileSource.inMemory(files))
                .withHostResolves(n -> Set.of("localhost", "ip6-localhost", "ip6-loopback").contains(n)
                        || n.matches("[0-9.]+|[0-9a-fA-F:]+"));
    }

    private static void check(Path dir, JsonNode expected, PgVersion version, JsonNode want) throws Exception {
        LoadOptions options = options(dir, expected, version);
        HbaLoader loader = HbaLoader.with(options);
        HbaConfig hba = loader.loadHba(CASEDIR + "/pg_hba.conf");
        ArrayNode got = hbaRows(hba);
        String context = "case " + dir.getFileName() + " on " + version + "\n--- file:\n"
                + Files.readString(dir.resolve("pg_hba.conf"), java.nio.charset.StandardCharsets.ISO_8859_1)
                + "\n--- our diagnostics:\n" + hba.diagnostics();
        assertThat(got).as("pg_hba_file_rules rows, " + context).isEqualTo(want.get("rows"));
        assertThat(hba.loadable()).as("loads, " + context).isEqualTo(want.get("loads").asBoolean());
        if (expected.has("ident")) {
            IdentConfig ident = loader.loadIdent(CASEDIR + "/" + expected.get("ident").asText());
            if (want.has("ident_rows")) {
                assertThat(identRows(ident)).as("pg_ident_file_mappings rows, " + context)
                        .isEqualTo(want.get("ident_rows"));
            }
            if (want.has("ident_loads")) {
                assertThat(ident.loadable()).as("ident loads, " + context)
                        .isEqualTo(want.get("ident_loads").asBoolean());
            }
        }
    }

    static ArrayNode hbaRows(HbaConfig hba) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (HbaFileRule r : FileViews.hbaFileRules(hba)) {
            rows.add(toJson(r.columns(hba.version().major())));
        }
        return rows;
    }

    static ArrayNode identRows(IdentConfig ident) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (IdentFileMapping r : FileViews.identFileMappings(ident)) {
            rows.add(toJson(r.columns(ident.version().major())));
        }
        return rows;
    }

    private static ObjectNode toJson(Map<String, Optional<Object>> columns) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        columns.forEach((k, v) -> {
            if (v.isEmpty()) {
                o.putNull(k);
            } else if (v.get() instanceof Integer i) {
                o.put(k, i);
            } else if (v.get() instanceof List<?> l) {
                ArrayNode a = o.putArray(k);
                l.forEach(x -> a.add(String.valueOf(x)));
            } else {
                String text = String.valueOf(v.get());
                if (k.equals("file_name") && text.startsWith(CASEDIR + "/")) {
                    text = text.substring(CASEDIR.length() + 1);
                }
                o.put(k, text.replace(CASEDIR, "${CASEDIR}"));
            }
        });
        return o;
    }
}
