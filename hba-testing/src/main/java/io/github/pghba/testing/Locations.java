package io.github.pghba.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** {@code classpath:...} and file locations. */
final class Locations {
    private Locations() {}

    /** A file system path for the location (a classpath resource in a directory), or null if it is inside a jar. */
    static Path path(String location, ClassLoader loader) throws IOException {
        if (!location.startsWith("classpath:")) {
            return Path.of(location);
        }
        String name = location.substring("classpath:".length()).replaceFirst("^/", "");
        URL url = loader.getResource(name);
        if (url == null) {
            throw new IOException("no classpath resource " + name);
        }
        if (!url.getProtocol().equals("file")) {
            return null;
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    static byte[] read(String location, ClassLoader loader) throws IOException {
        if (!location.startsWith("classpath:")) {
            return java.nio.file.Files.readAllBytes(Path.of(location));
        }
        String name = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no classpath resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
