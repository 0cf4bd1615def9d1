package org.panjereh.core.shared;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One background task run on one named daemon thread with a fixed delay between runs, started at most once at a time and
 * stopped by {@link #close()} (after which it may be started again). Shared by Panjereh's modules (the discovery refresh,
 * the payment reconciler, the monthly reports); not API. The task handles its own failures: an exception it lets out
 * ends the schedule, as with any {@link ScheduledExecutorService}.
 */
public final class PeriodicTask implements AutoCloseable {

    private final String threadName;
    private ScheduledExecutorService scheduler;

    /** @param threadName the daemon thread's name, e.g. {@code panjereh-monthly-reports} */
    public PeriodicTask(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Starts the schedule unless it runs already.
     *
     * @param initialDelay before the first run
     * @param every        between the end of one run and the start of the next
     * @param task         the task
     * @return whether this call started it
     */
    public synchronized boolean start(Duration initialDelay, Duration every, Runnable task) {
        if (scheduler != null) {
            return false;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(task, initialDelay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** Stops the schedule; a run under way is interrupted. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
