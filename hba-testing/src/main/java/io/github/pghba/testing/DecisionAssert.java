package io.github.pghba.testing;

import io.github.pghba.eval.Decision;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions about one {@link Decision}, reached through {@link PolicyAssert#admits} or {@link PolicyAssert#rejects}. */
public final class DecisionAssert extends AbstractAssert<DecisionAssert, Decision> {

    DecisionAssert(Decision actual) {
        super(actual, DecisionAssert.class);
    }

    /** Verifies the matched rule's method, e.g. {@code "scram-sha-256"}. */
    public DecisionAssert withMethod(String method) {
        String got = actual.method().map(m -> m.keyword()).orElse("(none)");
        if (!got.equals(method)) {
            failWithMessage("Expected method %s but the decision uses %s:%n%s", method, got, actual.format().indent(2));
        }
        return this;
    }

    /** Verifies the matched rule's first physical line. */
    public DecisionAssert atLine(int line) {
        Optional<Integer> got = actual.line();
        if (got.isEmpty() || got.get() != line) {
            failWithMessage("Expected the rule at line %d but the decision is:%n%s", line, actual.format().indent(2));
        }
        return this;
    }

    /** Verifies an effective option of the matched rule, e.g. {@code withOption("clientcert", "verify-full")}. */
    public DecisionAssert withOption(String name, String value) {
        Optional<String> got = actual.settings().flatMap(s -> s.value(name));
        if (got.isEmpty() || !got.get().equals(value)) {
            failWithMessage("Expected option %s=%s but it is %s:%n%s", name, value,
                    got.map(v -> name + "=" + v).orElse("not set"), actual.format().indent(2));
        }
        return this;
    }

    /** Verifies that an explicit reject rule with this rule number (1-based, as pg_hba_file_rules) refused it. */
    public DecisionAssert byRule(int ruleNumber) {
        if (actual.outcome() != Decision.Outcome.REJECTED || actual.ruleNumber() != ruleNumber) {
            failWithMessage("Expected rejection by rule %d but the decision is:%n%s", ruleNumber,
                    actual.format().indent(2));
        }
        return this;
    }

    /** Verifies that an explicit reject rule at this line refused it. */
    public DecisionAssert byRuleAtLine(int line) {
        if (actual.outcome() != Decision.Outcome.REJECTED || actual.line().orElse(-1) != line) {
            failWithMessage("Expected rejection by the rule at line %d but the decision is:%n%s", line,
                    actual.format().indent(2));
        }
        return this;
    }

    /** Verifies that no rule matched (implicit reject: "no pg_hba.conf entry"). */
    public DecisionAssert byNoMatch() {
        if (actual.outcome() != Decision.Outcome.NO_MATCH) {
            failWithMessage("Expected no matching rule but the decision is:%n%s", actual.format().indent(2));
        }
        return this;
    }

    /** Verifies PostgreSQL's FATAL message text. */
    public DecisionAssert withMessage(String message) {
        if (!actual.message().equals(Optional.of(message))) {
            failWithMessage("Expected the message%n  %s%nbut the decision is:%n%s", message, actual.format().indent(2));
        }
        return this;
    }
}
