package io.github.pghba.testing;

import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ENV.json} format of the command line ({@code ssl}, {@code build}, {@code roles},
 * {@code interfaces}, {@code hosts}), read with a small JSON reader so that the module needs no JSON
 * library.
 */
final class EnvJson {
    private final String text;
    private int pos;

    private EnvJson(String text) {
        this.text = text;
    }

    record Parsed(LoadOptions options, Environment environment) {}

    @SuppressWarnings("unchecked")
    static Parsed parse(String json, LoadOptions options) throws IOException {
        Object root = new EnvJson(json).document();
        if (!(root instanceof Map<?, ?> m)) {
            throw new IOException("the environment file must hold a JSON object");
        }
        Map<String, Object> o = (Map<String, Object>) m;
        var settings = options.settings();
        var build = options.build();
        Environment env = Environment.defaults();
        for (Map.Entry<String, Object> e : o.entrySet()) {
            switch (e.getKey()) {
                case "ssl" -> settings = settings.withSsl(bool(e));
                case "db_user_namespace" -> settings = settings.withDbUserNamespace(bool(e));
                case "oauth_validator_libraries" -> settings = settings.withOauthValidatorLibraries(String.valueOf(e.getValue()));
                case "build" -> {
                    for (Map.Entry<String, Object> b : ((Map<String, Object>) e.getValue()).entrySet()) {
                        boolean v = bool(b);
                        build = switch (b.getKey()) {
                            case "ssl" -> build.withSsl(v);
                            case "gssapi" -> build.withGssapi(v);
                            case "ldap" -> build.withLdap(v);
                            case "pam" -> build.withPam(v);
                            case "bsd" -> build.withBsd(v);
                            case "sspi" -> build.withSspi(v);
                            case "radius" -> build.withRadius(v);
                            case "openldap" -> build.withOpenLdap(v);
                            default -> throw new IOException("unknown build feature \"" + b.getKey() + "\"");
                        };
                    }
                }
                case "roles" -> {
                    RoleGraph.Builder g = RoleGraph.builder();
                    for (Object r : (List<Object>) e.getValue()) {
                        Map<String, Object> role = (Map<String, Object>) r;
                        String name = String.valueOf(role.get("name"));
                        g.role(name, Boolean.TRUE.equals(role.get("superuser")));
                        for (Object grp : (List<Object>) role.getOrDefault("member_of", List.of())) {
                            g.grant(String.valueOf(grp), name);
                        }
                    }
                    env = env.withRoles(g.build());
                }
                case "interfaces" -> {
                    List<ServerInterface> l = new ArrayList<>();
                    for (Object i : (List<Object>) e.getValue()) {
                        Map<String, Object> it = (Map<String, Object>) i;
                        l.add(ServerInterface.of(String.valueOf(it.get("address")),
                                ((Number) it.get("prefix")).intValue()));
                    }
                    env = env.withInterfaces(l);
                }
                case "hosts" -> env = env.withResolver(HostResolver.hostsFile(String.valueOf(e.getValue())));
                default -> throw new IOException("unknown key \"" + e.getKey() + "\" in the environment file");
            }
        }
        return new Parsed(options.withSettings(settings).withBuild(build), env);
    }

    private static boolean bool(Map.Entry<String, Object> e) throws IOException {
        if (!(e.getValue() instanceof Boolean b)) {
            throw new IOException("\"" + e.getKey() + "\" must be true or false");
        }
        return b;
    }

    private Object document() throws IOException {
        Object v = value();
        ws();
        if (pos != text.length()) {
            throw error("trailing text");
        }
        return v;
    }

    private Object value() throws IOException {
        ws();
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    return m;
                }
                do {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                } while (peek(','));
                expect('}');
                return m;
            }
            case '[' -> {
                pos++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                    ws();
                } while (peek(','));
                expect(']');
                return l;
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (text.startsWith("true", pos)) {
                    pos += 4;
                    return Boolean.TRUE;
                }
                if (text.startsWith("false", pos)) {
                    pos += 5;
                    return Boolean.FALSE;
                }
                if (text.startsWith("null", pos)) {
                    pos += 4;
                    return "";
                }
                int start = pos;
                while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                    pos++;
                }
                if (start == pos) {
                    throw error("unexpected character '" + c + "'");
                }
                return Double.parseDouble(text.substring(start, pos));
            }
        }
    }

    private String string() throws IOException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private void ws() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws IOException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IOException error(String what) {
        return new IOException("environment file: " + what + " at offset " + pos);
    }
}
