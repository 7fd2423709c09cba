package io.github.pghba.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output the suite reads from {@link AnalysisTimer}: warm-up lines first, then the timed runs. */
class AnalysisTimerTest {

    private static List<String> run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            AnalysisTimer.main(args);
        } finally {
            System.setOut(out);
        }
        return Arrays.asList(buf.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dead", "who", "diff", "lint"})
    void aCountOfWarmUpsThenTheTimedRuns(String op) {
        List<String> lines = run(op, "100", "3", "2");
        assertThat(lines.get(0)).isEqualTo("READY");
        assertThat(lines.subList(1, lines.size())).hasSize(5);
        assertThat(lines.subList(1, 3)).allSatisfy(l -> assertThat(l).startsWith("WARMUP " + op + " 100 "));
        assertThat(lines.subList(3, 6)).allSatisfy(l -> assertThat(l).startsWith("RESULT " + op + " 100 "));
        // RESULT op rules wall-ms size cpu-ms: the fields the suite parses
        assertThat(lines.get(3).split(" ")).hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3s", "0s"})
    void aWarmUpTimeRunsAtLeastOnceThenTheTimedRuns(String warmup) {
        List<String> lines = run("who", "100", "2", warmup);
        long warm = lines.stream().filter(l -> l.startsWith("WARMUP ")).count();
        long timed = lines.stream().filter(l -> l.startsWith("RESULT ")).count();
        assertThat(warm).isGreaterThanOrEqualTo(1);
        assertThat(timed).isEqualTo(2);
        // every warm-up line comes before the first timed one
        int lastWarm = -1;
        int firstTimed = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("WARMUP ")) {
                lastWarm = i;
            } else if (lines.get(i).startsWith("RESULT ")) {
                firstTimed = Math.min(firstTimed, i);
            }
        }
        assertThat(lastWarm).isLessThan(firstTimed);
    }
}
