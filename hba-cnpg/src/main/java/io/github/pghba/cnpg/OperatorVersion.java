package io.github.pghba.cnpg;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudNativePG operator release: {@code 1.30} (the newest patch of 1.30 pghba knows), or
 * {@code 1.28.3}. Releases 1.0 to 1.14 are EDB's Cloud Native PostgreSQL, from which CloudNativePG
 * was forked at 1.15; their templates are rendered too.
 *
 * <p>The operator back-ported several template changes to the older supported branches in patch
 * releases (the metrics-exporter rule arrived in 1.28.3, 1.29.1 and 1.30.0 on the same day), so
 * the patch release matters: see {@code hba-cnpg/TEMPLATES.md}.
 *
 * @param major the major version (always 1)
 * @param minor the minor version, 0 to 30 for the releases pghba knows
 * @param patch the patch release, or {@link #NEWEST_PATCH} for the newest one of the minor
 */
public record OperatorVersion(int major, int minor, int patch) implements Comparable<OperatorVersion> {

    /** Patch value meaning "the newest patch release of the minor". */
    public static final int NEWEST_PATCH = Integer.MAX_VALUE;

    /** The newest release pghba knows the templates of: 1.30.0. */
    public static final OperatorVersion NEWEST_KNOWN = new OperatorVersion(1, 30, 0);

    /** The default for rendering: {@code 1.30}, the newest 1.30 patch. */
    public static final OperatorVersion DEFAULT = new OperatorVersion(1, 30, NEWEST_PATCH);

    private static final Pattern SYNTAX = Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");

    /** Validates the components. */
    public OperatorVersion {
        if (major != 1) {
            throw new IllegalArgumentException("CloudNativePG operator versions are 1.x, not " + major + ".x");
        }
        if (minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version components must not be negative");
        }
    }

    /**
     * Parses {@code 1.30}, {@code 1.28.3} or {@code v1.30.0}.
     *
     * @throws IllegalArgumentException if the text is not such a version
     */
    public static OperatorVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a CloudNativePG operator version: \"" + text
                    + "\" (expected 1.30 or 1.28.3)");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = m.group(3) == null ? NEWEST_PATCH : Integer.parseInt(m.group(3));
        return new OperatorVersion(major, minor, patch);
    }

    /** {@code 1.minor.patch}. */
    public static OperatorVersion of(int minor, int patch) {
        return new OperatorVersion(1, minor, patch);
    }

    /** Whether this is 1.minor.patch or newer. */
    public boolean atLeast(int minor, int patch) {
        return this.minor > minor || (this.minor == minor && this.patch >= patch);
    }

    /**
     * Whether a change released on several branches at once is in this release. {@code branches}
     * lists (minor, patch) pairs in ascending order, e.g. {@code 28, 3, 29, 1, 30, 0}: the change is
     * in 1.28.3 and later 1.28.x, 1.29.1 and later 1.29.x, and every release from 1.30.0 on.
     */
    boolean has(int... branches) {
        if (branches.length == 0 || branches.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of (minor, patch) expected");
        }
        int lastMinor = branches[branches.length - 2];
        if (minor > lastMinor) {
            return true;
        }
        for (int i = 0; i < branches.length; i += 2) {
            if (branches[i] == minor) {
                return patch >= branches[i + 1];
            }
        }
        return false;
    }

    /** Whether pghba knows this release's templates (1.0.0 to {@link #NEWEST_KNOWN}'s minor). */
    public boolean known() {
        return minor <= NEWEST_KNOWN.minor();
    }

    /** Whether this names the newest patch of a minor rather than one patch release. */
    public boolean newestPatch() {
        return patch == NEWEST_PATCH;
    }

    @Override
    public int compareTo(OperatorVersion o) {
        int c = Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    /** {@code 1.30} for the newest patch, {@code 1.28.3} otherwise. */
    @Override
    public String toString() {
        return major + "." + minor + (patch == NEWEST_PATCH ? "" : "." + patch);
    }
}
