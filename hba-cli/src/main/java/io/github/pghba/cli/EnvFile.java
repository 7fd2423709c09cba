package io.github.pghba.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code --env ENV.json} file: server settings and build features (and, for evaluation, roles,
 * interfaces and hosts). Unknown keys are an error, so a typo does not silently change nothing.
 */
final class EnvFile {
    private static final Set<String> KEYS = Set.of("ssl", "build", "db_user_namespace", "oauth_validator_libraries",
            "roles", "interfaces", "hosts");
    private static final Set<String> BUILD_KEYS = Set.of("ssl", "gssapi", "ldap", "pam", "bsd", "sspi", "radius",
            "openldap");

    private EnvFile() {}

    static LoadOptions apply(LoadOptions options, Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": the environment file must hold a JSON object");
        }
        ServerSettings settings = options.settings();
        BuildFeatures build = options.build();
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IOException(file + ": unknown key \"" + key + "\" (known: " + String.join(", ", KEYS) + ")");
            }
        }
        if (root.has("ssl")) {
            settings = settings.withSsl(bool(file, root, "ssl"));
        }
        if (root.has("db_user_namespace")) {
            settings = settings.withDbUserNamespace(bool(file, root, "db_user_namespace"));
        }
        if (root.has("oauth_validator_libraries")) {
            settings = settings.withOauthValidatorLibraries(root.get("oauth_validator_libraries").asText());
        }
        JsonNode b = root.get("build");
        if (b != null) {
            if (!b.isObject()) {
                throw new IOException(file + ": \"build\" must be an object");
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!BUILD_KEYS.contains(key)) {
                    throw new IOException(file + ": unknown build feature \"" + key + "\" (known: "
                            + String.join(", ", BUILD_KEYS) + ")");
                }
                boolean v = bool(file, b, key);
                build = switch (key) {
                    case "ssl" -> build.withSsl(v);
                    case "gssapi" -> build.withGssapi(v);
                    case "ldap" -> build.withLdap(v);
                    case "pam" -> build.withPam(v);
                    case "bsd" -> build.withBsd(v);
                    case "sspi" -> build.withSspi(v);
                    case "radius" -> build.withRadius(v);
                    default -> build.withOpenLdap(v);
                };
            }
        }
        return options.withSettings(settings).withBuild(build);
    }

    private static boolean bool(Path file, JsonNode node, String key) throws IOException {
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw new IOException(file + ": \"" + key + "\" must be true or false");
        }
        return v.asBoolean();
    }
}
