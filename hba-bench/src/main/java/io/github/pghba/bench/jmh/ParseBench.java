package io.github.pghba.bench.jmh;

import io.github.pghba.bench.HbaGenerator;
import io.github.pghba.bench.Workload;
import io.github.pghba.check.Diagnostic;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.view.FileViews;
import io.github.pghba.view.HbaFileRule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a generated file from disk, as PostgreSQL does for {@code pg_hba_file_rules}: read, tokenize
 * (the grammar's scanner), check every line, and collect the diagnostics ({@link #parse}); and the
 * same plus building the view's rows ({@link #parseAndView}), which is exactly what the server's
 * view does; and reading the file alone ({@link #read}), the part of every load that the system
 * call costs of the machine decide (the server pays them too).
 *
 * <p>The fork gets a fixed heap whose pages are touched at start: a 100,000-rule load allocates
 * ~90 MB, and with a growing heap each load would also time the kernel faulting in fresh pages
 * (the suite passes the same flags, {@code Suite.PARSE_HEAP}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class ParseBench {
    @Param({"10", "100", "1000", "10000", "100000"})
    public int rules;

    private String path;
    private LoadOptions options;

    @Setup
    public void setup() {
        Path p = Workload.write(Workload.workDir(), HbaGenerator.generate(HbaGenerator.SEED, rules));
        path = p.toString();
        options = Workload.options();
    }

    /** The file's bytes, as the loader reads them (open, size, read, close). */
    @Benchmark
    public byte[] read() throws FileSourceException {
        return options.files().read(path);
    }

    /** File → syntax tree → diagnostics. */
    @Benchmark
    public List<Diagnostic> parse() throws FileSourceException {
        HbaConfig config = HbaLoader.with(options).loadHba(path);
        return config.diagnostics();
    }

    /** File → syntax tree → diagnostics → the pg_hba_file_rules rows. */
    @Benchmark
    public List<HbaFileRule> parseAndView() throws FileSourceException {
        HbaConfig config = HbaLoader.with(options).loadHba(path);
        return FileViews.hbaFileRules(config);
    }
}
