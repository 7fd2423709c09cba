package io.github.pghba.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * REPORT.md is written by three tests ({@code ConformanceTest}, {@code MatchConformanceTest},
 * {@code NetworkMatchConformanceTest}), each into its own section between
 * {@code <!-- begin NAME -->} and {@code <!-- end NAME -->}, so that one run with
 * {@code -Dpghba.conformance.report=true} regenerates all of them, in whatever order the tests run,
 * and a run of one test alone leaves the others' sections as they were. Text outside the sections
 * is kept as written.
 */
final class ReportSections {
    /** The sections, in the order they appear in the file. */
    static final List<String> ORDER = List.of("files", "match", "network-match");

    private ReportSections() {}

    /** Replaces (or inserts, in {@link #ORDER}) section {@code name} of {@code file}. */
    static synchronized void write(Path file, String name, String body) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        String block = begin(name) + "\n" + (body.endsWith("\n") ? body : body + "\n") + end(name) + "\n";
        int b = text.indexOf(begin(name));
        int e = text.indexOf(end(name));
        if (b >= 0 && e > b) {
            int after = e + end(name).length();
            if (after < text.length() && text.charAt(after) == '\n') {
                after++;
            }
            text = text.substring(0, b) + block + text.substring(after);
        } else {
            // after the last section that comes before it, else before the first that comes after it, else at the end
            int at = -1;
            int me = ORDER.indexOf(name);
            for (int i = me - 1; i >= 0 && at < 0; i--) {
                int pe = text.indexOf(end(ORDER.get(i)));
                if (pe >= 0) {
                    at = text.indexOf('\n', pe);
                    at = at < 0 ? text.length() : at + 1;
                    block = "\n" + block;
                }
            }
            for (int i = me + 1; i < ORDER.size() && at < 0; i++) {
                int nb = text.indexOf(begin(ORDER.get(i)));
                if (nb >= 0) {
                    at = nb;
                    block = block + "\n";
                }
            }
            if (at < 0) {
                at = text.length();
                if (!text.isEmpty()) {
                    block = (text.endsWith("\n") ? "\n" : "\n\n") + block;
                }
            }
            text = text.substring(0, at) + block + text.substring(at);
        }
        Files.writeString(file, text);
    }

    private static String begin(String name) {
        return "<!-- begin " + name + " (generated: do not edit by hand) -->";
    }

    private static String end(String name) {
        return "<!-- end " + name + " -->";
    }
}
