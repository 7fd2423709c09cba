package io.github.pghba.analysis;

import java.util.Optional;

/**
 * Makes up a name a simple ARE pattern matches: literals as written, the first character a bracket
 * allows, the minimum count of each quantifier (at least one for +), the first alternative. The
 * caller checks the sample really matches.
 */
final class RegexSample {
    private RegexSample() {}

    static Optional<String> of(String are) {
        try {
            String p = are;
            if (p.startsWith("***=")) {
                return Optional.of(p.substring(4));
            }
            if (p.startsWith("***:")) {
                p = p.substring(4);
            }
            if (p.startsWith("(?")) {
                p = p.substring(p.indexOf(')') + 1);
            }
            StringBuilder out = new StringBuilder();
            int[] pos = {0};
            alternation(p, pos, out);
            String s = out.toString();
            return Optional.of(s.isEmpty() ? "x" : s);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void alternation(String p, int[] pos, StringBuilder out) {
        int start = out.length();
        sequence(p, pos, out);
        while (pos[0] < p.length() && p.charAt(pos[0]) == '|') {
            pos[0]++;
            StringBuilder ignored = new StringBuilder();
            sequence(p, pos, ignored);
        }
        if (out.length() < start) {
            throw new IllegalStateException();
        }
    }

    private static void sequence(String p, int[] pos, StringBuilder out) {
        while (pos[0] < p.length()) {
            char c = p.charAt(pos[0]);
            if (c == '|' || c == ')') {
                return;
            }
            StringBuilder atom = new StringBuilder();
            atom(p, pos, atom);
            int min = 1;
            if (pos[0] < p.length()) {
                char q = p.charAt(pos[0]);
                if (q == '*' || q == '?') {
                    min = 0;
                    pos[0]++;
                } else if (q == '+') {
                    pos[0]++;
                } else if (q == '{' && pos[0] + 1 < p.length() && Character.isDigit(p.charAt(pos[0] + 1))) {
                    int close = p.indexOf('}', pos[0]);
                    String body = p.substring(pos[0] + 1, close);
                    min = Integer.parseInt(body.split(",", -1)[0]);
                    pos[0] = close + 1;
                }
                if (pos[0] < p.length() && p.charAt(pos[0]) == '?') {
                    pos[0]++;
                }
            }
            for (int i = 0; i < min; i++) {
                out.append(atom);
            }
        }
    }

    private static void atom(String p, int[] pos, StringBuilder out) {
        char c = p.charAt(pos[0]++);
        switch (c) {
            case '^', '$' -> { }
            case '.' -> out.append('x');
            case '(' -> {
                if (p.startsWith("?:", pos[0])) {
                    pos[0] += 2;
                } else if (p.startsWith("?=", pos[0]) || p.startsWith("?!", pos[0])) {
                    pos[0] += 2;
                    StringBuilder ignored = new StringBuilder();
                    alternation(p, pos, ignored);
                    pos[0]++;
                    return;
                } else if (p.startsWith("?<=", pos[0]) || p.startsWith("?<!", pos[0])) {
                    pos[0] += 3;
                    StringBuilder ignored = new StringBuilder();
                    alternation(p, pos, ignored);
                    pos[0]++;
                    return;
                }
                alternation(p, pos, out);
                pos[0]++; // ')'
            }
            case '[' -> {
                boolean negated = pos[0] < p.length() && p.charAt(pos[0]) == '^';
                if (negated) {
                    pos[0]++;
                }
                int start = pos[0];
                int end = p.indexOf(']', start + 1);
                String body = p.substring(start, end);
                pos[0] = end + 1;
                if (negated) {
                    for (char cand : "xyzq_0".toCharArray()) {
                        if (body.indexOf(cand) < 0) {
                            out.append(cand);
                            return;
                        }
                    }
                    out.append('#');
                } else if (body.startsWith("[:")) {
                    out.append(body.startsWith("[:digit") ? '0' : body.startsWith("[:space") ? ' ' : 'a');
                } else {
                    out.append(body.charAt(0) == '\\' ? body.charAt(1) : body.charAt(0));
                }
            }
            case '\\' -> {
                char e = p.charAt(pos[0]++);
                switch (e) {
                    case 'd' -> out.append('0');
                    case 'w' -> out.append('a');
                    case 's' -> out.append(' ');
                    case 'D', 'W', 'S' -> out.append('-');
                    case 'y', 'Y', 'm', 'M', 'A', 'Z' -> { }
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    default -> out.append(e);
                }
            }
            default -> out.append(c);
        }
    }
}
