package io.github.pghba.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server for one run: a copy of the template cluster, listening only on a Unix
 * socket in a private directory, {@code ssl = on}, {@code hba_file}/{@code ident_file} fixed to
 * {@code conf/pg_hba.conf} and {@code conf/pg_ident.conf}, the log (stderr) in a file, and ONE
 * superuser session kept open for the whole run (a reload never affects an established session,
 * so the file under test cannot lock us out).
 *
 * <p>A case: write its files into {@code conf/}, SIGHUP the postmaster twice
 * ({@code pg_reload_conf()}) and read the log between the two "received SIGHUP" lines: that is
 * the complete output of the first reload (the postmaster finishes a reload before it handles
 * the next signal), and the file was refused iff it says "... was not reloaded". Then read the
 * views, which parse the files afresh.
 */
final class PgServer implements AutoCloseable {
    private static final Set<PgServer> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "@PGC@";
    private static final byte[] MARKER = "received SIGHUP, reloading configuration files".getBytes(StandardCharsets.UTF_8);
    private static final Pattern ENTRY = Pattern.compile("^@PGC@(\\d+)@ ([A-Z0-9]+):  ?(.*)$");
    private static final long TIMEOUT_MS = 60_000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (PgServer s : RUNNING) {
                s.kill();
            }
        }, "pg-servers-stop"));
    }

    final PgInstall pg;
    final int major;
    private final Host host;
    final Path run;
    final Path data;
    final Path conf;
    private final Path sock;
    private final boolean sockOutsideRun;
    final Path logFile;
    private final Path settingsFile;
    /** The TCP port (127.0.0.1 and ::1) and the Unix socket's port number: a free port at start. */
    final int port;
    /** The network namespace the server runs in, or null (the machine's own network). */
    final NetLab lab;
    private Process proc;
    private long pid;
    private PgWire session;
    private ConfCase.Settings current = ConfCase.Settings.DEFAULT;
    String serverVersion;
    double startSeconds;

    private PgServer(Host host, PgInstall pg, NetLab lab) throws IOException {
        this.host = host;
        this.lab = lab;
        this.pg = pg;
        this.major = pg.major;
        Path runs = host.work.resolve("runs");
        Files.createDirectories(runs);
        this.run = Files.createTempDirectory(runs, pg.version + "-" + ProcessHandle.current().pid() + "-"
                + SEQ.incrementAndGet() + "-");
        Files.setPosixFilePermissions(run, Fs.DIR);
        host.own(run);
        this.data = run.resolve("data");
        this.conf = run.resolve("conf");
        Path s = run.resolve("sock");
        boolean outside = false;
        if ((s + "/.s.PGSQL.65535").getBytes(StandardCharsets.UTF_8).length > 100) {
            s = Files.createTempDirectory(Path.of("/tmp"), "pgc");
            outside = true;
        }
        this.sock = s;
        this.sockOutsideRun = outside;
        this.logFile = run.resolve("server.log");
        this.settingsFile = run.resolve("settings.conf");
        // nothing else listens in a private namespace
        this.port = lab != null ? 5432 : freePort();
    }

    /** A port free on 127.0.0.1 and on ::1 (if the machine has IPv6). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (java.net.ServerSocket ss = new java.net.ServerSocket()) {
                ss.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
                p = ss.getLocalPort();
            }
            try (java.net.ServerSocket ss = new java.net.ServerSocket()) {
                ss.bind(new java.net.InetSocketAddress("::1", p));
                return p;
            } catch (IOException e) {
                // taken on ::1 (or no IPv6): try another
            }
        }
        throw new IOException("no free port on 127.0.0.1 and ::1");
    }

    /** The Unix socket of the server. */
    Path socket() {
        return sock.resolve(".s.PGSQL." + port);
    }

    /** The superuser session kept open for the whole run. */
    PgWire session() {
        return session;
    }

    /** Replaces conf/pg_hba.conf. */
    void writeHba(byte[] text) throws IOException {
        writeConf(conf.resolve("pg_hba.conf"), text);
    }

    /** The size of the log file: a position to read new entries from. */
    long logPosition() throws IOException {
        return size();
    }

    /** The log from {@code from} to its current end (UTF-8, invalid bytes replaced). */
    String logFrom(long from) throws IOException {
        return Text.decode(read(from, size()));
    }

    /** Removes run directories left behind by JVMs that are gone. */
    static void cleanStaleRuns(Host host) throws IOException {
        Path runs = host.work.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (var s = Files.list(runs)) {
            for (Path p : s.toList()) {
                String[] parts = p.getFileName().toString().split("-");
                if (parts.length >= 2) {
                    try {
                        long owner = Long.parseLong(parts[1]);
                        if (owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).isEmpty()) {
                            Fs.deleteTree(p);
                        }
                    } catch (NumberFormatException | IOException e) {
                        // not ours or busy: leave it
                    }
                }
            }
        }
    }

    static PgServer start(Host host, PgInstall pg) throws IOException {
        return start(host, pg, null);
    }

    /**
     * A server in {@code lab}'s network and mount namespaces (its interfaces, its /etc/hosts),
     * listening on every address; or, if {@code lab} is null, on 127.0.0.1 and ::1 only.
     */
    static PgServer start(Host host, PgInstall pg, NetLab lab) throws IOException {
        long t0 = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            PgServer s = new PgServer(host, pg, lab);
            try {
                s.startProcess();
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            // The free port was free when chosen; another process (other builds run on the same
            // machine) may have bound it on 127.0.0.1 or ::1 since. The postmaster then only logs
            // it and listens on the rest, and attempts to that address would reach the other
            // process or be refused: start again on another port.
            String log = s.logFrom(0);
            if (lab == null && log.contains("could not bind") && attempt < 5) {
                s.close();
                continue;
            }
            s.startSeconds = (System.nanoTime() - t0) / 1e9;
            return s;
        }
    }

    private void startProcess() throws IOException {
        Fs.run(List.of("cp", "-a", pg.template.resolve("data").toString(), data.toString()), null, 120);
        for (Path d : List.of(conf, sock)) {
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, Fs.DIR);
            host.own(d);
        }
        Files.copy(host.certFile, data.resolve("server.crt"));
        Files.copy(host.keyFile, data.resolve("server.key"));
        for (String f : List.of("server.crt", "server.key")) {
            Files.setPosixFilePermissions(data.resolve(f), PosixFilePermissions.fromString(
                    "rw-------"));
            host.own(data.resolve(f));
        }
        writeConf(conf.resolve("pg_hba.conf"), "local all " + PgInstall.SUPERUSER + " trust\n");
        writeConf(conf.resolve("pg_ident.conf"), "");
        writeSettings(current);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", lab != null ? "*" : "127.0.0.1,::1");
        settings.put("port", String.valueOf(port));
        settings.put("unix_socket_directories", sock.toString());
        settings.put("hba_file", conf.resolve("pg_hba.conf").toString());
        settings.put("ident_file", conf.resolve("pg_ident.conf").toString());
        settings.put("log_line_prefix", PREFIX + "%p@ ");
        settings.put("log_destination", "stderr");
        settings.put("logging_collector", "off");
        settings.put("log_min_messages", "warning");
        settings.put("lc_messages", "C");
        settings.put("log_timezone", "UTC");
        settings.put("timezone", "UTC");
        settings.put("ssl_cert_file", "server.crt");
        settings.put("ssl_key_file", "server.key");
        settings.put("ssl_ca_file", "server.crt");
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "off");
        settings.put("autovacuum", "off");
        settings.put("shared_buffers", "16MB");
        settings.put("max_connections", "20");
        StringBuilder pc = new StringBuilder("\n# --- hba-conformance ---\n");
        settings.forEach((k, v) -> pc.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        // ssl, db_user_namespace, oauth_validator_libraries: rewritten per case, read at every reload
        pc.append("include '").append(settingsFile.toString().replace("'", "''")).append("'\n");
        Files.writeString(data.resolve("postgresql.conf"), pc, StandardOpenOption.APPEND);

        List<String> cmd = host.asServer(List.of(pg.bin("postgres").toString(), "-D", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(lab != null ? lab.inside(cmd) : cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.directory(data.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        pb.environment().put("TZ", "UTC");
        proc = pb.start();
        RUNNING.add(this);
        Path socket = socket();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true) {
            if (!proc.isAlive()) {
                throw new IOException("PostgreSQL " + pg.version + " did not start:\n" + logTail(4000));
            }
            if (Files.exists(socket)) {
                try {
                    session = PgWire.connect(socket, PgInstall.SUPERUSER, "postgres", TIMEOUT_MS);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("cannot connect to PostgreSQL " + pg.version + ": " + e.getMessage()
                                + "\n" + logTail(4000), e);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("PostgreSQL " + pg.version + " did not become ready:\n" + logTail(4000));
            }
            sleepMillis(10);
        }
        serverVersion = session.parameters.getOrDefault("server_version", "?");
        pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    boolean alive() {
        return proc != null && proc.isAlive();
    }

    /** Replaces the contents of {@code conf/} with the case's files (an empty pg_ident.conf if it has none). */
    void install(ConfCase c) throws IOException {
        Fs.deleteContents(conf);
        for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
            Path p = conf.resolve(f.getKey());
            mkdirs(p.getParent());
            if (f.getKey().endsWith("/")) {
                mkdirs(p);
            } else {
                writeConf(p, f.getValue());
            }
        }
        if (!c.files().containsKey("pg_ident.conf")) {
            writeConf(conf.resolve("pg_ident.conf"), "");
        }
    }

    private void mkdirs(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            mkdirs(d.getParent());
            Files.createDirectory(d);
            Files.setPosixFilePermissions(d, Fs.DIR);
        }
    }

    private void writeConf(Path p, String text) throws IOException {
        writeConf(p, text.getBytes(StandardCharsets.UTF_8));
    }

    private void writeConf(Path p, byte[] bytes) throws IOException {
        Files.write(p, bytes);
        Files.setPosixFilePermissions(p, Fs.FILE);
    }

    private void writeSettings(ConfCase.Settings s) throws IOException {
        Files.writeString(settingsFile, String.join("\n", s.confLines(major)) + "\n");
        Files.setPosixFilePermissions(settingsFile, Fs.FILE);
    }

    /**
     * Reloads the installed files and reads the views: the server's side of a case. The settings
     * are written first, so the same reload applies them.
     */
    Outcome reloadAndRead(ConfCase.Settings settings) throws IOException {
        ConfCase.Settings want = settings.forMajor(major);
        if (!want.equals(current)) {
            writeSettings(want);
            current = want;
        }
        long start = size();
        session.query("SELECT pg_reload_conf()");
        awaitMarkers(start, 1);
        session.query("SELECT pg_reload_conf()");
        long[] marks = awaitMarkers(start, 2);
        byte[] seg = read(marks[0], marks[1]);
        List<String> entries = postmasterEntries(seg);
        boolean hbaLoads = entries.stream().noneMatch(e -> e.matches("(?s)LOG: .*pg_hba\\.conf\"? was not reloaded.*"));
        boolean identLoads = entries.stream().noneMatch(e -> e.matches("(?s)LOG: .*pg_ident\\.conf\"? was not reloaded.*"));

        // the session applies the new settings when it next reads a command; make sure it has
        String check = "SELECT current_setting('ssl')"
                + (major <= 16 ? " || ',' || current_setting('db_user_namespace')" : "")
                + (major >= 18 ? " || ',' || current_setting('oauth_validator_libraries')" : "");
        String expect = (want.ssl() ? "on" : "off") + (major <= 16 ? (want.dbUserNamespace() ? ",on" : ",off") : "")
                + (major >= 18 ? "," + want.oauthValidatorLibraries() : "");
        StringBuilder sql = new StringBuilder(check).append(";\n")
                .append("SELECT row_to_json(r)::text FROM (SELECT * FROM pg_hba_file_rules) r;\n");
        if (major >= 15) {
            sql.append("SELECT row_to_json(r)::text FROM (SELECT * FROM pg_ident_file_mappings) r;\n");
        }
        for (int attempt = 0;; attempt++) {
            List<List<List<byte[]>>> res = session.query(sql.toString());
            String got = new String(res.get(0).get(0).get(0), StandardCharsets.UTF_8);
            if (got.equals(expect)) {
                return new Outcome(hbaLoads, identLoads, rows(res.get(1)), major >= 15 ? rows(res.get(2)) : null,
                        entries);
            }
            if (attempt > 500) {
                throw new IOException("the session does not see the settings " + expect + " (has " + got + ")");
            }
            sleepMillis(2);
        }
    }

    private static ArrayNode rows(List<List<byte[]>> result) throws IOException {
        ArrayNode a = JSON.createArrayNode();
        for (List<byte[]> row : result) {
            a.add(JSON.readTree(Text.decode(row.get(0))));
        }
        return a;
    }

    /**
     * Whether the server's resolver finds each host name, asked through the server itself: a
     * RADIUS line per name (PostgreSQL resolves RADIUS servers while parsing, with the same
     * getaddrinfo() call the reload makes). Overwrites {@code conf/pg_hba.conf}. (RADIUS lines are
     * parsed the same way on every version and the whole host knows the same names.)
     */
    Map<String, Boolean> resolves(Collection<String> names) throws IOException {
        List<String> order = new ArrayList<>(names);
        StringBuilder sb = new StringBuilder();
        for (String n : order) {
            String list = "\"" + n.replace("\"", "\"\"") + "\"";
            String token = "\"" + ("radiusservers=" + list).replace("\"", "\"\"") + "\"";
            sb.append("host all all 127.0.0.1/32 radius radiussecrets=x ").append(token).append('\n');
        }
        writeConf(conf.resolve("pg_hba.conf"), sb.toString());
        List<List<List<byte[]>>> res = session.query(
                "SELECT line_number, type, error FROM pg_hba_file_rules ORDER BY line_number");
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (List<byte[]> row : res.get(0)) {
            int line = Integer.parseInt(new String(row.get(0), StandardCharsets.UTF_8));
            // a name that does not resolve gives a row with every column NULL, error included
            // (the message only goes to the log), or an error row if it is not a name at all
            out.put(order.get(line - 1), row.get(1) != null && row.get(2) == null);
        }
        for (String n : order) {
            out.putIfAbsent(n, false);
        }
        return out;
    }

    // ------------------------------------------------------------------ log

    private long size() throws IOException {
        return Files.size(logFile);
    }

    private byte[] read(long from, long to) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            f.seek(from);
            byte[] b = new byte[(int) (to - from)];
            f.readFully(b);
            return b;
        }
    }

    /**
     * Waits until the log holds {@code count} "received SIGHUP" lines after {@code from}; returns
     * the offsets of the end of the first such line and the start of the last one.
     */
    private long[] awaitMarkers(long from, int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        long seen = from;
        while (true) {
            long end = size();
            if (end > seen) {
                byte[] b = read(from, end);
                List<long[]> lines = new ArrayList<>();
                int i = 0;
                while ((i = indexOf(b, MARKER, i)) >= 0) {
                    int ls = i;
                    while (ls > 0 && b[ls - 1] != '\n') {
                        ls--;
                    }
                    int le = i;
                    while (le < b.length && b[le] != '\n') {
                        le++;
                    }
                    if (le < b.length) {
                        lines.add(new long[] {from + ls, from + le + 1});
                    }
                    i = le;
                }
                if (lines.size() >= count) {
                    return new long[] {lines.get(0)[1], lines.get(count - 1)[0]};
                }
                seen = end;
            }
            if (!alive()) {
                throw new IOException("PostgreSQL " + pg.version + " died:\n" + logTail(4000));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("PostgreSQL " + pg.version + " did not log the reload:\n" + logTail(4000));
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static int indexOf(byte[] b, byte[] pat, int from) {
        outer:
        for (int i = from; i <= b.length - pat.length; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (b[i + j] != pat[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The postmaster's own log entries in a segment, as "LEVEL: text" (continuation lines joined). */
    private List<String> postmasterEntries(byte[] seg) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : Text.decode(seg).split("\n", -1)) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                if (cur != null) {
                    out.add(cur.toString());
                }
                cur = Long.parseLong(m.group(1)) == pid ? new StringBuilder(m.group(2) + ": " + m.group(3)) : null;
            } else if (cur != null && line.startsWith("\t")) {
                cur.append('\n').append(line.substring(1));
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    String logTail(int bytes) {
        try {
            long end = size();
            return new String(read(Math.max(0, end - bytes), end), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    // ------------------------------------------------------------------ stop

    private void kill() {
        if (session != null) {
            session.close();
        }
        if (proc != null && proc.isAlive()) {
            proc.destroy(); // SIGTERM: smart shutdown, immediate without sessions
            try {
                if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                    proc.destroyForcibly();
                    proc.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                proc.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        RUNNING.remove(this);
        if (!Boolean.getBoolean("pghba.conformance.keep")) {
            try {
                Fs.deleteTree(run);
                if (sockOutsideRun) {
                    Fs.deleteTree(sock);
                }
            } catch (IOException e) {
                // leave it for cleanStaleRuns
            }
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
