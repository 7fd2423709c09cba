package io.github.pghba.bench.jmh;

import io.github.pghba.analysis.Lint;
import io.github.pghba.analysis.PolicyDiff;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.analysis.RuleReach;
import io.github.pghba.analysis.Who;
import io.github.pghba.bench.HbaGenerator;
import io.github.pghba.bench.Workload;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
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
 * Whole-file analysis of a compiled policy: dead rules and who-can-connect (both from one
 * {@link Reachability}), the semantic diff against an edited copy (about 2% of the rules changed),
 * and the hardening review. The suite times these with {@code AnalysisTimer} in capped JVMs instead
 * (at 1,000 rules one run takes minutes or exhausts the heap, see RESULTS.md); run this class by hand:
 * {@code java -jar benchmarks.jar jmh AnalysisBench -p rules=100}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisBench {
    @Param({"100", "1000"})
    public int rules;

    private Policy before;
    private Policy after;

    @Setup
    public void setup() {
        Workload w = Workload.of(rules);
        before = w.policy();
        HbaConfig edited = HbaLoader.with(Workload.options()).parseHba("new.conf",
                HbaGenerator.edited(w.generated(), 1));
        after = Policy.compile(edited, w.environment());
    }

    /** The dead rules (the analysis of the whole request space, then the filter). */
    @Benchmark
    public List<RuleReach> dead() {
        return Reachability.of(before).deadRules();
    }

    /** Who can connect (the analysis, then merging the allowed rows). */
    @Benchmark
    public Who who() {
        return Reachability.of(before).who();
    }

    /** The semantic diff of two files. */
    @Benchmark
    public PolicyDiff diff() {
        return PolicyDiff.between(before, after, false);
    }

    /** The hardening review with every check. */
    @Benchmark
    public List<Lint.Finding> lint() {
        return Lint.run(before, Lint.Config.defaults());
    }
}
