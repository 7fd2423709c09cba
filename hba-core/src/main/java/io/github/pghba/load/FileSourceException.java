package io.github.pghba.load;

import java.util.Objects;

/**
 * A file could not be opened or read. Carries the C {@code errno} name and the glibc
 * {@code strerror} text PostgreSQL puts into its messages.
 */
public final class FileSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The errno values PostgreSQL's messages distinguish. */
    public enum Errno {
        /** {@code No such file or directory}. */
        ENOENT("No such file or directory"),
        /** {@code Permission denied}. */
        EACCES("Permission denied"),
        /** {@code Is a directory}. */
        EISDIR("Is a directory"),
        /** {@code Not a directory}. */
        ENOTDIR("Not a directory"),
        /** {@code Too many levels of symbolic links}. */
        ELOOP("Too many levels of symbolic links"),
        /** {@code Input/output error}: any other failure. */
        EIO("Input/output error");

        private final String strerror;

        Errno(String strerror) {
            this.strerror = strerror;
        }

        /** glibc's {@code strerror} text. */
        public String strerror() {
            return strerror;
        }
    }

    private final Errno errno;

    /** A failure with the given errno. */
    public FileSourceException(String path, Errno errno) {
        super(path + ": " + errno.strerror());
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** The errno. */
    public Errno errno() {
        return errno;
    }
}
