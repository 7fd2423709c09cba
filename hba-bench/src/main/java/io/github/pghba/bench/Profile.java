package io.github.pghba.bench;

import io.github.pghba.analysis.PolicyDiff;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A workload in a loop for a profiler (JFR: see RESULTS.md):
 * {@code java -XX:StartFlightRecording=filename=parse.jfr,settings=profile -cp benchmarks.jar
 * io.github.pghba.bench.Profile parse|match|reference|dead|diff RULES SECONDS [POSITION]}.
 */
public final class Profile {
    private Profile() {}

    public static void main(String[] args) throws Exception {
        String what = args[0];
        int rules = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        Workload w = Workload.of(rules);
        Path file = Workload.write(Workload.workDir(), w.generated());
        ConnectionRequest[] reqs = w.stream(args.length > 3 ? Workload.Position.valueOf(args[3])
                : Workload.Position.NONE);
        Policy policy = w.policy();
        Policy edited = Policy.compile(HbaLoader.with(Workload.options()).parseHba("new.conf",
                HbaGenerator.edited(w.generated(), 1)), w.environment());
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long ops = 0;
        long sink = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int k = 0; k < (what.equals("match") || what.equals("reference") ? 100_000 : 1); k++) {
                switch (what) {
                    case "parse" -> {
                        HbaConfig c = HbaLoader.with(Workload.options()).loadHba(file.toString());
                        sink += c.diagnostics().size();
                    }
                    case "match" -> sink += policy.match(reqs[(int) (ops & 63)]);
                    case "reference" -> sink += policy.evaluateReference(reqs[(int) (ops & 63)]).hashCode();
                    case "dead" -> sink += Reachability.of(policy).deadRules().size();
                    case "diff" -> sink += PolicyDiff.between(policy, edited, false).changes().size();
                    default -> throw new IllegalArgumentException(what);
                }
                ops++;
            }
        }
        double el = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%s %d rules: %d ops in %.1f s = %.3f us/op (sink %d)%n", what, rules, ops, el,
                el * 1e6 / ops, sink);
    }
}
