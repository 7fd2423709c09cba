package io.github.pghba.load;

import io.github.pghba.internal.PgPaths;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The built-in {@link FileSource}s. */
final class FileSources {
    private FileSources() {}

    static final FileSource FILESYSTEM = new FileSource() {
        @Override
        public byte[] read(String path) throws FileSourceException {
            Path p = path(path);
            try {
                // no stat first: reading a directory fails with EISDIR by itself (translate)
                return readAll(p);
            } catch (AccessDeniedException e) {
                if (Files.isDirectory(p)) {
                    // as before: a directory is EISDIR even when it cannot be opened
                    throw new FileSourceException(path, FileSourceException.Errno.EISDIR);
                }
                throw translate(path, e);
            } catch (IOException e) {
                throw translate(path, e);
            }
        }

        @Override
        public Kind kind(String path) {
            Path p;
            try {
                p = path(path);
            } catch (FileSourceException e) {
                return Kind.MISSING;
            }
            if (Files.isDirectory(p)) {
                return Kind.DIRECTORY;
            }
            if (Files.isRegularFile(p)) {
                return Kind.FILE;
            }
            return Files.exists(p) ? Kind.OTHER : Kind.MISSING;
        }

        @Override
        public List<String> list(String directory) throws FileSourceException {
            try (Stream<Path> s = Files.list(path(directory))) {
                List<String> names = new ArrayList<>();
                s.forEach(p -> names.add(p.getFileName().toString()));
                return names;
            } catch (IOException e) {
                throw translate(directory, e);
            }
        }
    };

    /**
     * The file's bytes: as many as its size says, read without the extra read that would find the
     * end (one system call fewer than {@link Files#readAllBytes}, a tenth of a small file's read);
     * files without a size (size 0: /proc, pipes) are read to the end.
     */
    static byte[] readAll(Path p) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
            long size = ch.size();
            if (size <= 0 || size > Integer.MAX_VALUE - 64) {
                return Channels.newInputStream(ch).readAllBytes();
            }
            byte[] buf = new byte[(int) size];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
            while (bb.hasRemaining()) {
                if (ch.read(bb) < 0) {
                    break; // it shrank
                }
            }
            return bb.position() == buf.length ? buf : java.util.Arrays.copyOf(buf, bb.position());
        }
    }

    /**
     * The JVM cannot name a file whose name is not valid in its file-name encoding (a Latin-1 byte in
     * a UTF-8 system): such a file is reported missing.
     */
    static Path path(String path) throws FileSourceException {
        try {
            return Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            FileSourceException f = new FileSourceException(path, FileSourceException.Errno.ENOENT);
            f.initCause(e);
            throw f;
        }
    }

    static FileSourceException translate(String path, IOException e) {
        FileSourceException.Errno errno;
        if (e instanceof NoSuchFileException) {
            errno = FileSourceException.Errno.ENOENT;
        } else if (e instanceof AccessDeniedException) {
            errno = FileSourceException.Errno.EACCES;
        } else if (e instanceof NotDirectoryException) {
            errno = FileSourceException.Errno.ENOTDIR;
        } else if (e instanceof FileSystemLoopException) {
            errno = FileSourceException.Errno.ELOOP;
        } else if (String.valueOf(e.getMessage()).contains("Is a directory")) {
            errno = FileSourceException.Errno.EISDIR;
        } else {
            errno = FileSourceException.Errno.EIO;
        }
        FileSourceException f = new FileSourceException(path, errno);
        f.initCause(e);
        return f;
    }

    static final class InMemory implements FileSource {
        private final Map<String, byte[]> files;

        InMemory(Map<String, byte[]> files) {
            Map<String, byte[]> copy = new TreeMap<>();
            files.forEach((k, v) -> copy.put(PgPaths.canonicalize(k), v.clone()));
            this.files = copy;
        }

        @Override
        public byte[] read(String path) throws FileSourceException {
            String key = PgPaths.canonicalize(path);
            byte[] b = files.get(key);
            if (b != null) {
                return b.clone();
            }
            if (kind(path) == Kind.DIRECTORY) {
                throw new FileSourceException(path, FileSourceException.Errno.EISDIR);
            }
            throw new FileSourceException(path, FileSourceException.Errno.ENOENT);
        }

        @Override
        public Kind kind(String path) {
            String key = PgPaths.canonicalize(path);
            if (files.containsKey(key)) {
                return Kind.FILE;
            }
            String prefix = key.endsWith("/") ? key : key + "/";
            if (key.isEmpty() || key.equals(".")) {
                return files.isEmpty() ? Kind.MISSING : Kind.DIRECTORY;
            }
            for (String k : files.keySet()) {
                if (k.startsWith(prefix)) {
                    return Kind.DIRECTORY;
                }
            }
            return Kind.MISSING;
        }

        @Override
        public List<String> list(String directory) throws FileSourceException {
            Kind k = kind(directory);
            if (k == Kind.MISSING) {
                throw new FileSourceException(directory, FileSourceException.Errno.ENOENT);
            }
            if (k == Kind.FILE) {
                throw new FileSourceException(directory, FileSourceException.Errno.ENOTDIR);
            }
            String key = PgPaths.canonicalize(directory);
            String prefix = key.equals(".") || key.isEmpty() ? "" : (key.endsWith("/") ? key : key + "/");
            Set<String> names = new LinkedHashSet<>();
            for (String f : files.keySet()) {
                if (f.startsWith(prefix)) {
                    String rest = f.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    names.add(slash < 0 ? rest : rest.substring(0, slash));
                }
            }
            return new ArrayList<>(names);
        }
    }

    static final class Confined implements FileSource {
        private final FileSource delegate;
        private final String root;

        Confined(FileSource delegate, String root) {
            this.delegate = delegate;
            String r = PgPaths.canonicalize(Path.of(root).toAbsolutePath().toString());
            this.root = r.endsWith("/") ? r : r + "/";
        }

        private void check(String path) throws FileSourceException {
            String abs = PgPaths.canonicalize(path(path).toAbsolutePath().toString());
            if (!(abs + "/").startsWith(root)) {
                throw new FileSourceException(path, FileSourceException.Errno.EACCES);
            }
        }

        @Override
        public byte[] read(String path) throws FileSourceException {
            check(path);
            return delegate.read(path);
        }

        @Override
        public Kind kind(String path) {
            try {
                check(path);
            } catch (FileSourceException e) {
                return Kind.OTHER;
            }
            return delegate.kind(path);
        }

        @Override
        public List<String> list(String directory) throws FileSourceException {
            check(directory);
            return delegate.list(directory);
        }
    }
}
