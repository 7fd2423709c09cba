package io.github.pghba.cnpg;

import io.github.pghba.analysis.Lint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One finding of the CloudNativePG review.
 *
 * @param check the check's stable ID: one of {@link CnpgReview#CHECKS}, or a {@link Lint} check ID
 *     when the finding comes from the general hardening review of the rendered file
 * @param severity how serious it is
 * @param resource the resource it is about, e.g. {@code Cluster/app-db}
 * @param file the manifest file
 * @param line the manifest line it points at, when there is one
 * @param renderedFile the rendered file it is about ({@code pg_hba.conf}, {@code pg_ident.conf},
 *     {@code pgbouncer/pg_hba.conf}), when it is about one
 * @param renderedLine the line in that rendered file (what {@code pg_hba_file_rules} shows)
 * @param message what is wrong
 * @param rationale why it matters
 * @param fix what to do
 * @param correctedLines the manifest lines to write instead, when pghba can tell
 */
public record CnpgFinding(String check, Lint.Severity severity, String resource, String file, OptionalInt line,
        Optional<String> renderedFile, OptionalInt renderedLine, String message, String rationale, String fix,
        List<String> correctedLines) {

    /** Checks for null and copies the list. */
    public CnpgFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(renderedFile, "renderedFile");
        Objects.requireNonNull(renderedLine, "renderedLine");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(fix, "fix");
        correctedLines = List.copyOf(correctedLines);
    }

    /** {@code file:line} of the manifest, or {@code file} alone. */
    public String location() {
        return file + (line.isPresent() ? ":" + line.getAsInt() : "");
    }

    /** {@code pg_hba.conf:27}, or empty. */
    public Optional<String> renderedLocation() {
        return renderedFile.map(f -> f + (renderedLine.isPresent() ? ":" + renderedLine.getAsInt() : ""));
    }

    /**
     * Compiler-style text: {@code cluster.yaml:12: high [check] Cluster/x: message (rendered
     * pg_hba.conf:21)}, then why, the fix and the corrected lines.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(location()).append(": ").append(severity.label()).append(" [").append(check).append("] ")
                .append(resource).append(": ").append(message);
        renderedLocation().ifPresent(r -> sb.append(" (rendered ").append(r).append(')'));
        sb.append("\n  why: ").append(rationale).append("\n  fix: ").append(fix);
        for (String c : correctedLines) {
            sb.append("\n    - ").append(c);
        }
        return sb.toString();
    }
}
