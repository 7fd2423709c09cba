package io.github.pghba.bench;

import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * Ratios measured by alternating the two sides in short rounds in one JVM, so that the load of a
 * shared machine (which drifts over seconds) hits both alike: compiled matcher vs reference
 * interpreter, and one vs two threads on one policy. JMH's numbers for the same things come from
 * separate forks run minutes apart; these ratios are the ones the summary judges.
 */
final class Interleaved {
    private Interleaved() {}

    /** Median ns/op of each side over {@code rounds} alternating rounds of {@code roundMs}. */
    static double[] compare(ConnectionRequest[] reqs, ToIntFunction<ConnectionRequest> a,
            ToIntFunction<ConnectionRequest> b, int rounds, long roundMs) {
        // warm up both
        run(reqs, a, roundMs * 5);
        run(reqs, b, roundMs * 5);
        double[] x = new double[rounds];
        double[] y = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            x[i] = run(reqs, a, roundMs);
            y[i] = run(reqs, b, roundMs);
        }
        return new double[] {Suite.median(x), Suite.median(y)};
    }

    private static int sink;

    private static double run(ConnectionRequest[] reqs, ToIntFunction<ConnectionRequest> f, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        long ops = 0;
        int s = 0;
        long t0 = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                s += f.applyAsInt(reqs[(int) (ops++ & (reqs.length - 1))]);
            }
            now = System.nanoTime();
        } while (now < end);
        sink += s;
        return (now - t0) / (double) ops;
    }

    /** A mixed stream: every position's requests, shuffled (a power of two long). */
    static ConnectionRequest[] mixed(Workload w) {
        List<ConnectionRequest> all = new ArrayList<>();
        for (Workload.Position p : Workload.Position.values()) {
            all.addAll(Arrays.asList(w.stream(p)));
        }
        Collections.shuffle(all, new Random(w.generated().size()));
        return all.toArray(new ConnectionRequest[0]);
    }

    /**
     * Median total throughput (ops/µs) with one thread and with two threads sharing one policy,
     * alternating rounds.
     */
    static double[] threads(Policy policy, ConnectionRequest[] reqs, int rounds, long roundMs) throws Exception {
        threadRound(policy, reqs, 1, roundMs * 5);
        threadRound(policy, reqs, 2, roundMs * 5);
        double[] one = new double[rounds];
        double[] two = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            one[i] = threadRound(policy, reqs, 1, roundMs);
            two[i] = threadRound(policy, reqs, 2, roundMs);
        }
        return new double[] {Suite.median(one), Suite.median(two)};
    }

    private static double threadRound(Policy policy, ConnectionRequest[] reqs, int threads, long ms) throws Exception {
        LongAdder ops = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ConnectionRequest[] mine = reqs.clone();
            Collections.shuffle(Arrays.asList(mine), new Random(t));
            Thread th = new Thread(() -> {
                long n = 0;
                int s = 0;
                try {
                    start.await();
                } catch (Exception e) {
                    return;
                }
                while (!stop.get()) {
                    for (int i = 0; i < 256; i++) {
                        s += policy.match(mine[(int) (n++ & (mine.length - 1))]);
                    }
                }
                ops.add(n);
                synchronized (Interleaved.class) {
                    sink += s;
                }
            });
            th.start();
            ts.add(th);
        }
        start.await();
        long t0 = System.nanoTime();
        Thread.sleep(ms);
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        double us = (System.nanoTime() - t0) / 1e3;
        return ops.sum() / us;
    }
}
