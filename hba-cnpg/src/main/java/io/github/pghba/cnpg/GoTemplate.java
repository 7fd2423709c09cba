package io.github.pghba.cnpg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The part of Go's {@code text/template} the operator's templates use, with its exact white-space
 * rules: text, {@code {{.Field}}}, {@code {{ $var }}}, {@code {{ range $v := EXPR }}},
 * {@code {{ if EXPR }}}, {@code {{ end }}}, a two-argument function call, and the trim markers
 * {@code {{- } and { -}}} that remove all white space (spaces, tabs, newlines) on that side.
 *
 * <p>Every piece of output remembers where it came from: template text, or a value passed in as a
 * {@link Tagged} string (a user's pg_hba line, the LDAP line...), so rendered lines can be traced
 * back to the manifest.
 */
final class GoTemplate {

    /** A string value that remembers its origin. */
    record Tagged(String text, Object tag) {}

    /** A piece of output and its origin ({@code null} for template text). */
    record Chunk(String text, @Nullable Object tag) {}

    private sealed interface Node permits Text, Print, Range, If {}

    private record Text(String text) implements Node {}

    private record Print(String expr) implements Node {}

    private record Range(String var, String expr, List<Node> body) implements Node {}

    private record If(String expr, List<Node> body) implements Node {}

    private final List<Node> root;
    private final Map<String, BiFunction<Object, Object, List<?>>> functions;

    private GoTemplate(List<Node> root, Map<String, BiFunction<Object, Object, List<?>>> functions) {
        this.root = root;
        this.functions = functions;
    }

    /** Parses a template; {@code functions} are the two-argument functions it may call. */
    static GoTemplate parse(String text, Map<String, BiFunction<Object, Object, List<?>>> functions) {
        List<Object> tokens = tokenize(text);
        int[] pos = {0};
        List<Node> nodes = parseNodes(tokens, pos, false);
        return new GoTemplate(nodes, Map.copyOf(functions));
    }

    /** Action tokens are String[]{action}; text tokens are StringBuilder. */
    private static List<Object> tokenize(String text) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                out.add(new StringBuilder(text.substring(i)));
                break;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed action at offset " + open);
            }
            StringBuilder before = new StringBuilder(text.substring(i, open));
            String inner = text.substring(open + 2, close);
            boolean trimLeft = inner.startsWith("- ");
            boolean trimRight = inner.endsWith(" -");
            if (trimLeft) {
                inner = inner.substring(2);
                trimTrailing(before);
            }
            if (trimRight) {
                inner = inner.substring(0, inner.length() - 2);
            }
            out.add(before);
            out.add(new String[] {inner.trim()});
            i = close + 2;
            if (trimRight) {
                while (i < text.length() && isSpace(text.charAt(i))) {
                    i++;
                }
            }
        }
        return out;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static void trimTrailing(StringBuilder sb) {
        int n = sb.length();
        while (n > 0 && isSpace(sb.charAt(n - 1))) {
            n--;
        }
        sb.setLength(n);
    }

    private static List<Node> parseNodes(List<Object> tokens, int[] pos, boolean nested) {
        List<Node> out = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            Object t = tokens.get(pos[0]++);
            if (t instanceof StringBuilder sb) {
                if (sb.length() > 0) {
                    out.add(new Text(sb.toString()));
                }
                continue;
            }
            String action = ((String[]) t)[0];
            if (action.equals("end")) {
                if (!nested) {
                    throw new IllegalArgumentException("unexpected {{end}}");
                }
                return out;
            } else if (action.startsWith("range ")) {
                String rest = action.substring(6).trim();
                int assign = rest.indexOf(":=");
                String var = rest.substring(0, assign).trim();
                String expr = rest.substring(assign + 2).trim();
                out.add(new Range(var, expr, parseNodes(tokens, pos, true)));
            } else if (action.startsWith("if ")) {
                out.add(new If(action.substring(3).trim(), parseNodes(tokens, pos, true)));
            } else {
                out.add(new Print(action));
            }
        }
        if (nested) {
            throw new IllegalArgumentException("missing {{end}}");
        }
        return out;
    }

    /** Executes the template with {@code dot} as the data. */
    List<Chunk> execute(Map<String, ?> dot) {
        List<Chunk> out = new ArrayList<>();
        run(root, dot, new HashMap<>(), out);
        return out;
    }

    /** The output as one string. */
    static String text(List<Chunk> chunks) {
        StringBuilder sb = new StringBuilder();
        chunks.forEach(c -> sb.append(c.text()));
        return sb.toString();
    }

    private void run(List<Node> nodes, Map<String, ?> dot, Map<String, Object> vars, List<Chunk> out) {
        for (Node n : nodes) {
            if (n instanceof Text t) {
                out.add(new Chunk(t.text(), null));
            } else if (n instanceof Print p) {
                Object v = eval(p.expr(), dot, vars);
                if (v instanceof Tagged tg) {
                    out.add(new Chunk(tg.text(), tg.tag()));
                } else {
                    out.add(new Chunk(v == null ? "<no value>" : v.toString(), null));
                }
            } else if (n instanceof Range r) {
                Object v = eval(r.expr(), dot, vars);
                if (v instanceof Collection<?> c) {
                    for (Object item : c) {
                        Map<String, Object> inner = new HashMap<>(vars);
                        inner.put(r.var(), item);
                        run(r.body(), dot, inner, out);
                    }
                }
            } else if (n instanceof If f) {
                if (truth(eval(f.expr(), dot, vars))) {
                    run(f.body(), dot, vars, out);
                }
            }
        }
    }

    private static boolean truth(@Nullable Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Tagged t) {
            return !t.text().isEmpty();
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    private @Nullable Object eval(String expr, Map<String, ?> dot, Map<String, Object> vars) {
        String[] parts = expr.trim().split("\\s+");
        if (parts.length == 3) {
            BiFunction<Object, Object, List<?>> f = functions.get(parts[0]);
            if (f == null) {
                throw new IllegalArgumentException("function \"" + parts[0] + "\" not defined");
            }
            return f.apply(operand(parts[1], dot, vars), operand(parts[2], dot, vars));
        }
        if (parts.length != 1) {
            throw new IllegalArgumentException("unsupported expression: " + expr);
        }
        return operand(parts[0], dot, vars);
    }

    private static @Nullable Object operand(String token, Map<String, ?> dot, Map<String, Object> vars) {
        if (token.startsWith("$.")) {
            return dot.get(token.substring(2));
        }
        if (token.startsWith(".")) {
            return dot.get(token.substring(1));
        }
        if (token.startsWith("$")) {
            if (!vars.containsKey(token)) {
                throw new IllegalArgumentException("undefined variable " + token);
            }
            return vars.get(token);
        }
        throw new IllegalArgumentException("unsupported operand: " + token);
    }
}
