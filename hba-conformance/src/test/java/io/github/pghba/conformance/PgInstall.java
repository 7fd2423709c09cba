package io.github.pghba.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One PostgreSQL release: its binaries unpacked from the zonky jar, and a template cluster made
 * by {@code initdb} once (superuser {@value #SUPERUSER}, trust, UTF8, locale C). Both are kept in
 * the work directory across runs; every server starts from a copy of the template.
 */
final class PgInstall {
    static final String SUPERUSER = "pgc";

    final String version;
    final int major;
    final Path home;
    final Path template;

    private PgInstall(String version, Path home, Path template) {
        this.version = version;
        this.major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        this.home = home;
        this.template = template;
    }

    Path bin(String name) {
        return home.resolve("bin").resolve(name);
    }

    static PgInstall prepare(Host host, String version, Path jar) throws IOException {
        Path home = host.work.resolve("pg").resolve(version);
        if (!Files.exists(home.resolve(".complete"))) {
            unpack(host, jar, home);
        }
        Path template = host.work.resolve("template").resolve(version);
        PgInstall install = new PgInstall(version, home, template);
        if (!Files.exists(template.resolve(".complete"))) {
            install.initdb(host);
        }
        return install;
    }

    private static void unpack(Host host, Path jar, Path home) throws IOException {
        Files.createDirectories(home.getParent());
        Path tmp = Files.createTempDirectory(home.getParent(), home.getFileName() + ".tmp");
        try {
            Path txz = tmp.resolve("postgres.txz");
            try (ZipFile z = new ZipFile(jar.toFile())) {
                ZipEntry e = z.getEntry("postgres-linux-x86_64.txz");
                if (e == null) {
                    throw new IOException(jar + " has no postgres-linux-x86_64.txz");
                }
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, txz);
                }
            }
            Fs.run(List.of("tar", "-xJf", txz.toString()), tmp, 300);
            Files.delete(txz);
            for (String sub : List.of("bin", "lib", "share")) {
                if (!Files.isDirectory(tmp.resolve(sub))) {
                    throw new IOException("unexpected layout of " + jar + ": no " + sub + "/");
                }
            }
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(p, Fs.DIR);
                }
            }
            Files.createFile(tmp.resolve(".complete"));
            Fs.deleteTree(home);
            Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Fs.deleteTree(tmp);
        }
    }

    private void initdb(Host host) throws IOException {
        Files.createDirectories(template.getParent());
        Path tmp = Files.createTempDirectory(template.getParent(), template.getFileName() + ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, Fs.DIR);
            host.own(tmp);
            Fs.run(host.asServer(List.of(bin("initdb").toString(), "-D", tmp.resolve("data").toString(), "-U",
                    SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "-N")), tmp, 300);
            Files.createFile(tmp.resolve(".complete"));
            Fs.deleteTree(template);
            Files.move(tmp, template, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Fs.deleteTree(tmp);
        }
    }
}
