package io.github.pghba.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine the servers run on: who runs them (PostgreSQL refuses to run as root, so a root JVM
 * runs them as {@code nobody} through {@code setpriv}), the work directory they can use, and the
 * server certificate ({@code ssl = on}, so that {@code hostssl} lines are valid).
 */
final class Host {
    /** Thrown when servers cannot run here; the message says why. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    final boolean root;
    /** uid/gid the servers run as (root JVM only); -1 otherwise. */
    final int serverUid;
    final int serverGid;
    final Path work;
    final Path certFile;
    final Path keyFile;

    private Host(boolean root, int uid, int gid, Path work, Path cert, Path key) {
        this.root = root;
        this.serverUid = uid;
        this.serverGid = gid;
        this.work = work;
        this.certFile = cert;
        this.keyFile = key;
    }

    static Host detect(Path preferredWork) throws Unsupported, IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new Unsupported("the PostgreSQL binaries are for Linux x86_64; this is " + os + " " + arch);
        }
        for (String tool : List.of("tar", "xz", "cp", "openssl")) {
            if (which(tool) == null) {
                throw new Unsupported("`" + tool + "` is not installed");
            }
        }
        int uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        boolean root = uid == 0;
        int sUid = -1;
        int sGid = -1;
        if (root) {
            if (which("setpriv") == null) {
                throw new Unsupported("running as root, and PostgreSQL refuses to: `setpriv` (util-linux) is needed"
                        + " to run the servers as nobody");
            }
            String[] pw = passwd("nobody");
            if (pw == null) {
                throw new Unsupported("running as root, and there is no user `nobody` to run the servers as");
            }
            sUid = Integer.parseInt(pw[2]);
            sGid = Integer.parseInt(pw[3]);
        }
        Path work = preferredWork.toAbsolutePath().normalize();
        Files.createDirectories(work);
        Host host = new Host(root, sUid, sGid, work, work.resolve("cert/server.crt"), work.resolve("cert/server.key"));
        if (root && !host.serverCanUse(work)) {
            // an ancestor (e.g. /root) is closed to nobody: use a private directory under /tmp
            Path alt = Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "pghba-conformance-" + Integer.toHexString(
                    work.toString().hashCode()));
            Files.createDirectories(alt);
            Files.setPosixFilePermissions(alt, Fs.DIR);
            host = new Host(root, sUid, sGid, alt, alt.resolve("cert/server.crt"), alt.resolve("cert/server.key"));
            if (!host.serverCanUse(alt)) {
                throw new Unsupported("user nobody cannot use " + work + " nor " + alt);
            }
        }
        host.makeCertificate();
        return host;
    }

    /** The command, run as the server user. */
    List<String> asServer(List<String> cmd) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("setpriv", "--reuid=" + serverUid, "--regid=" + serverGid, "--clear-groups",
                    "--pdeathsig=SIGINT", "--"));
        }
        out.addAll(cmd);
        return out;
    }

    /** Gives a path to the server user (root JVM only). */
    void own(Path p) throws IOException {
        if (root) {
            Files.setAttribute(p, "unix:uid", serverUid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", serverGid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    void ownTree(Path p) throws IOException {
        if (root) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : s.toList()) {
                    own(x);
                }
            }
        }
    }

    private boolean serverCanUse(Path dir) throws IOException {
        own(dir);
        Files.setPosixFilePermissions(dir, Fs.DIR);
        try {
            Fs.run(asServer(List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString())), null, 30);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void makeCertificate() throws IOException {
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return;
        }
        Path dir = certFile.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, "tmp");
        Fs.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "36500", "-subj",
                "/CN=localhost", "-keyout", "server.key", "-out", "server.crt"), tmp, 120);
        Files.move(tmp.resolve("server.key"), keyFile, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp.resolve("server.crt"), certFile, StandardCopyOption.ATOMIC_MOVE);
        Fs.deleteTree(tmp);
    }

    static Path which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").concat(":/usr/bin:/bin:/usr/sbin:/sbin")
                .split(":")) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static String[] passwd(String user) throws IOException {
        Path passwd = Path.of("/etc/passwd");
        if (Files.isReadable(passwd)) {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length >= 4 && f[0].equals(user)) {
                    return f;
                }
            }
        }
        try {
            String[] f = Fs.run(List.of("getent", "passwd", user), null, 30).trim().split(":");
            return f.length >= 4 ? f : null;
        } catch (IOException e) {
            return null;
        }
    }
}
