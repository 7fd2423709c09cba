package io.github.pghba.bench;

import io.github.pghba.analysis.Lint;
import io.github.pghba.analysis.PolicyDiff;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Times the whole-file analyses in a JVM of their own, so that the suite can cap them: an analysis
 * that runs for minutes (or runs out of memory) is killed and reported as "more than the cap"
 * instead of stalling the suite. Prints one {@code RESULT <op> <rules> <ms> <size> <cpu ms>} line per
 * completed run (wall time, result size, the thread's CPU time: on a loaded machine wall time is
 * several times the CPU time); the warm-up runs are printed as {@code WARMUP}.
 * {@code java -cp benchmarks.jar io.github.pghba.bench.AnalysisTimer dead|who|diff|lint RULES RUNS [WARMUP]},
 * where {@code WARMUP} is a number of runs ({@code 3}) or a time ({@code 8s}: runs until that much
 * time has passed, at least one). An analysis is a few large methods that C2 compiles late: at
 * 1,000 rules {@code who} takes ~0.9 s cold, 0.2–0.5 s over the next few runs and ~80 ms once
 * compiled, so the warm time needs seconds of warm-up, as JMH gives the other benchmarks.
 */
public final class AnalysisTimer {
    private AnalysisTimer() {}

    public static void main(String[] args) {
        String op = args[0];
        int rules = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        String warmup = args.length > 3 ? args[3] : "1";
        boolean timed = warmup.endsWith("s");
        int warmups = timed ? Integer.MAX_VALUE : Integer.parseInt(warmup);
        long warmEnd = timed ? System.nanoTime() + (long) (Double.parseDouble(warmup.substring(0, warmup.length() - 1))
                * 1e9) : 0;
        Workload w = Workload.of(rules);
        Policy before = w.policy();
        Policy after = Policy.compile(HbaLoader.with(Workload.options()).parseHba("new.conf",
                HbaGenerator.edited(w.generated(), 1)), w.environment());
        System.out.println("READY");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warmed = 0;
        int timedRuns = 0;
        while (timedRuns < runs) {
            boolean warming = timed ? warmed == 0 || System.nanoTime() < warmEnd : warmed < warmups;
            long cpu = mx.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            int size = switch (op) {
                case "dead" -> Reachability.of(before).deadRules().size();
                case "who" -> Reachability.of(before).who().allowed().size();
                case "diff" -> PolicyDiff.between(before, after, false).changes().size();
                case "lint" -> Lint.run(before, Lint.Config.defaults()).size();
                default -> throw new IllegalArgumentException(op);
            };
            double ms = (System.nanoTime() - t) / 1e6;
            double cpuMs = (mx.getCurrentThreadCpuTime() - cpu) / 1e6;
            System.out.printf(Locale.ROOT, "%s %s %d %.3f %d %.3f%n", warming ? "WARMUP" : "RESULT", op, rules, ms,
                    size, cpuMs);
            if (warming) {
                warmed++;
            } else {
                timedRuns++;
            }
            System.out.flush();
        }
    }
}
