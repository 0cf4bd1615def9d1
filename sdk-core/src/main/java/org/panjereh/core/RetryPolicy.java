package org.panjereh.core;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * When and how {@link PlatformClient} repeats a call: on connection failures and on 429, 502, 503 and
 * 504, up to {@link #maxAttempts()} attempts, waiting as the platform's {@code Retry-After} says or
 * else with exponential backoff and jitter (Resilience4j's {@link IntervalFunction}).
 *
 * <p>A {@code Retry-After} longer than {@link #maxRetryAfter()} ends the retries at once with a
 * retryable error: blocking a caller's thread for minutes is worse than telling it to come back.
 */
public final class RetryPolicy {

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param duration how long to wait
         * @throws InterruptedException if interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Sleeper sleeper;
    private final IntervalFunction backoff;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.sleeper = b.sleeper;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
    }

    /** 4 attempts, 200 ms initial backoff doubling to at most 5 s, Retry-After honoured up to 30 s. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    /** A new builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Attempts in all, first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Longest {@code Retry-After} that is waited out. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** The sleeper in use. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * The wait before attempt {@code attempt + 1}, without a {@code Retry-After}.
     *
     * @param attempt attempts made so far, from 1
     * @return the backoff, jittered
     */
    public Duration backoff(int attempt) {
        return Duration.ofMillis(backoff.apply(attempt));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + "]";
    }

    /** Builder of {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder() {
        }

        /** @param n attempts in all, 1–10 */
        public Builder maxAttempts(int n) {
            if (n < 1 || n > 10) {
                throw new PanjerehConfigurationException("maxAttempts must be between 1 and 10");
            }
            this.maxAttempts = n;
            return this;
        }

        /** @param d first backoff, positive */
        public Builder initialBackoff(Duration d) {
            this.initialBackoff = positive(d, "initialBackoff");
            return this;
        }

        /** @param d largest backoff, positive */
        public Builder maxBackoff(Duration d) {
            this.maxBackoff = positive(d, "maxBackoff");
            return this;
        }

        /** @param d longest Retry-After to wait out */
        public Builder maxRetryAfter(Duration d) {
            this.maxRetryAfter = positive(d, "maxRetryAfter");
            return this;
        }

        /** @param sleeper how to wait (tests record instead of sleeping) */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @return the policy */
        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new PanjerehConfigurationException("maxBackoff must not be shorter than initialBackoff");
            }
            return new RetryPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new PanjerehConfigurationException(name + " must be positive");
            }
            return d;
        }
    }
}
