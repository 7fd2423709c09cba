package io.github.pghba.bench.jmh;

import io.github.pghba.bench.Workload;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one shared {@link Policy} on one and on two threads (the machine has two cores):
 * every thread walks its own copy of a mixed stream (early, middle, late and no-match requests,
 * shuffled). {@code twoThreads / oneThread} is the scaling.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThroughputBench {

    /** The policy, shared by the threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"1000", "10000"})
        public int rules;

        Policy policy;
        ConnectionRequest[] mixed;

        @Setup
        public void setup() {
            Workload w = Workload.of(rules);
            policy = w.policy();
            List<ConnectionRequest> all = new ArrayList<>();
            for (Workload.Position p : Workload.Position.values()) {
                all.addAll(Arrays.asList(w.stream(p)));
            }
            Collections.shuffle(all, new Random(rules));
            mixed = all.toArray(new ConnectionRequest[0]);
        }
    }

    /** Each thread's own cursor and copy of the stream (no shared writes). */
    @State(Scope.Thread)
    public static class Cursor {
        ConnectionRequest[] requests;
        int next;

        @Setup
        public void setup(Shared s) {
            requests = s.mixed.clone();
        }
    }

    @Benchmark
    @Threads(1)
    public int oneThread(Shared s, Cursor c) {
        return s.policy.match(c.requests[c.next++ & 255]);
    }

    @Benchmark
    @Threads(2)
    public int twoThreads(Shared s, Cursor c) {
        return s.policy.match(c.requests[c.next++ & 255]);
    }
}
