package io.github.pghba.analysis;

import io.github.pghba.syntax.HbaRule;
import java.util.List;
import java.util.Objects;

/**
 * What becomes of one rule: whether any request reaches it, and which earlier rules take (part of)
 * the requests it would match.
 *
 * @param rule the rule
 * @param index its index in the policy's rules
 * @param reached whether some request reaches it
 * @param matchesAnything whether it matches any request at all, ignoring earlier rules
 * @param shadowedBy the earlier rules (indexes) that take requests it matches
 */
public record RuleReach(HbaRule rule, int index, boolean reached, boolean matchesAnything, List<Integer> shadowedBy) {

    /** Copies the list. */
    public RuleReach {
        Objects.requireNonNull(rule, "rule");
        shadowedBy = List.copyOf(shadowedBy);
    }

    /** No request can reach it. */
    public boolean dead() {
        return !reached;
    }

    /** Reached by some requests, but earlier rules take others it matches. */
    public boolean partlyShadowed() {
        return reached && !shadowedBy.isEmpty();
    }
}
