package io.github.pghba.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Everything for one PostgreSQL release: start its server, compare every case, restart the server
 * if a case kills it, minimise and save mismatching cases, stop the server.
 */
final class VersionRun {
    /** Host names the server's resolver was asked about (the same machine for every version). */
    private static final Map<String, Boolean> RESOLVED = new ConcurrentHashMap<>();

    /**
     * One case that did not agree.
     *
     * @param knownReason the reason from known-mismatches.txt, if listed
     * @param resembles for a generated case: the listed case whose differences have the same
     *     signature (same columns, same message templates), i.e. very probably the same bug
     */
    record Mismatch(String caseId, String knownReason, String resembles, List<String> differences,
            String reproduction, Path savedTo) {
        boolean expected() {
            return knownReason != null || resembles != null;
        }
    }

    /** Counts per corpus. */
    static final class Counts {
        int compared;
        int skipped;
        /** files the server loaded (pg_hba.conf) */
        int loaded;
    }

    /** The server's messages seen (the error column and the reload's log, quoted parts blanked): coverage. */
    final SortedMap<String, Integer> messages = new TreeMap<>();

    final Host host;
    final PgInstall pg;
    final KnownMismatches known;
    final Path failuresDir;
    final int maxMinimize;
    final Map<String, Counts> corpora = new LinkedHashMap<>();
    final List<Mismatch> mismatches = new ArrayList<>();
    /** known entries (case ids) that agreed on this version although they are listed */
    final List<String> staleKnown = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    /** signature -> id of a listed case that showed it on this version */
    private final Map<SortedSet<String>, String> knownSignatures = new LinkedHashMap<>();
    private final Pattern only;
    String serverVersion;
    double startSeconds;
    double seconds;
    int serverStarts;
    private PgServer server;
    private int minimized;
    /** time spent writing files, in the library, in the server (reload twice + views) */
    final long[] nanos = new long[3];
    int checks;

    /** Milliseconds per file: install, library, server. */
    String perFile() {
        if (checks == 0) {
            return "no files";
        }
        return String.format(Locale.ROOT, "%.1f ms (writing %.1f, library %.1f, server %.1f)",
                (nanos[0] + nanos[1] + nanos[2]) / 1e6 / checks, nanos[0] / 1e6 / checks, nanos[1] / 1e6 / checks,
                nanos[2] / 1e6 / checks);
    }

    VersionRun(Host host, PgInstall pg, KnownMismatches known, Path failuresDir, int maxMinimize,
            Pattern only) {
        this.only = only;
        this.serverVersion = pg.version;
        this.host = host;
        this.pg = pg;
        this.known = known;
        this.failuresDir = failuresDir;
        this.maxMinimize = maxMinimize;
    }

    int loaded() {
        return corpora.values().stream().mapToInt(c -> c.loaded).sum();
    }

    int compared() {
        return corpora.values().stream().mapToInt(c -> c.compared).sum();
    }

    List<Mismatch> unexpected() {
        return mismatches.stream().filter(m -> !m.expected()).toList();
    }

    /** Result of comparing one case. */
    record Check(ConfCase c, Outcome server, Outcome library, List<String> differences) {}

    private PgServer server() throws IOException {
        if (server == null || !server.alive()) {
            if (server != null) {
                server.close();
            }
            server = PgServer.start(host, pg);
            serverStarts++;
            if (serverStarts == 1) {
                serverVersion = server.serverVersion;
                startSeconds = server.startSeconds;
            }
        }
        return server;
    }

    /** Runs a corpus (a name and its cases). */
    void corpus(String name, Iterable<ConfCase> cases) {
        Counts counts = corpora.computeIfAbsent(name, k -> new Counts());
        for (ConfCase c : cases) {
            if (!c.runsOn(pg.major) || (only != null && !only.matcher(c.id()).matches())) {
                counts.skipped++;
                continue;
            }
            counts.compared++;
            String reason = known.reason(c.id(), pg.major);
            Check r;
            try {
                r = check(c);
            } catch (IOException | RuntimeException e) {
                // the server died or hung: that is a finding too; start a fresh one for the next case
                errors.add(c.id() + ": " + e.getMessage());
                close();
                mismatches.add(new Mismatch(c.id(), reason, null, List.of("server error: " + e.getMessage()),
                        reproduction(c, null, null, List.of("server error: " + stack(e))), null));
                continue;
            }
            if (r.server().hbaLoads()) {
                counts.loaded++;
            }
            for (String n : r.server().notes()) {
                if (n.startsWith("LOG: ") || n.startsWith("WARNING: ")) {
                    messages.merge(n.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("[0-9]+", "N")
                            .replaceAll("\\s+", " ").trim(), 1, Integer::sum);
                }
            }
            if (r.differences().isEmpty()) {
                if (reason != null) {
                    staleKnown.add(c.id());
                }
                continue;
            }
            SortedSet<String> sig = signature(r);
            String repro = reproduction(c, r.server(), r.library(), r.differences());
            if (reason != null) {
                knownSignatures.putIfAbsent(sig, c.id());
                mismatches.add(new Mismatch(c.id(), reason, null, r.differences(), repro, null));
                continue;
            }
            String like = null;
            if (c.id().startsWith("gen/")) {
                like = knownSignatures.get(sig);
                if (like == null) {
                    String t = known.triggeredBy(c, pg.major);
                    like = t == null ? null : t + ", by its trigger";
                }
            }
            if (like != null) {
                mismatches.add(new Mismatch(c.id(), null, like, r.differences(), repro, null));
                continue;
            }
            Path saved = null;
            if (minimized < maxMinimize) {
                minimized++;
                try {
                    ConfCase min = minimize(c);
                    Check m = check(min);
                    if (!m.differences().isEmpty() && !min.equals(c)) {
                        repro = "minimised reproduction:\n" + reproduction(min, m.server(), m.library(),
                                m.differences()) + "\noriginal case:\n" + repro;
                        c = min;
                    }
                } catch (IOException | RuntimeException e) {
                    repro += "\n(minimising failed: " + e + ")\n";
                }
                saved = failuresDir.resolve(c.id().replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + pg.major);
                try {
                    String what = Text.escapeString(String.join("; ", r.differences()));
                    c.withId(c.id(), "on PostgreSQL " + pg.version + ": " + what.substring(0, Math.min(300,
                            what.length()))).save(saved);
                } catch (IOException e) {
                    saved = null;
                }
            }
            mismatches.add(new Mismatch(c.id(), null, null, r.differences(), repro, saved));
        }
    }

    static SortedSet<String> signature(Check r) {
        if (r.library() == null) {
            SortedSet<String> sig = new TreeSet<>();
            String d = r.differences().get(0);
            sig.add(d.substring(0, Math.max(0, Math.min(d.length(), (d + ":").indexOf(':')))));
            return sig;
        }
        return r.server().signature(r.library());
    }

    Check check(ConfCase c) throws IOException {
        PgServer s = server();
        long t0 = System.nanoTime();
        s.install(c);
        long t1 = System.nanoTime();
        Outcome lib;
        List<String> libError = null;
        try {
            lib = library(s, c);
        } catch (Exception e) {
            lib = null;
            libError = List.of("the library threw " + stack(e));
            s.install(c);
        }
        long t2 = System.nanoTime();
        Outcome srv = s.reloadAndRead(c.settings());
        long t3 = System.nanoTime();
        nanos[0] += t1 - t0;
        nanos[1] += t2 - t1;
        nanos[2] += t3 - t2;
        checks++;
        return new Check(c, srv, lib, lib == null ? libError : srv.differences(lib));
    }

    private Outcome library(PgServer s, ConfCase c) throws Exception {
        while (true) {
            Set<String> unknown = new LinkedHashSet<>();
            Predicate<String> resolves = n -> {
                Boolean b = RESOLVED.get(n);
                if (b == null) {
                    unknown.add(n);
                    return true;
                }
                return b;
            };
            Outcome o = LibraryRun.run(s.serverVersion, c.settings(), s.conf, resolves);
            if (unknown.isEmpty()) {
                return o;
            }
            RESOLVED.putAll(s.resolves(unknown));
            s.install(c);
        }
    }

    /** Drops files and lines while the case still mismatches (a bounded number of tries). */
    ConfCase minimize(ConfCase c) throws IOException {
        int budget = 400;
        if (!c.settings().equals(ConfCase.Settings.DEFAULT)) {
            ConfCase cand = new ConfCase(c.id(), c.description(), c.files(), ConfCase.Settings.DEFAULT,
                    c.onlyVersions());
            if (stillFails(cand)) {
                c = cand;
            }
        }
        boolean changed = true;
        while (changed && budget > 0) {
            changed = false;
            for (String f : new ArrayList<>(c.files().keySet())) {
                if (f.equals("pg_hba.conf") || budget-- <= 0) {
                    continue;
                }
                Map<String, byte[]> files = new LinkedHashMap<>(c.files());
                files.remove(f);
                ConfCase cand = c.withFiles(files);
                if (stillFails(cand)) {
                    c = cand;
                    changed = true;
                }
            }
            for (String f : new ArrayList<>(c.files().keySet())) {
                if (f.endsWith("/")) {
                    continue;
                }
                List<byte[]> lines = lines(c.files().get(f));
                for (int chunk = Math.max(1, lines.size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
                    for (int at = 0; at < lines.size() && budget > 0;) {
                        List<byte[]> fewer = new ArrayList<>(lines.subList(0, at));
                        fewer.addAll(lines.subList(Math.min(lines.size(), at + chunk), lines.size()));
                        Map<String, byte[]> files = new LinkedHashMap<>(c.files());
                        files.put(f, join(fewer));
                        ConfCase cand = c.withFiles(files);
                        budget--;
                        if (stillFails(cand)) {
                            c = cand;
                            lines = fewer;
                            changed = true;
                        } else {
                            at += chunk;
                        }
                    }
                    if (chunk == 1) {
                        break;
                    }
                }
            }
        }
        return c;
    }

    private boolean stillFails(ConfCase c) {
        try {
            return !check(c).differences().isEmpty();
        } catch (IOException | RuntimeException e) {
            close();
            return false;
        }
    }

    private static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, s, i + 1));
                s = i + 1;
            }
        }
        if (s < b.length) {
            out.add(Arrays.copyOfRange(b, s, b.length));
        }
        return out;
    }

    private static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(out::writeBytes);
        return out.toByteArray();
    }

    String reproduction(ConfCase c, Outcome srv, Outcome lib, List<String> differences) {
        StringBuilder sb = new StringBuilder();
        sb.append("case ").append(c.id()).append(" on PostgreSQL ").append(serverVersion != null ? serverVersion
                : pg.version);
        if (!c.description().isEmpty()) {
            sb.append(" (").append(c.description()).append(')');
        }
        sb.append("\ndifferences:\n");
        differences.forEach(d -> sb.append("  - ").append(Text.escapeString(d)).append('\n'));
        sb.append("files (${CASEDIR} is the server's configuration directory").append(server != null ? ", "
                + server.conf : "").append("):\n");
        sb.append(c.describeFiles());
        if (srv != null) {
            sb.append("server: pg_hba.conf loads=").append(srv.hbaLoads()).append(", pg_ident.conf loads=")
                    .append(srv.identLoads()).append("\n  pg_hba_file_rules:\n").append(Outcome.showRows(srv.hbaRows()));
            if (srv.identRows() != null) {
                sb.append("  pg_ident_file_mappings:\n").append(Outcome.showRows(srv.identRows()));
            }
            sb.append("  log of the reload:\n");
            srv.notes().forEach(n -> sb.append("    ").append(Text.escapeString(n)).append('\n'));
        }
        if (lib != null) {
            sb.append("library: pg_hba.conf loads=").append(lib.hbaLoads()).append(", pg_ident.conf loads=")
                    .append(lib.identLoads()).append("\n  pg_hba_file_rules:\n").append(Outcome.showRows(lib.hbaRows()));
            if (lib.identRows() != null) {
                sb.append("  pg_ident_file_mappings:\n").append(Outcome.showRows(lib.identRows()));
            }
            sb.append("  diagnostics:\n");
            lib.notes().forEach(n -> sb.append("    ").append(Text.escapeString(n)).append('\n'));
        }
        if (server == null) {
            return sb.toString();
        }
        String dir = server.conf.toString();
        int keep = sb.indexOf(dir);
        String head = sb.substring(0, keep + dir.length());
        return head + sb.substring(keep + dir.length()).replace(dir, "${CASEDIR}");
    }

    private static String stack(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
