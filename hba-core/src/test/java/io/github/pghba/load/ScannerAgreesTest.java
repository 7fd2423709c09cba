package io.github.pghba.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.PgVersion;
import io.github.pghba.grammar.internal.AuthFileLexer;
import io.github.pghba.grammar.internal.PgHbaParser;
import io.github.pghba.grammar.internal.PgIdentParser;
import io.github.pghba.internal.LineReader;
import io.github.pghba.internal.LogicalLine;
import io.github.pghba.internal.WordScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.junit.jupiter.api.Test;

/**
 * The grammar is the specification of the tokenizer; {@link WordScanner} is the load path's fast
 * implementation of it. This test runs both on the same joined logical lines and fails on the first
 * token whose type or offsets differ, hidden tokens included; it also parses the tokens with
 * {@code PgHbaParser} and {@code PgIdentParser} and checks that their fields are the scanner's
 * words, line by line. Inputs: every file of the golden corpora, read as 13 and as 14+ (the line
 * readers differ), and the fuzz corpus ({@link FuzzTest}'s generator and mutator, 100,000 seeded
 * inputs; {@code -Dpghba.seed} and {@code -Dpghba.fuzz.count} as there).
 */
class ScannerAgreesTest {

    @Test
    void goldenFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("src/test/resources/golden", "src/test/resources/golden-match")) {
            try (Stream<Path> walk = Files.walk(Path.of(root))) {
                walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json"))
                        .sorted().forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(300);
        for (Path p : files) {
            byte[] data = Files.readAllBytes(p);
            for (int major : new int[] {13, 17}) {
                check(data, PgVersion.of(major), p + " read as " + major, true);
            }
        }
    }

    @Test
    void fuzzCorpus() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        int count = Integer.getInteger("pghba.fuzz.count", 100_000);
        Random rnd = new Random(seed);
        byte[] current = new byte[0];
        for (int n = 0; n < count; n++) {
            byte[] input = rnd.nextInt(3) == 0 && current.length > 0 ? FuzzTest.mutate(current, rnd)
                    : FuzzTest.generate(rnd);
            current = input;
            PgVersion version = PgVersion.of(rnd.nextBoolean() ? 13 : 17);
            check(input, version, "fuzz input " + n + " with -Dpghba.seed=" + seed + " as " + version + ":\n"
                    + new String(input, StandardCharsets.ISO_8859_1), n % 8 == 0);
        }
    }

    @Test
    void edgeCases() {
        for (String s : List.of("", "a", "a,", ",a", "a,,b", "\"a,\" b", "\"abc,", "\"a\"\"b\" c", "a\"b c\"d,e",
                "\"a\"\"", "x#y", "x\"#\"y", " \t\r,#\n", "\"\"", "\"", "a , b", "a,\tb", "\uD83D\uDE00,\"\uD83D\uDE00\"")) {
            check(s.getBytes(StandardCharsets.UTF_8), PgVersion.of(17), "edge case [" + s + "]", true);
        }
    }

    private static void check(byte[] data, PgVersion version, String what, boolean parsers) {
        List<LogicalLine> lines = LineReader.read(data, version);
        StringBuilder all = new StringBuilder();
        for (LogicalLine l : lines) {
            if (l.error() == null) {
                all.append(l.content());
            }
            all.append('\n');
        }
        String text = all.toString();
        int[] cp = codePointIndexes(text);

        // token by token, hidden tokens included
        AuthFileLexer lexer = new AuthFileLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(FAIL);
        WordScanner scanner = new WordScanner();
        scanner.reset(text, 0, text.length());
        List<List<String>> scannedWords = new ArrayList<>();
        List<String> lineWords = new ArrayList<>();
        int index = 0;
        while (true) {
            Token t = lexer.nextToken();
            int type = scanner.next();
            String at = what + "\ntoken " + index + ": ANTLR " + describe(t) + ", scanner " + type + " ["
                    + (type == WordScanner.EOF ? "" : text.substring(scanner.start(), scanner.end())) + "]";
            if (t.getType() == Token.EOF) {
                assertThat(type).as(at).isEqualTo(WordScanner.EOF);
                break;
            }
            assertThat(type).as(at).isEqualTo(t.getType());
            assertThat(cp[scanner.start()]).as(at).isEqualTo(t.getStartIndex());
            assertThat(cp[scanner.end()] - 1).as(at).isEqualTo(t.getStopIndex());
            if (type == WordScanner.WORD || type == WordScanner.CONT_WORD) {
                assertThat(scanner.wordEnd()).as(at).isEqualTo(scanner.end() - (type == WordScanner.CONT_WORD ? 1 : 0));
                String word = text.substring(scanner.start(), scanner.wordEnd());
                assertThat(scanner.hasQuote()).as(at).isEqualTo(word.indexOf('"') >= 0);
                lineWords.add(word + (type == WordScanner.CONT_WORD ? "," : ""));
            } else if (type == WordScanner.NEWLINE) {
                scannedWords.add(lineWords);
                lineWords = new ArrayList<>();
            }
            index++;
        }
        assertThat(scannedWords).as(what).hasSize(lines.size());

        // nextWord() is next() skipping what is not a word, in one call
        WordScanner every = new WordScanner();
        every.reset(text, 0, text.length());
        WordScanner wordsOnly = new WordScanner();
        wordsOnly.reset(text, 0, text.length());
        while (true) {
            int type = every.next();
            while (type != WordScanner.EOF && type != WordScanner.WORD && type != WordScanner.CONT_WORD) {
                type = every.next();
            }
            int w = wordsOnly.nextWord();
            String at = what + "\nnextWord at " + every.start();
            assertThat(w).as(at).isEqualTo(type);
            if (type == WordScanner.EOF) {
                break;
            }
            assertThat(wordsOnly.start()).as(at).isEqualTo(every.start());
            assertThat(wordsOnly.wordEnd()).as(at).isEqualTo(every.wordEnd());
            assertThat(wordsOnly.end()).as(at).isEqualTo(every.end());
            assertThat(wordsOnly.hasQuote()).as(at).isEqualTo(every.hasQuote());
        }
        if (!parsers) {
            return;
        }

        // the parsers' fields are the scanner's words
        PgHbaParser hba = new PgHbaParser(tokens(text));
        hba.removeErrorListeners();
        hba.addErrorListener(FAIL);
        hba.getInterpreter().setPredictionMode(PredictionMode.SLL);
        List<PgHbaParser.LineContext> hbaLines = hba.file().line();
        assertThat(hbaLines).as(what).hasSize(lines.size());
        for (int i = 0; i < hbaLines.size(); i++) {
            List<String> words = new ArrayList<>();
            PgHbaParser.RecordContext rec = hbaLines.get(i).record();
            if (rec != null) {
                for (PgHbaParser.FieldContext f : rec.field()) {
                    f.CONT_WORD().forEach(n -> words.add(n.getText()));
                    words.add(f.WORD().getText());
                }
                if (rec.openField() != null) {
                    rec.openField().CONT_WORD().forEach(n -> words.add(n.getText()));
                }
            }
            assertThat(words).as(what + "\nPgHbaParser, line " + i).isEqualTo(scannedWords.get(i));
        }
        PgIdentParser ident = new PgIdentParser(tokens(text));
        ident.removeErrorListeners();
        ident.addErrorListener(FAIL);
        List<PgIdentParser.LineContext> identLines = ident.file().line();
        assertThat(identLines).as(what).hasSize(lines.size());
        for (int i = 0; i < identLines.size(); i++) {
            List<String> words = new ArrayList<>();
            PgIdentParser.MappingContext m = identLines.get(i).mapping();
            if (m != null) {
                for (PgIdentParser.FieldContext f : m.field()) {
                    f.CONT_WORD().forEach(n -> words.add(n.getText()));
                    words.add(f.WORD().getText());
                }
                if (m.openField() != null) {
                    for (TerminalNode n : m.openField().CONT_WORD()) {
                        words.add(n.getText());
                    }
                }
            }
            assertThat(words).as(what + "\nPgIdentParser, line " + i).isEqualTo(scannedWords.get(i));
        }
    }

    private static CommonTokenStream tokens(String text) {
        AuthFileLexer lexer = new AuthFileLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(FAIL);
        return new CommonTokenStream(lexer);
    }

    /** For each char index (and the end), the code point index ANTLR uses. */
    private static int[] codePointIndexes(String text) {
        int[] out = new int[text.length() + 1];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            out[i] = n;
            if (!(Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))) {
                n++;
            }
        }
        out[text.length()] = n;
        return out;
    }

    private static String describe(Token t) {
        return t.getType() + " [" + t.getStartIndex() + ", " + t.getStopIndex() + "] " + t.getText();
    }

    private static final BaseErrorListener FAIL = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                int charPositionInLine, String msg, RecognitionException e) {
            throw new IllegalStateException("grammar error at " + line + ":" + charPositionInLine + ": " + msg);
        }
    };
}
