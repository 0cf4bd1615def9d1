package org.panjereh.gateway;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The test profile's span exporter (Quarkus sends every finished span to CDI's span exporters): the spans in memory,
 * and a wait for one that has not been exported yet. A server span ends when its answer has been written, which can
 * be after the client has read it, so a test waits for the export event rather than assuming it already happened.
 */
@Singleton
public class TestSpanExporter implements SpanExporter {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
        CompletableResultCode r = spans.export(batch);
        notifyAll();
        return r;
    }

    @Override
    public CompletableResultCode flush() {
        return spans.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return spans.shutdown();
    }

    /** @return every span exported since the last {@link #reset()} */
    public List<SpanData> getFinishedSpanItems() {
        return spans.getFinishedSpanItems();
    }

    /** Forgets the spans exported so far. */
    public synchronized void reset() {
        spans.reset();
    }

    /**
     * Waits until a span the predicate accepts has been exported.
     *
     * @param wanted  the span looked for
     * @param timeout how long at most
     * @return whether it came
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean await(Predicate<SpanData> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (spans.getFinishedSpanItems().stream().noneMatch(wanted)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
