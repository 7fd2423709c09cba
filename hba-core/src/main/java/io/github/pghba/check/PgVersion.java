package io.github.pghba.check;

import java.util.Objects;

/**
 * A PostgreSQL release whose rules apply: a major version 13 to 18 and, where it matters, a minor
 * release.
 *
 * <p>The minor release changes two things only: the token length limit of 13–15 (255 usable bytes
 * before 13.12, 14.9 and 15.4; 10,239 from then on) and whether the view shows {@code ldapscheme}
 * (from 13.19, 14.16, 15.11, 16.7 and 17.3). A version created from a major alone ({@link #of(int)})
 * stands for the newest minor release of that major.
 *
 * @param major the major version, 13 to 18
 * @param minor the minor release, or {@link #LATEST_MINOR} for the newest one
 */
public record PgVersion(int major, int minor) implements Comparable<PgVersion> {

    /** The lowest major version pghba knows. */
    public static final int MIN_MAJOR = 13;
    /** The highest major version pghba knows. */
    public static final int MAX_MAJOR = 18;
    /** Minor value meaning "the newest minor release of the major". */
    public static final int LATEST_MINOR = Integer.MAX_VALUE;

    /** The newest major version pghba knows, in its newest minor release. */
    public static final PgVersion LATEST = of(MAX_MAJOR);

    /** Validates the components. */
    public PgVersion {
        if (major < MIN_MAJOR || major > MAX_MAJOR) {
            throw new IllegalArgumentException(
                    "PostgreSQL major version must be " + MIN_MAJOR + " to " + MAX_MAJOR + ", not " + major);
        }
        if (minor < 0) {
            throw new IllegalArgumentException("minor release must not be negative: " + minor);
        }
    }

    /** The newest minor release of {@code major}. */
    public static PgVersion of(int major) {
        return new PgVersion(major, LATEST_MINOR);
    }

    /** A specific release, e.g. {@code of(15, 3)}. */
    public static PgVersion of(int major, int minor) {
        return new PgVersion(major, minor);
    }

    /**
     * Parses {@code "16"}, {@code "15.3"} or {@code "13.18.0"} (a third component, as in the zonky
     * binaries' versions, is ignored).
     *
     * @throws IllegalArgumentException if the text is not such a version or the major is unknown
     */
    public static PgVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split("\\.", -1);
        try {
            int major = Integer.parseInt(parts[0]);
            if (parts.length == 1) {
                return of(major);
            }
            if (parts.length > 3) {
                throw new IllegalArgumentException("not a PostgreSQL version: \"" + text + "\"");
            }
            return of(major, Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a PostgreSQL version: \"" + text + "\"", e);
        }
    }

    /** Whether this major version is {@code major} or newer. */
    public boolean atLeast(int major) {
        return this.major >= major;
    }

    /** Whether this release is {@code major.minor} or newer. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /**
     * The size of hba.c's token buffer in bytes, or {@link Integer#MAX_VALUE} when tokens are
     * unlimited (16+). A token reaches the limit when it would need this many bytes including the
     * terminating NUL.
     */
    public int tokenBufferBytes() {
        return switch (major) {
            case 13 -> minor >= 12 ? 10240 : 256;
            case 14 -> minor >= 9 ? 10240 : 256;
            case 15 -> minor >= 4 ? 10240 : 256;
            default -> Integer.MAX_VALUE;
        };
    }

    /** Whether {@code pg_hba_file_rules} shows the {@code ldapscheme} option (Feb-2025 minor releases). */
    public boolean viewShowsLdapScheme() {
        return switch (major) {
            case 13 -> minor >= 19;
            case 14 -> minor >= 16;
            case 15 -> minor >= 11;
            case 16 -> minor >= 7;
            case 17 -> minor >= 3;
            default -> true;
        };
    }

    @Override
    public int compareTo(PgVersion o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    /** {@code "16"} for the newest minor, {@code "15.3"} otherwise. */
    @Override
    public String toString() {
        return minor == LATEST_MINOR ? Integer.toString(major) : major + "." + minor;
    }
}
