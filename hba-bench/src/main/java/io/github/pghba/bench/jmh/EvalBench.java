package io.github.pghba.bench.jmh;

import io.github.pghba.bench.Workload;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Policy;
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
 * Evaluation of one request: the compiled matcher ({@link Policy#match}, the zero-allocation path),
 * the full decision from it ({@link Policy#evaluate}) and the reference interpreter
 * ({@link Policy#evaluateReference}), by rule count and by where the first match falls. Each call
 * takes the next of {@value Workload#STREAM} prepared requests of the position's stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvalBench {
    @Param({"10", "100", "1000", "10000", "100000"})
    public int rules;

    @Param({"EARLY", "MIDDLE", "LATE", "NONE"})
    public Workload.Position position;

    private Policy policy;
    private ConnectionRequest[] requests;
    private int next;

    @Setup
    public void setup() {
        Workload w = Workload.of(rules);
        policy = w.policy();
        requests = w.stream(position);
    }

    /** The compiled matcher's raw answer: the rule index or -1. */
    @Benchmark
    public int compiled() {
        return policy.match(requests[next++ & (Workload.STREAM - 1)]);
    }

    /** The compiled matcher plus building the {@link Decision} (method, options, message). */
    @Benchmark
    public Decision evaluate() {
        return policy.evaluate(requests[next++ & (Workload.STREAM - 1)]);
    }

    /** The reference interpreter (mirrors check_hba), without explanation. */
    @Benchmark
    public Decision reference() {
        return policy.evaluateReference(requests[next++ & (Workload.STREAM - 1)]);
    }
}
