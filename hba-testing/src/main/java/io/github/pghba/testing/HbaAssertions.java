package io.github.pghba.testing;

import io.github.pghba.eval.Policy;

/**
 * The AssertJ entry point for policies: {@code assertThat(policy).admits(request).withMethod("scram-sha-256")}.
 *
 * <ul>
 *   <li>{@link PolicyAssert#admits} — a non-reject rule matches (then {@link DecisionAssert#withMethod},
 *       {@link DecisionAssert#atLine}, {@link DecisionAssert#withOption}).</li>
 *   <li>{@link PolicyAssert#rejects} — an explicit reject or no match (then {@link DecisionAssert#byRule},
 *       {@link DecisionAssert#byRuleAtLine}, {@link DecisionAssert#byNoMatch}).</li>
 *   <li>{@link PolicyAssert#hasNoDeadRules}, {@link PolicyAssert#passesLint},
 *       {@link PolicyAssert#hasNoFindingsAtOrAbove}, {@link PolicyAssert#admitsNoMoreThan}.</li>
 * </ul>
 *
 * A failure shows PostgreSQL's decision with its explanation: every rule tried and why it was skipped.
 */
public final class HbaAssertions {
    private HbaAssertions() {}

    /** Assertions about a policy. */
    public static PolicyAssert assertThat(Policy actual) {
        return new PolicyAssert(actual);
    }
}
