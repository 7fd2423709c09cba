package io.github.pghba.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    /** The evaluation environment described by the file (roles, interfaces, hosts). */
    static Environment environment(Path file) throws IOException {
        JsonNode root = read(file);
        Environment env = Environment.defaults();
        JsonNode roles = root.get("roles");
        if (roles != null) {
            if (!roles.isArray()) {
                throw new IOException(file + ": \"roles\" must be an array");
            }
            RoleGraph.Builder b = RoleGraph.builder();
            for (JsonNode r : roles) {
                if (!r.isObject() || !r.hasNonNull("name")) {
                    throw new IOException(file + ": each role needs a \"name\"");
                }
                for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
                    String k = it.next();
                    if (!Set.of("name", "superuser", "member_of").contains(k)) {
                        throw new IOException(file + ": unknown role key \"" + k + "\" (known: name, superuser, member_of)");
                    }
                }
                String name = r.get("name").asText();
                b.role(name, r.has("superuser") && bool(file, r, "superuser"));
                JsonNode m = r.get("member_of");
                if (m != null) {
                    if (!m.isArray()) {
                        throw new IOException(file + ": \"member_of\" of role " + name + " must be an array");
                    }
                    for (JsonNode g : m) {
                        b.grant(g.asText(), name);
                    }
                }
            }
            env = env.withRoles(b.build());
        }
        JsonNode ifs = root.get("interfaces");
        if (ifs != null) {
            if (!ifs.isArray()) {
                throw new IOException(file + ": \"interfaces\" must be an array");
            }
            List<ServerInterface> list = new ArrayList<>();
            for (JsonNode i : ifs) {
                checkInterface(file, i);
                try {
                    list.add(ServerInterface.of(i.get("address").asText(), i.get("prefix").asInt()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
            env = env.withInterfaces(list);
        }
        JsonNode hosts = root.get("hosts");
        if (hosts != null) {
            if (!hosts.isTextual()) {
                throw new IOException(file + ": \"hosts\" must be hosts(5) text");
            }
            env = env.withResolver(HostResolver.hostsFile(hosts.asText()));
        }
        return env;
    }

    private static final Set<String> INTERFACE_KEYS = Set.of("address", "prefix", "name");

    private static void checkInterface(Path file, JsonNode i) throws IOException {
        if (!i.isObject() || !i.hasNonNull("address") || !i.hasNonNull("prefix") || !i.get("prefix").isInt()) {
            throw new IOException(file + ": each interface needs \"address\" and an integer \"prefix\"");
        }
        for (Iterator<String> it = i.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!INTERFACE_KEYS.contains(k)) {
                throw new IOException(file + ": unknown interface key \"" + k + "\" (known: address, prefix, name)");
            }
        }
        if (i.has("name") && (!i.get("name").isTextual() || i.get("name").asText().isEmpty())) {
            throw new IOException(file + ": an interface \"name\" must be a non-empty string");
        }
    }

    private static JsonNode read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": the environment file must hold a JSON object");
        }
        return root;
    }

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
            boolean on = bool(file, root, "db_user_namespace");
            if (on && options.version().atLeast(17)) {
                // the server would not start: the parameter is unknown from 17 on
                throw new IOException(file + ": \"db_user_namespace\" was removed in PostgreSQL 17");
            }
            settings = settings.withDbUserNamespace(on);
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
        JsonNode ifs = root.get("interfaces");
        if (ifs != null && ifs.isArray()) {
            // names for IPv6 zone ids (fe80::1%eth0) in addresses and RADIUS server names; lo is always there
            Set<String> names = new java.util.TreeSet<>(options.interfaceNames());
            for (JsonNode i : ifs) {
                checkInterface(file, i);
                if (i.has("name")) {
                    names.add(i.get("name").asText());
                }
            }
            options = options.withInterfaceNames(names);
        }
        JsonNode hosts = root.get("hosts");
        if (hosts != null) {
            if (!hosts.isTextual()) {
                throw new IOException(file + ": \"hosts\" must be hosts(5) text");
            }
            // PostgreSQL resolves RADIUS server names while it loads the file
            HostResolver resolver = HostResolver.hostsFile(hosts.asText());
            options = options.withHostResolves(name -> !resolver.forward(name).isEmpty());
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
