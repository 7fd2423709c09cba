package io.github.pghba.load;

import java.util.List;

/**
 * Where the loader reads files from: the main file, {@code include*} targets and {@code @file} name
 * lists. Paths are strings in PostgreSQL's form ({@code /}-separated; relative paths are resolved by
 * the loader against the including file's directory before they reach the source).
 *
 * <p>Implementations: {@link #filesystem()}, {@link #inMemory(java.util.Map)} and
 * {@link #confined(FileSource, String)}. Failures are reported as {@link FileSourceException} with
 * the {@code errno} PostgreSQL would see, so messages match the server's.
 */
public interface FileSource {

    /**
     * Reads a whole file.
     *
     * @throws FileSourceException if it cannot be opened or read ({@code ENOENT}, {@code EISDIR}...)
     */
    byte[] read(String path) throws FileSourceException;

    /** What a path names. */
    enum Kind {
        /** A regular file (symbolic links are followed). */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** Nothing there. */
        MISSING,
        /** Something else that exists (a socket, a device...). */
        OTHER
    }

    /** What {@code path} names, following symbolic links. */
    Kind kind(String path);

    /**
     * The names of the entries of a directory, in no particular order (no {@code .} or {@code ..}).
     *
     * @throws FileSourceException if it is not a readable directory
     */
    List<String> list(String directory) throws FileSourceException;

    /** The real file system. */
    static FileSource filesystem() {
        return FileSources.FILESYSTEM;
    }

    /**
     * Files held in memory, keyed by path. Directories are implied by the keys' prefixes.
     *
     * @param files path to content; the paths are taken as given (use the same form the loader
     *     builds: the main path, and relative includes joined to its directory)
     */
    static FileSource inMemory(java.util.Map<String, byte[]> files) {
        return new FileSources.InMemory(files);
    }

    /**
     * A source that refuses ({@code EACCES}) every path outside {@code root}, after normalising
     * {@code .} and {@code ..}, so an untrusted file cannot make the loader read elsewhere.
     */
    static FileSource confined(FileSource delegate, String root) {
        return new FileSources.Confined(delegate, root);
    }
}
