package io.github.pghba.eval;

import io.github.pghba.syntax.HbaRule;
import java.util.Objects;
import java.util.Optional;

/**
 * How one rule fared against a request: matched, or the first criterion that failed and why.
 *
 * @param rule the rule
 * @param ruleNumber its position among the loaded rules (1-based, like the view's rule_number)
 * @param failed the first criterion that failed; empty if the rule matched
 * @param reason a sentence saying why, e.g. "192.0.2.10 is outside 10.0.0.0/8"
 */
public record RuleCheck(HbaRule rule, int ruleNumber, Optional<Criterion> failed, String reason) {

    /** Checks for null. */
    public RuleCheck {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the rule matched. */
    public boolean matched() {
        return failed.isEmpty();
    }

    @Override
    public String toString() {
        return rule.span() + " rule " + ruleNumber + ": " + (matched() ? "matches" : "skipped: " + reason);
    }
}
