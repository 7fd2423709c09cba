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
 * several times the CPU time); the first {@code warmups} runs are printed as {@code WARMUP}.
 * {@code java -cp benchmarks.jar io.github.pghba.bench.AnalysisTimer dead|who|diff|lint RULES RUNS [WARMUPS]}.
 */
public final class AnalysisTimer {
    private AnalysisTimer() {}

    public static void main(String[] args) {
        String op = args[0];
        int rules = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Workload w = Workload.of(rules);
        Policy before = w.policy();
        Policy after = Policy.compile(HbaLoader.with(Workload.options()).parseHba("new.conf",
                HbaGenerator.edited(w.generated(), 1)), w.environment());
        System.out.println("READY");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmups + runs; i++) {
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
            System.out.printf(Locale.ROOT, "%s %s %d %.3f %d %.3f%n", i < warmups ? "WARMUP" : "RESULT", op, rules, ms,
                    size, cpuMs);
            System.out.flush();
        }
    }
}
