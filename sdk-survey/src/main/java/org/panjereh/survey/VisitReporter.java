package org.panjereh.survey;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.shared.PeriodicTask;

/**
 * Sends a {@link VisitCounter}'s periods to the platform ({@code /visits}, contract section 6; ضوابط فنی، ماده ۳۶)
 * every interval and once more when closed. A period the platform did not take is kept and sent before the next,
 * oldest first (up to {@value #MAX_KEPT} periods while the platform is away); periods are lost only with the process.
 * A portal that must keep them across a crash stores each period first, as the reference gateway does.
 */
public final class VisitReporter implements AutoCloseable {

    /** The most periods kept while the platform does not take them. */
    public static final int MAX_KEPT = 24 * 31;

    private static final System.Logger LOG = System.getLogger(VisitReporter.class.getName());

    private final PlatformClient platform;
    private final VisitCounter counter;
    private final Duration interval;
    private final Deque<VisitCounter.Counts> unsent = new ArrayDeque<>();
    private final PeriodicTask task = new PeriodicTask("panjereh-visits");

    private VisitReporter(Builder b) {
        this.platform = b.platform;
        this.counter = b.counter;
        this.interval = b.interval;
    }

    /**
     * @param platform the platform
     * @param counter  the portal's counter
     * @return a builder
     */
    public static Builder builder(PlatformClient platform, VisitCounter counter) {
        return new Builder(platform, counter);
    }

    /** Starts sending a period every interval. */
    public void start() {
        task.start(interval, interval, this::report);
    }

    /**
     * Ends the counter's period and sends it, after any kept before.
     *
     * @return how many periods the platform took
     */
    public synchronized int report() {
        VisitCounter.Counts c = counter.drain();
        if (c.to().isAfter(c.from()) && (c.visits() > 0 || unsent.isEmpty())) {
            unsent.addLast(c);
        }
        while (unsent.size() > MAX_KEPT) {
            unsent.removeFirst();
        }
        int sent = 0;
        while (!unsent.isEmpty()) {
            try {
                VisitCounter.send(platform, unsent.peekFirst());
            } catch (PanjerehException e) {
                if (!e.isRetryable()) {
                    // Sending it again would be refused again and hold back every later period.
                    LOG.log(System.Logger.Level.ERROR, "Visitor counts of {0}–{1} refused by the platform and dropped: {2}",
                            unsent.peekFirst().from(), unsent.peekFirst().to(), e.getMessage());
                    unsent.removeFirst();
                    continue;
                }
                LOG.log(System.Logger.Level.WARNING, "Visitor counts not sent, {0} period(s) kept for the next pass: {1}",
                        unsent.size(), e.getMessage());
                break;
            }
            unsent.removeFirst();
            sent++;
        }
        return sent;
    }

    /** @return how many periods wait for the platform */
    public synchronized int waiting() {
        return unsent.size();
    }

    /** Stops the schedule and sends what was counted since the last period, if anything was. */
    @Override
    public void close() {
        task.close();
        if (counter.counts().visits() > 0 || waiting() > 0) {
            report();
        }
    }

    /** Builder of {@link VisitReporter}. */
    public static final class Builder {
        private final PlatformClient platform;
        private final VisitCounter counter;
        private Duration interval = Duration.ofHours(1);

        private Builder(PlatformClient platform, VisitCounter counter) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.counter = Objects.requireNonNull(counter, "counter");
        }

        /**
         * @param d how often a period is sent (default one hour, at least one minute)
         * @return this
         */
        public Builder interval(Duration d) {
            if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new PanjerehConfigurationException("The visit report interval must be at least one minute, not " + d);
            }
            interval = d;
            return this;
        }

        /** @return the reporter, not yet started */
        public VisitReporter build() {
            return new VisitReporter(this);
        }
    }
}
