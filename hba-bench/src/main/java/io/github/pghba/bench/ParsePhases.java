package io.github.pghba.bench;

import io.github.pghba.grammar.internal.AuthFileLexer;
import io.github.pghba.grammar.internal.PgHbaParser;
import io.github.pghba.internal.AuthFileReader;
import io.github.pghba.internal.LineReader;
import io.github.pghba.internal.LogicalLine;
import io.github.pghba.internal.WordScanner;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Where parse time goes, phase by phase, on one generated file (evidence for PROPOSALS.md; uses
 * hba-core's internal classes, which only this diagnostic tool may do):
 * {@code java -cp benchmarks.jar io.github.pghba.bench.ParsePhases RULES [SECONDS_PER_PHASE]}.
 *
 * <ol>
 *   <li>lines: {@code LineReader.read} (continuations, UTF-8 decoding);</li>
 *   <li>lexer: the ANTLR lexer alone over the joined logical lines, counting tokens (the reference,
 *       no longer on the load path);</li>
 *   <li>lexer+parser: the ANTLR lexer and {@code PgHbaParser} (SLL, parse tree built), what the load
 *       path ran before the scanner;</li>
 *   <li>scanner: {@code WordScanner}, the load path's implementation of the lexer grammar, over the
 *       same text, counting tokens;</li>
 *   <li>tokenize: all of {@code AuthFileReader.readMain} (also words decoded, spans, fields);</li>
 *   <li>load: all of {@code HbaLoader.loadHba} (also every line checked, the tree assembled).</li>
 * </ol>
 */
public final class ParsePhases {
    private ParsePhases() {}

    public static void main(String[] args) throws Exception {
        int rules = Integer.parseInt(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        HbaGenerator.Generated g = HbaGenerator.generate(HbaGenerator.SEED, rules);
        Path file = Workload.write(Workload.workDir(), g);
        byte[] bytes = Files.readAllBytes(file);
        List<LogicalLine> lines = LineReader.read(bytes, Workload.VERSION);
        StringBuilder all = new StringBuilder();
        for (LogicalLine l : lines) {
            all.append(l.content()).append('\n');
        }
        String joined = all.toString();
        System.out.printf(Locale.ROOT, "%,d rules, %,d bytes, %,d logical lines%n", rules, bytes.length, lines.size());
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 3; i++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            HbaLoader.with(Workload.options()).loadHba(file.toString());
            long a1 = mx.getThreadAllocatedBytes(tid);
            if (i == 2) {
                System.out.printf(Locale.ROOT, "  allocated per load: %,d bytes (%.0f per byte of input, %.0f per rule)%n",
                        a1 - a0, (a1 - a0) / (double) bytes.length, (a1 - a0) / (double) rules);
            }
        }
        time("lines (LineReader)", seconds, bytes.length, () -> LineReader.read(bytes, Workload.VERSION).size());
        time("ANTLR lexer only", seconds, bytes.length, () -> {
            AuthFileLexer lexer = new AuthFileLexer(CharStreams.fromString(joined));
            int n = 0;
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                n++;
            }
            return n;
        });
        time("ANTLR lexer + parser (tree)", seconds, bytes.length, () -> {
            AuthFileLexer lexer = new AuthFileLexer(CharStreams.fromString(joined));
            PgHbaParser parser = new PgHbaParser(new CommonTokenStream(lexer));
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            return parser.file().line().size();
        });
        time("WordScanner (load path)", seconds, bytes.length, () -> {
            WordScanner scanner = new WordScanner();
            scanner.reset(joined, 0, joined.length());
            int n = 0;
            while (scanner.next() != WordScanner.EOF) {
                n++;
            }
            return n;
        });
        time("tokenize (AuthFileReader.readMain)", seconds, bytes.length,
                () -> new AuthFileReader(Workload.VERSION, FileSource.filesystem()).readMain("pg_hba.conf", bytes).size());
        time("load (HbaLoader.loadHba, file to diagnostics)", seconds, bytes.length,
                () -> {
                    try {
                        return HbaLoader.with(Workload.options()).loadHba(file.toString()).diagnostics().size();
                    } catch (FileSourceException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static void time(String what, double seconds, int bytes, Supplier<Integer> op) {
        // warm up for a third of the time, then take the median of single runs
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        int sink = 0;
        while (System.nanoTime() < warmEnd) {
            sink += op.get();
        }
        long end = System.nanoTime() + (long) (seconds * 2 / 3 * 1e9);
        java.util.List<Double> ms = new java.util.ArrayList<>();
        while (System.nanoTime() < end || ms.size() < 3) {
            long a = System.nanoTime();
            sink += op.get();
            ms.add((System.nanoTime() - a) / 1e6);
        }
        double med = Suite.median(ms.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "  %-48s %10.3f ms  %7.1f MB/s  (median of %d; %d)%n", what, med,
                bytes / 1e6 / (med / 1e3), ms.size(), sink % 10);
    }
}
