package io.github.pghba.eval;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthSettings;
import io.github.pghba.syntax.HbaRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What PostgreSQL decides for one connection attempt: the rule it hits (first match, top-down), the
 * method and options that then apply, the FATAL message the client gets when it is refused at this
 * stage, and (from {@link Policy#explain}) why every earlier rule did not match.
 *
 * @param outcome matched, rejected, no match, or the file would not even load
 * @param request the request
 * @param rule the matched rule (for {@link Outcome#MATCHED} and {@link Outcome#REJECTED})
 * @param ruleNumber the matched rule's number among the loaded rules (1-based), 0 if none
 * @param method the method of the matched rule
 * @param settings its effective options
 * @param message PostgreSQL's FATAL message for {@link Outcome#REJECTED} and {@link Outcome#NO_MATCH};
 *     for {@link Outcome#INVALID_FILE} the load errors
 * @param explanation each rule tried, in order, up to and including the matched one (only from
 *     {@link Policy#explain}; empty from {@link Policy#evaluate})
 * @param identity the user name map check, when the request carries a system identity and the
 *     method uses one (peer, ident, cert, gss, sspi, clientcert=verify-full)
 * @param loadErrors the errors that keep the file from loading (for {@link Outcome#INVALID_FILE})
 */
public record Decision(Outcome outcome, ConnectionRequest request, Optional<HbaRule> rule, int ruleNumber,
        Optional<AuthMethod> method, Optional<AuthSettings> settings, Optional<String> message,
        List<RuleCheck> explanation, Optional<IdentResult> identity, List<Diagnostic> loadErrors) {

    /** The four outcomes. */
    public enum Outcome {
        /** A rule matched whose method is not {@code reject}: authentication proceeds with it. */
        MATCHED,
        /** A {@code reject} rule matched. */
        REJECTED,
        /** No rule matched: implicit reject. */
        NO_MATCH,
        /** The file would not load, so no decision is made from it. */
        INVALID_FILE
    }

    /** Copies the lists. */
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(message, "message");
        explanation = List.copyOf(explanation);
        Objects.requireNonNull(identity, "identity");
        loadErrors = List.copyOf(loadErrors);
    }

    /** The matched rule's file, if any. */
    public Optional<String> file() {
        return rule.map(HbaRule::file);
    }

    /** The matched rule's first physical line, if any. */
    public Optional<Integer> line() {
        return rule.map(HbaRule::lineNumber);
    }

    /** Whether authentication may go on (a non-reject rule matched and no map check refused it). */
    public boolean admitsSoFar() {
        return outcome == Outcome.MATCHED && identity.map(IdentResult::admitted).orElse(true);
    }

    /** Readable text: the outcome, the rule, the message, and the explanation if any. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(request).append('\n');
        switch (outcome) {
            case MATCHED -> sb.append("matched rule ").append(ruleNumber).append(" at ")
                    .append(rule.orElseThrow().span()).append(": ").append(rule.orElseThrow().logicalText().strip())
                    .append("\nmethod: ").append(method.orElseThrow().keyword())
                    .append(settings.map(s -> s.viewOptions().isEmpty() ? "" : " " + String.join(" ", s.viewOptions()))
                            .orElse(""));
            case REJECTED -> sb.append("rejected by rule ").append(ruleNumber).append(" at ")
                    .append(rule.orElseThrow().span()).append(": ").append(rule.orElseThrow().logicalText().strip());
            case NO_MATCH -> sb.append("no rule matches");
            case INVALID_FILE -> sb.append("the file would not load");
        }
        sb.append('\n');
        message.ifPresent(m -> sb.append("FATAL:  ").append(m).append('\n'));
        identity.ifPresent(i -> {
            sb.append("user name map: ").append(i.admitted() ? "admits" : "refuses").append(' ')
                    .append(i.systemUser()).append(" as ").append(i.databaseUser());
            i.line().ifPresent(l -> sb.append(" (").append(l.span()).append(')'));
            i.log().ifPresent(l -> sb.append(": ").append(l));
            sb.append('\n');
        });
        for (Diagnostic d : loadErrors) {
            sb.append(d.format()).append('\n');
        }
        if (!explanation.isEmpty()) {
            sb.append("rules tried:\n");
            for (RuleCheck c : explanation) {
                sb.append("  ").append(c.rule().span()).append(" rule ").append(c.ruleNumber()).append(": ")
                        .append(c.matched() ? "MATCH" : "skip (" + c.failed().orElseThrow().name().toLowerCase(
                                java.util.Locale.ROOT) + ") " + c.reason())
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
