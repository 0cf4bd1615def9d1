package org.panjereh.conformance;

import java.time.Duration;
import java.util.Objects;

/**
 * What one rule's check found.
 *
 * @param rule    the rule
 * @param outcome passed, failed, or not run because something it needs failed first
 * @param message what was seen, in English, naming the page or record; empty when it passed
 * @param took    how long the check took
 */
public record RuleResult(Rule rule, Outcome outcome, String message, Duration took) {

    /** A rule's outcome. */
    public enum Outcome {
        /** The portal follows the rule. */
        PASSED,
        /** The portal breaks the rule; the message says how. */
        FAILED,
        /** The check could not run (a step it needs failed); counts as not passed. */
        NOT_RUN,
        /** The rule does not apply to this portal (say, the payment rules to a portal whose driver names no paid service). */
        NOT_APPLICABLE,
        /**
         * The run was asked for other rules ({@link ConformanceKit.Builder#rules}): neither checked nor needed by a rule
         * that was. Not a pass, and not held against the run either ({@link ConformanceReport#passed()}).
         */
        NOT_SELECTED
    }

    /** Requires rule and outcome. */
    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        took = took == null ? Duration.ZERO : took;
    }

    /**
     * @return whether the portal does not break the rule: it passed, or the rule does not apply to it ({@code false}
     *         for a rule not selected: nothing was seen)
     */
    public boolean passed() {
        return outcome == Outcome.PASSED || outcome == Outcome.NOT_APPLICABLE;
    }
}
