package io.github.pghba.testing;

import io.github.pghba.analysis.Lint;
import io.github.pghba.analysis.PolicyDiff;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.analysis.RuleReach;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Policy;
import io.github.pghba.syntax.AuthMethod;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions about a {@link Policy}. */
public final class PolicyAssert extends AbstractAssert<PolicyAssert, Policy> {

    PolicyAssert(Policy actual) {
        super(actual, PolicyAssert.class);
    }

    /**
     * Verifies that the request reaches a rule whose method is not {@code reject} (authentication then
     * proceeds with that rule's method; a system identity on the request must pass its user name map).
     */
    public DecisionAssert admits(ConnectionRequest request) {
        isNotNull();
        Decision d = actual.explain(request);
        if (d.outcome() == Decision.Outcome.INVALID_FILE) {
            failWithMessage("Expected the policy to admit%n  %s%nbut PostgreSQL would not load the file:%n%s", request,
                    d.format().indent(2));
        }
        if (!d.admitsSoFar()) {
            failWithMessage("Expected the policy to admit%n  %s%nbut it does not:%n%s", request, d.format().indent(2));
        }
        return new DecisionAssert(d);
    }

    /** Verifies that the request is refused: an explicit {@code reject} rule or no matching rule. */
    public DecisionAssert rejects(ConnectionRequest request) {
        isNotNull();
        Decision d = actual.explain(request);
        if (d.outcome() == Decision.Outcome.INVALID_FILE) {
            failWithMessage("Expected the policy to reject%n  %s%nbut PostgreSQL would not load the file at all:%n%s",
                    request, d.format().indent(2));
        }
        if (d.outcome() == Decision.Outcome.MATCHED) {
            failWithMessage("Expected the policy to reject%n  %s%nbut it admits it:%n%s", request, d.format().indent(2));
        }
        return new DecisionAssert(d);
    }

    /** Verifies that every rule is reached by some request. */
    public PolicyAssert hasNoDeadRules() {
        isNotNull();
        Reachability r = Reachability.of(actual);
        List<String> dead = new ArrayList<>();
        for (RuleReach rr : r.deadRules()) {
            StringBuilder s = new StringBuilder(rr.rule().span() + ": " + rr.rule().logicalText().strip());
            for (int i : rr.shadowedBy()) {
                s.append("\n      covered by ").append(actual.rules().get(i).span()).append(": ")
                        .append(actual.rules().get(i).logicalText().strip());
            }
            dead.add(s.toString());
        }
        if (!dead.isEmpty()) {
            failWithMessage("Expected every rule to be reachable, but no request reaches:%n  %s",
                    String.join(String.format("%n  "), dead));
        }
        return this;
    }

    /** Verifies that the hardening review has no finding of severity high or critical (as {@code pghba lint}). */
    public PolicyAssert passesLint() {
        return hasNoFindingsAtOrAbove(Lint.Severity.HIGH);
    }

    /** Verifies that the hardening review has no finding at or above {@code severity}. */
    public PolicyAssert hasNoFindingsAtOrAbove(Lint.Severity severity) {
        return hasNoFindingsAtOrAbove(severity, Lint.Config.defaults());
    }

    /** Verifies that the hardening review with {@code config} has no finding at or above {@code severity}. */
    public PolicyAssert hasNoFindingsAtOrAbove(Lint.Severity severity, Lint.Config config) {
        isNotNull();
        List<String> bad = new ArrayList<>();
        for (Lint.Finding f : Lint.run(actual, config)) {
            if (f.severity().compareTo(severity) <= 0) {
                bad.add(f.format().replace("\n", String.format("%n  ")));
            }
        }
        if (!bad.isEmpty()) {
            failWithMessage("Expected no lint finding at or above %s, but found:%n  %s", severity.label(),
                    String.join(String.format("%n  "), bad));
        }
        return this;
    }

    /**
     * Verifies that every request this policy admits, {@code other} admits too: a change from
     * {@code other} to this policy lets nobody new in.
     */
    public PolicyAssert admitsNoMoreThan(Policy other) {
        isNotNull();
        List<String> more = new ArrayList<>();
        for (PolicyDiff.Change c : PolicyDiff.between(other, actual, false).changes()) {
            boolean nowAdmits = c.after().map(r -> r.method() != AuthMethod.REJECT).orElse(false);
            boolean beforeAdmits = c.before().map(r -> r.method() != AuthMethod.REJECT).orElse(false);
            if (nowAdmits && !beforeAdmits) {
                more.add(c.describe());
            }
        }
        if (!more.isEmpty()) {
            failWithMessage("Expected %s to admit no more than %s, but it also admits:%n  %s", actual.config().path(),
                    other.config().path(), String.join(String.format("%n  "), more));
        }
        return this;
    }
}
