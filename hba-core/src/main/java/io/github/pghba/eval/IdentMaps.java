package io.github.pghba.eval;

import io.github.pghba.check.PgVersion;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.IdentMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user name maps of a pg_ident.conf, checked as PostgreSQL's {@code check_usermap} does: all
 * lines of the map in file order, the first that admits wins; regex system names with {@code \1}
 * substitution; in 16+ {@code all}, {@code +role} and regular expressions for the database user.
 */
public final class IdentMaps {
    private final List<IdentMapping> lines;
    private final PgVersion version;
    /** Compiled once in the constructor, read-only afterwards (thread-safe). */
    private final Map<String, Optional<AreRegex>> regexes = new HashMap<>();

    private IdentMaps(List<IdentMapping> lines, PgVersion version) {
        this.lines = List.copyOf(lines);
        this.version = version;
        for (IdentMapping m : lines) {
            for (AuthToken t : List.of(m.systemUser(), m.databaseUser())) {
                if (t.isRegex()) {
                    regexes.computeIfAbsent(t.text(), k -> AreRegex.compile(k.substring(1)));
                }
            }
        }
    }

    /** No maps: every {@code map=} check fails. */
    public static IdentMaps none(PgVersion version) {
        return new IdentMaps(List.of(), version);
    }

    /**
     * The maps of a loaded pg_ident.conf. A file with errors is not loaded by PostgreSQL (a fresh
     * server then has no maps at all), so such a file gives no maps.
     */
    public static IdentMaps of(IdentConfig config) {
        return new IdentMaps(config.loadable() ? config.mappings() : List.of(), config.version());
    }

    /** The mapping lines in use. */
    public List<IdentMapping> lines() {
        return lines;
    }

    /**
     * {@code check_usermap(map, pgUser, systemUser, caseInsensitive)}.
     *
     * @param map the rule's {@code map=} value; empty (or an empty string) means no map
     */
    public IdentResult check(Optional<String> map, String databaseUser, String systemUser, boolean caseInsensitive,
            RoleGraph roles) {
        if (map.isEmpty() || map.get().isEmpty()) {
            boolean eq = caseInsensitive ? asciiFold(databaseUser).equals(asciiFold(systemUser))
                    : databaseUser.equals(systemUser);
            return new IdentResult(eq, Optional.empty(), systemUser, databaseUser, Optional.empty(), eq
                    ? Optional.empty()
                    : Optional.of("provided user name (" + databaseUser + ") and authenticated user name (" + systemUser
                            + ") do not match"));
        }
        String name = map.get();
        for (IdentMapping line : lines) {
            if (!line.mapName().equals(name)) {
                continue;
            }
            LineResult r = checkLine(line, databaseUser, systemUser, caseInsensitive, roles);
            if (r.error != null) {
                return new IdentResult(false, map, systemUser, databaseUser, Optional.of(line), Optional.of(r.error));
            }
            if (r.found) {
                return new IdentResult(true, map, systemUser, databaseUser, Optional.of(line), Optional.empty());
            }
        }
        return new IdentResult(false, map, systemUser, databaseUser, Optional.empty(), Optional.of(
                "no match in usermap \"" + name + "\" for user \"" + databaseUser + "\" authenticated as \"" + systemUser
                        + "\""));
    }

    private record LineResult(boolean found, String error) {}

    private LineResult checkLine(IdentMapping line, String pgUser, String systemUser, boolean ci, RoleGraph roles) {
        AuthToken sys = line.systemUser();
        AuthToken role = line.databaseUser();
        boolean v16 = version.atLeast(16);
        if (sys.isRegex()) {
            Optional<AreRegex> re = regexes.get(sys.text());
            if (re == null || re.isEmpty()) {
                return new LineResult(false, "regular expression match for \"" + sys.text().substring(1)
                        + "\" failed: invalid regular expression");
            }
            Optional<Optional<String>> g = re.get().findGroup1(systemUser);
            if (g.isEmpty()) {
                return new LineResult(false, null);
            }
            String expected = role.text();
            boolean substitute = !v16 || !(role.isRoleMembership() || role.isRegex());
            int ref = expected.indexOf("\\1");
            if (substitute && ref >= 0) {
                if (g.get().isEmpty()) {
                    return new LineResult(false, "regular expression \"" + sys.text().substring(1)
                            + "\" has no subexpressions as requested by backreference in \"" + expected + "\"");
                }
                expected = expected.substring(0, ref) + g.get().get() + expected.substring(ref + 2);
                if (v16) {
                    return new LineResult(roleMatches(pgUser, expected, true, ci, roles), null);
                }
            }
            if (!v16) {
                return new LineResult(ci ? asciiFold(expected).equals(asciiFold(pgUser)) : expected.equals(pgUser),
                        null);
            }
            return new LineResult(roleMatches(pgUser, role.text(), role.quoted(), ci, roles), null);
        }
        boolean sysEq = ci ? asciiFold(sys.text()).equals(asciiFold(systemUser)) : sys.text().equals(systemUser);
        if (!v16) {
            boolean roleEq = ci ? asciiFold(role.text()).equals(asciiFold(pgUser)) : role.text().equals(pgUser);
            return new LineResult(sysEq && roleEq, null);
        }
        if (!sysEq) {
            return new LineResult(false, null);
        }
        return new LineResult(roleMatches(pgUser, role.text(), role.quoted(), ci, roles), null);
    }

    /** 16+ {@code check_role} on one token. */
    private boolean roleMatches(String pgUser, String tok, boolean quoted, boolean ci, RoleGraph roles) {
        if (!quoted && tok.startsWith("+")) {
            return roles.isMember(pgUser, tok.substring(1));
        }
        if (!quoted && tok.equals("all")) {
            return true;
        }
        if (tok.startsWith("/")) {
            Optional<AreRegex> re = regexes.getOrDefault(tok, Optional.empty());
            return re.isPresent() && re.get().find(pgUser);
        }
        return ci ? asciiFold(tok).equals(asciiFold(pgUser)) : tok.equals(pgUser);
    }

    /** pg_strcasecmp folds ASCII letters only. */
    static String asciiFold(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "IdentMaps(" + lines.size() + " lines, PostgreSQL " + version.toString().toLowerCase(Locale.ROOT) + ")";
    }
}
