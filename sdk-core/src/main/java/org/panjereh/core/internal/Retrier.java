package org.panjereh.core.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformUnreachableException;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.shared.HttpSupport;

/**
 * The retry loop of every platform call. Resilience4j's {@code Retry} sleeps through a static,
 * JVM-wide hook, which tests cannot replace safely in parallel; so the loop is ours and the backoff
 * schedule is Resilience4j's {@code IntervalFunction} (see {@link RetryPolicy}).
 */
public final class Retrier {

    /** One attempt: an HTTP exchange, fully read. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * @return the answer
         * @throws IOException when no answer came
         */
        RawResponse run() throws IOException;
    }

    /**
     * The final answer and how many attempts it took.
     *
     * @param response last answer
     * @param attempts attempts made
     */
    public record Result(RawResponse response, int attempts) {
    }

    private final RetryPolicy policy;
    private final Clock clock;

    /**
     * @param policy retry policy
     * @param clock  clock for HTTP-date {@code Retry-After}
     */
    public Retrier(RetryPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Whether a status is one the platform may answer differently next time. */
    public static boolean isRetryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Runs attempts until one gives a final answer.
     *
     * @param what    short description for error messages, free of personal data
     * @param safe    whether repeating is safe (GET, or POST with an idempotency key)
     * @param attempt the attempt
     * @return the final answer
     * @throws PlatformUnreachableException when the last attempt got no answer
     */
    public Result run(String what, boolean safe, Attempt attempt) {
        return run(what, safe ? policy.maxAttempts() : 1, attempt);
    }

    /**
     * Runs at most {@code max} attempts.
     *
     * @param what    short description for error messages
     * @param max     attempts in all
     * @param attempt the attempt
     * @return the final answer
     */
    public Result run(String what, int max, Attempt attempt) {
        for (int n = 1; ; n++) {
            RawResponse r;
            try {
                r = attempt.run();
            } catch (IOException e) {
                if (n >= max) {
                    throw new PlatformUnreachableException(what + ": no answer from the platform ("
                            + e.getClass().getSimpleName() + ")", e).withNumAttempts(n);
                }
                pause(policy.backoff(n), what, n);
                continue;
            }
            if (!isRetryableStatus(r.status()) || n >= max) {
                return new Result(r, n);
            }
            Optional<Duration> after = HttpSupport.retryAfter(r.header("retry-after"), clock);
            if (after.isPresent() && after.get().compareTo(policy.maxRetryAfter()) > 0) {
                return new Result(r, n);
            }
            pause(after.isPresent() ? after.get() : policy.backoff(n), what, n);
        }
    }

    private void pause(Duration d, String what, int attempts) {
        try {
            policy.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnreachableException(what + ": interrupted while waiting to retry", e)
                    .withNumAttempts(attempts);
        }
    }
}
