package io.github.pghba.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.check.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One input: the files of a configuration directory ({@code pg_hba.conf}, optionally
 * {@code pg_ident.conf}, and whatever they include or reference), plus the server settings.
 *
 * @param id {@code golden/NNN-slug}, {@code cases/NAME} or {@code gen/SEED/INDEX}
 * @param files relative path to bytes; a key ending in {@code /} is an empty directory
 * @param onlyVersions the majors to run on; empty = all
 */
record ConfCase(String id, String description, Map<String, byte[]> files, Settings settings, Set<Integer> onlyVersions) {
    static final String META = "case.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    ConfCase {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        onlyVersions = Set.copyOf(onlyVersions);
        if (!files.containsKey("pg_hba.conf")) {
            throw new IllegalArgumentException(id + ": no pg_hba.conf");
        }
    }

    /** The postgresql.conf settings that change how the files are read (each only where it exists). */
    record Settings(boolean ssl, boolean dbUserNamespace, String oauthValidatorLibraries) {
        static final Settings DEFAULT = new Settings(true, false, "");

        /** What the server of this major is configured with (a setting it does not have is left out). */
        Settings forMajor(int major) {
            return new Settings(ssl, major <= 16 && dbUserNamespace, major >= 18 ? oauthValidatorLibraries : "");
        }

        ServerSettings library() {
            return ServerSettings.DEFAULT.withSsl(ssl).withDbUserNamespace(dbUserNamespace)
                    .withOauthValidatorLibraries(oauthValidatorLibraries);
        }

        /** postgresql.conf lines for this major. */
        List<String> confLines(int major) {
            Settings s = forMajor(major);
            List<String> lines = new ArrayList<>();
            lines.add("ssl = " + (s.ssl ? "on" : "off"));
            if (major <= 16) {
                lines.add("db_user_namespace = " + (s.dbUserNamespace ? "on" : "off"));
            }
            if (major >= 18) {
                lines.add("oauth_validator_libraries = '" + s.oauthValidatorLibraries.replace("'", "''") + "'");
            }
            return lines;
        }

        static Settings fromJson(JsonNode n) {
            if (n == null || n.isNull()) {
                return DEFAULT;
            }
            return new Settings(n.path("ssl").asBoolean(true), n.path("db_user_namespace").asBoolean(false),
                    n.path("oauth_validator_libraries").asText(""));
        }

        ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode();
            if (!ssl) {
                o.put("ssl", false);
            }
            if (dbUserNamespace) {
                o.put("db_user_namespace", true);
            }
            if (!oauthValidatorLibraries.isEmpty()) {
                o.put("oauth_validator_libraries", oauthValidatorLibraries);
            }
            return o;
        }

        @Override
        public String toString() {
            return toJson().toString();
        }
    }

    boolean runsOn(int major) {
        return onlyVersions.isEmpty() || onlyVersions.contains(major);
    }

    ConfCase withFiles(Map<String, byte[]> newFiles) {
        return new ConfCase(id, description, newFiles, settings, onlyVersions);
    }

    ConfCase withId(String newId, String newDescription) {
        return new ConfCase(newId, newDescription, files, settings, onlyVersions);
    }

    /**
     * Reads a case directory: every file but {@code metaName} (expected.json of the golden corpus,
     * whose answers are NOT used, or case.json) is an input; the metadata gives description,
     * settings and only_versions.
     */
    static ConfCase read(String id, Path dir, String metaName) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted().toList();
        }
        for (Path p : paths) {
            if (p.equals(dir)) {
                continue;
            }
            String rel = dir.relativize(p).toString();
            if (Files.isDirectory(p)) {
                try (Stream<Path> l = Files.list(p)) {
                    if (l.findAny().isEmpty()) {
                        files.put(rel + "/", new byte[0]);
                    }
                }
            } else if (!rel.equals(metaName)) {
                files.put(rel, Files.readAllBytes(p));
            }
        }
        JsonNode meta = Files.exists(dir.resolve(metaName)) ? JSON.readTree(dir.resolve(metaName).toFile())
                : JSON.createObjectNode();
        Set<Integer> only = new TreeSet<>();
        meta.path("only_versions").forEach(v -> only.add(v.asInt()));
        return new ConfCase(id, meta.path("description").asText(""), files, Settings.fromJson(meta.get("settings")),
                only);
    }

    /** Writes the case as a directory that {@link #read} gives back (with case.json). */
    void save(Path dir) throws IOException {
        if (Files.exists(dir)) {
            Fs.deleteTree(dir);
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (f.getKey().endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("description", Text.escapeString(description));
        meta.put("origin", id);
        if (!settings.equals(Settings.DEFAULT)) {
            meta.set("settings", settings.toJson());
        }
        if (!onlyVersions.isEmpty()) {
            meta.putArray("only_versions").addAll(onlyVersions.stream().sorted().map(JSON.getNodeFactory()::numberNode)
                    .toList());
        }
        Files.writeString(dir.resolve(META), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n");
    }

    /** The files as escaped text, for a reproduction. */
    String describeFiles() {
        StringBuilder sb = new StringBuilder();
        if (!settings.equals(Settings.DEFAULT)) {
            sb.append("  settings: ").append(settings).append('\n');
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().endsWith("/")) {
                sb.append("  ").append(f.getKey()).append(" (empty directory)\n");
            } else {
                sb.append("  ").append(f.getKey()).append(" (").append(f.getValue().length).append(" bytes):\n")
                        .append(Text.escapeFile(f.getValue()));
            }
        }
        return sb.toString();
    }
}
