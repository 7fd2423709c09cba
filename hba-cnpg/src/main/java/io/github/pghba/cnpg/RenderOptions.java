package io.github.pghba.cnpg;

import io.github.pghba.check.PgVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What rendering needs besides the manifest.
 *
 * @param operator the operator release whose templates apply
 * @param selectors pod IPs per {@code ${podselector:NAME}} name (1.29+); they take precedence over
 *     the manifest's {@code status.podSelectorRefs}. A name mapped to an empty list matches no pods.
 * @param pgVersion the PostgreSQL release to assume when the manifest names none (no
 *     {@code imageName} tag, no {@code imageCatalogRef.major}); empty: the operator's default image
 * @param osUser the operating-system user PostgreSQL runs as in the pod: {@code postgres} in the
 *     operator's images. {@code /} renders the operator's insecure fallback, used when it cannot
 *     look the user up.
 * @param ldapBindPassword what to write for {@code ldapbindpasswd=}, which the operator reads from
 *     a Secret
 */
public record RenderOptions(OperatorVersion operator, Map<String, List<String>> selectors,
        Optional<PgVersion> pgVersion, String osUser, String ldapBindPassword) {

    /** The OS user of the operator's images. */
    public static final String DEFAULT_OS_USER = "postgres";

    /** The placeholder written for the LDAP bind password. */
    public static final String PASSWORD_PLACEHOLDER = "********";

    /** Copies the map (IPs sorted and deduplicated as the operator stores them). */
    public RenderOptions {
        Objects.requireNonNull(operator, "operator");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        selectors.forEach((k, v) -> copy.put(k, List.copyOf(new java.util.TreeSet<>(v))));
        selectors = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(pgVersion, "pgVersion");
        Objects.requireNonNull(osUser, "osUser");
        Objects.requireNonNull(ldapBindPassword, "ldapBindPassword");
    }

    /** Operator {@link OperatorVersion#DEFAULT}, no selectors, OS user postgres. */
    public static RenderOptions defaults() {
        return new RenderOptions(OperatorVersion.DEFAULT, Map.of(), Optional.empty(), DEFAULT_OS_USER,
                PASSWORD_PLACEHOLDER);
    }

    /** A copy for another operator release. */
    public RenderOptions withOperator(OperatorVersion v) {
        return new RenderOptions(v, selectors, pgVersion, osUser, ldapBindPassword);
    }

    /** A copy with these selector IPs. */
    public RenderOptions withSelectors(Map<String, List<String>> s) {
        return new RenderOptions(operator, s, pgVersion, osUser, ldapBindPassword);
    }

    /** A copy assuming this PostgreSQL release when the manifest names none. */
    public RenderOptions withPgVersion(PgVersion v) {
        return new RenderOptions(operator, selectors, Optional.of(v), osUser, ldapBindPassword);
    }

    /** A copy with another OS user ({@code /} for the operator's insecure fallback). */
    public RenderOptions withOsUser(String user) {
        return new RenderOptions(operator, selectors, pgVersion, user, ldapBindPassword);
    }

    /**
     * Parses {@code --selector} values: {@code NAME=IP[,IP...]}, several names separated by commas
     * ({@code web=10.0.0.5,10.0.0.6,batch=10.0.1.7}) or given in several values. {@code NAME=}
     * alone means the selector matches no pods.
     *
     * @throws IllegalArgumentException on an IP before any {@code NAME=}
     */
    public static Map<String, List<String>> parseSelectors(List<String> values) {
        Map<String, LinkedHashSet<String>> out = new LinkedHashMap<>();
        for (String value : values) {
            String current = null;
            for (String part : value.split(",", -1)) {
                String p = part.strip();
                int eq = p.indexOf('=');
                if (eq >= 0) {
                    current = p.substring(0, eq).strip();
                    if (current.isEmpty()) {
                        throw new IllegalArgumentException("empty selector name in \"" + value + "\"");
                    }
                    out.computeIfAbsent(current, k -> new LinkedHashSet<>());
                    p = p.substring(eq + 1).strip();
                }
                if (p.isEmpty()) {
                    continue;
                }
                if (current == null) {
                    throw new IllegalArgumentException("\"" + p + "\" comes before any NAME= in \"" + value + "\"");
                }
                out.get(current).add(p);
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        out.forEach((k, v) -> result.put(k, new ArrayList<>(v)));
        return result;
    }
}
