package org.panjereh.events.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.shared.Json;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.events.DeadLetter;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.OutboxRecord;

/**
 * Takes records from the outbox and delivers them: service events in batches of up to 500 to the
 * event intake, message-box notices one by one with their record id as the idempotency key. The
 * platform's per-event {@code rejected} are parked as dead letters; {@code duplicates} count as
 * delivered; a failed call is retried with backoff and jitter behind a circuit breaker, and since the
 * platform de-duplicates on event ids, resending after a lost answer counts nothing twice.
 */
public final class DeliveryEngine implements Runnable {

    private static final System.Logger LOG = System.getLogger(DeliveryEngine.class.getName());
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** Counter of settled outbox records by kind and outcome. */
    private static final String SETTLED = "panjereh.outbox.settled";

    /**
     * Tuning.
     *
     * @param batchSize      events per call, at most 500
     * @param initialBackoff first wait after a failure
     * @param maxBackoff     longest wait
     * @param idleWait       longest sleep when nothing is pending
     */
    public record Settings(int batchSize, Duration initialBackoff, Duration maxBackoff, Duration idleWait) {
    }

    private final PlatformClient client;
    private final java.util.Map<String, org.panjereh.events.RecordCourier> couriers;
    private final Outbox outbox;
    private final DeadLetterStore deadLetters;
    private final Settings settings;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final IntervalFunction backoff;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private volatile boolean wake;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    volatile String lastError;
    private int failures;

    /**
     * @param client      platform client
     * @param outbox      where records wait
     * @param deadLetters where refused records go
     * @param settings    tuning
     * @param breaker     circuit breaker toward the platform
     * @param clock       clock for dead-letter times
     */
    public DeliveryEngine(PlatformClient client, Outbox outbox, DeadLetterStore deadLetters, Settings settings,
                          CircuitBreaker breaker, Clock clock, List<org.panjereh.events.RecordCourier> couriers) {
        this.client = client;
        java.util.Map<String, org.panjereh.events.RecordCourier> m = new HashMap<>();
        for (org.panjereh.events.RecordCourier c : couriers) {
            m.put(c.kind(), c);
        }
        this.couriers = java.util.Map.copyOf(m);
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.breaker = breaker;
        this.clock = clock;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5, settings.maxBackoff());
    }

    /** Counters for metrics: delivered, duplicates, rejected. */
    public long[] counters() {
        return new long[] {delivered.get(), duplicates.get(), rejected.get()};
    }

    /** The last failure, or {@code null}. */
    public String lastError() {
        return lastError;
    }

    /** Wakes the engine: something was appended. */
    public void nudge() {
        synchronized (signal) {
            wake = true;
            signal.notifyAll();
        }
    }

    /** Stops after the current call. */
    public void stop() {
        running = false;
        nudge();
    }

    /** Waits while idle; a nudge (new records) ends the wait early. */
    private void pause(Duration d) {
        waitFor(d, true);
    }

    /** Waits out a backoff: new records must not shorten it, only {@link #stop()} does. */
    private void pauseIgnoringNudges(Duration d) {
        waitFor(d, false);
    }

    private void waitFor(Duration d, boolean endOnNudge) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (signal) {
            while (running && !(endOnNudge && wake)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                    return;
                }
            }
            if (endOnNudge) {
                wake = false;
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!breaker.tryAcquirePermission()) {
                    pauseIgnoringNudges(Duration.ofMillis(Math.max(10, Math.min(1000,
                            breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 4))));
                    continue;
                }
                List<OutboxRecord> claimed = outbox.claim(settings.batchSize(), LEASE);
                if (claimed.isEmpty()) {
                    breaker.releasePermission();
                    pause(settings.idleWait());
                    continue;
                }
                long t0 = System.nanoTime();
                boolean ok = deliver(claimed);
                if (ok) {
                    breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    failures = 0;
                } else {
                    breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, new IllegalStateException(lastError));
                    failures++;
                    pauseIgnoringNudges(Duration.ofMillis(backoff.apply(failures)));
                }
            } catch (RuntimeException e) {
                // The outbox itself failed (disk, database): keep going after a pause, never die silently.
                lastError = "outbox: " + e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "Delivery loop error: {0}", e.getMessage());
                failures++;
                pauseIgnoringNudges(Duration.ofMillis(backoff.apply(failures)));
            }
        }
    }

    /** Delivers one claim; returns false when a retryable failure left records to retry. */
    private boolean deliver(List<OutboxRecord> claimed) {
        try (Telemetry.Span span = Telemetry.span("panjereh.outbox.deliver")) {
            span.attribute("panjereh.outbox.batch_size", claimed.size());
            boolean ok = deliverClaimed(claimed);
            if (!ok) {
                span.fail("retry_later");
            }
            return ok;
        }
    }

    private boolean deliverClaimed(List<OutboxRecord> claimed) {
        List<OutboxRecord> events = new ArrayList<>();
        List<OutboxRecord> messages = new ArrayList<>();
        for (OutboxRecord r : claimed) {
            (r.kind().equals("event") ? events : messages).add(r);
        }
        boolean ok = true;
        if (!events.isEmpty()) {
            ok &= deliverEvents(events);
        }
        for (OutboxRecord m : messages) {
            if (!ok) {
                outbox.release(List.of(m.id()));
                continue;
            }
            ok &= m.kind().equals("message") ? deliverMessage(m) : deliverByCourier(m);
        }
        return ok;
    }

    private boolean deliverEvents(List<OutboxRecord> batch) {
        URI uri = URI.create(client.metadata().serviceEventsEndpoint().toString().replaceAll("/+$", "") + "/batch");
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 400);
        body.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i).payload());
        }
        body.write(']');
        PlatformResponse r;
        try {
            r = client.post(uri, body.toByteArray(), "application/cloudevents-batch+json",
                    RequestOptions.builder().idempotencyKey(batchKey(batch)).build());
        } catch (PlatformException e) {
            return refusedBatch(batch, e);
        } catch (PanjerehException e) {
            return failed(batch, "event intake: " + e.getMessage());
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(r.body());
            if (answer == null || !answer.isObject() || !answer.path("rejected").isArray() || !answer.path("duplicates").isArray()) {
                throw new InvalidPlatformResponseException("not a batch result", r.statusCode(), null);
            }
        } catch (Exception e) {
            // We cannot tell what was stored; resending is safe because the platform de-duplicates on ids.
            return failed(batch, "event intake answered something that is not a batch result");
        }
        Map<UUID, OutboxRecord> byId = new HashMap<>();
        for (OutboxRecord rec : batch) {
            byId.put(rec.id(), rec);
        }
        Set<UUID> refused = new HashSet<>();
        for (JsonNode rj : answer.get("rejected")) {
            UUID id = parse(rj.path("id").asText(null));
            OutboxRecord rec = id == null ? null : byId.get(id);
            if (rec != null && refused.add(id)) {
                park(rec, rj.path("code").asText("events.rejected"), rj.path("detail").asText(null));
            }
        }
        long dup = 0;
        for (JsonNode d : answer.get("duplicates")) {
            UUID id = parse(d.asText(null));
            if (id != null && byId.containsKey(id) && !refused.contains(id)) {
                dup++;
            }
        }
        // Counted before the acknowledgement, so that whoever sees nothing pending also sees the counts.
        duplicates.addAndGet(dup);
        delivered.addAndGet(batch.size() - refused.size() - dup);
        Telemetry.count(SETTLED, batch.size() - refused.size() - dup, "kind", "event", "outcome", "delivered");
        Telemetry.count(SETTLED, dup, "kind", "event", "outcome", "duplicate");
        outbox.acknowledge(byId.keySet());
        return true;
    }

    /** A whole batch refused: auth problems wait, other refusals are split until the culprit is found. */
    private boolean refusedBatch(List<OutboxRecord> batch, PlatformException e) {
        int s = e.statusCode();
        if (e.isRetryable() || s == 401 || s == 403) {
            return failed(batch, "event intake " + s + " " + e.code());
        }
        if (batch.size() == 1) {
            park(batch.get(0), e.code(), e.problem().detail());
            outbox.acknowledge(List.of(batch.get(0).id()));
            return true;
        }
        int half = batch.size() / 2;
        List<OutboxRecord> second = batch.subList(half, batch.size());
        outbox.release(second.stream().map(OutboxRecord::id).toList());
        boolean ok = deliverEvents(new ArrayList<>(batch.subList(0, half)));
        return ok;
    }

    private boolean deliverMessage(OutboxRecord m) {
        URI uri = URI.create(client.metadata().messageBoxEndpoint().toString().replaceAll("/+$", "") + "/messages");
        try {
            client.post(uri, m.payload(), "application/json", RequestOptions.builder().idempotencyKey(m.id()).build());
        } catch (PlatformException e) {
            if (e.isRetryable() || e.statusCode() == 401 || e.statusCode() == 403) {
                return failed(List.of(m), "message box " + e.statusCode() + " " + e.code());
            }
            park(m, e.code(), e.problem().detail());
            outbox.acknowledge(List.of(m.id()));
            return true;
        } catch (PanjerehException e) {
            return failed(List.of(m), "message box: " + e.getMessage());
        }
        delivered.incrementAndGet();
        Telemetry.count(SETTLED, 1, "kind", m.kind(), "outcome", "delivered");
        outbox.acknowledge(List.of(m.id()));
        return true;
    }

    private boolean deliverByCourier(OutboxRecord r) {
        org.panjereh.events.RecordCourier courier = couriers.get(r.kind());
        if (courier == null) {
            // Never lose it: wait until a courier for this kind is configured.
            return failed(List.of(r), "no courier delivers records of kind " + r.kind());
        }
        org.panjereh.events.RecordCourier.Outcome o;
        try (Telemetry.Span span = Telemetry.span("panjereh.outbox.courier")) {
            span.attribute("panjereh.outbox.kind", r.kind());
            o = courier.deliver(r, client);
        } catch (RuntimeException e) {
            return failed(List.of(r), r.kind() + ": " + e.getMessage());
        }
        switch (o.status()) {
            case DELIVERED -> {
                delivered.incrementAndGet();
                Telemetry.count(SETTLED, 1, "kind", r.kind(), "outcome", "delivered");
            }
            case DUPLICATE -> {
                duplicates.incrementAndGet();
                Telemetry.count(SETTLED, 1, "kind", r.kind(), "outcome", "duplicate");
            }
            case REFUSED -> park(r, o.code(), o.detail());
            default -> {
                return failed(List.of(r), r.kind() + " " + o.code());
            }
        }
        outbox.acknowledge(List.of(r.id()));
        return true;
    }

    private boolean failed(List<OutboxRecord> records, String why) {
        lastError = why;
        outbox.release(records.stream().map(OutboxRecord::id).toList());
        return false;
    }

    /** Parks a refused record; the caller acknowledges it afterwards. */
    private void park(OutboxRecord rec, String code, String detail) {
        deadLetters.park(new DeadLetter(rec.id(), rec.kind(), rec.key(), code, detail, clock.instant(),
                new String(rec.payload(), StandardCharsets.UTF_8)));
        rejected.incrementAndGet();
        Telemetry.count(SETTLED, 1, "kind", rec.kind(), "outcome", "refused");
        // The record id is the error id: it names the dead letter, and this is the one line that carries it.
        LOG.log(System.Logger.Level.WARNING, "Platform refused {0} [{1}] {2}; parked as a dead letter", rec.kind(), rec.id(), code);
    }

    private static UUID batchKey(List<OutboxRecord> batch) {
        StringBuilder sb = new StringBuilder(batch.size() * 37);
        for (OutboxRecord r : batch) {
            sb.append(r.id()).append(',');
        }
        return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static UUID parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
