package org.panjereh.events;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.shared.Json;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.events.internal.CloudEventCodec;
import org.panjereh.events.internal.DeliveryEngine;

/**
 * Publishes service events and message-box notices so that they reach the platform once each, whatever
 * fails on the way (contract sections 5 and 8).
 *
 * <p>{@link #publish(ServiceEvent)} checks the order rules for the tracking id (first {@code started},
 * nothing after a terminal event) and, when a {@link ServiceRegistry} is given, that the step is one of
 * the service card's; it then stores the event in the {@link Outbox} and returns only once it is
 * durable. A delivery thread sends stored records in batches of up to 500, retrying with backoff and
 * jitter behind a circuit breaker, and parks what the platform refuses in the {@link DeadLetterStore}.
 * When more than {@code maxPending} records wait, publishing fails fast with a back-pressure
 * {@link OutboxException}.
 *
 * <p>Why this class is long: it is the module's entry point, and its builder's options with their contracts are a
 * third of it; the delivery itself is {@code internal}'s {@code DeliveryEngine}.
 *
 * <pre>{@code
 * try (Outbox outbox = Outbox.fileJournal(Path.of("/var/lib/portal/outbox"));
 *      ServiceEventPublisher events = ServiceEventPublisher.builder(platform, outbox)
 *          .deadLetters(DeadLetterStore.jsonLines(Path.of("/var/lib/portal/dead-letters.jsonl")))
 *          .build()) {
 *     events.publish(ServiceEvent.started(trackingId, serviceId, Channel.WEB, "U-1010-01"));
 * }
 * }</pre>
 */
public final class ServiceEventPublisher implements AutoCloseable {

    private static final int STRIPES = 64;

    private final PlatformClient platform;
    private final Outbox outbox;
    private final DeadLetterStore deadLetters;
    private final ServiceRegistry registry;
    private final ServiceHistory history;
    private final Clock clock;
    private final long maxPending;
    private final CircuitBreaker breaker;
    private final DeliveryEngine engine;
    private final Thread thread;
    private final Object[] stripes = new Object[STRIPES];
    private volatile long cachedPending;
    private final java.util.concurrent.atomic.AtomicLong appendedSinceCount = new java.util.concurrent.atomic.AtomicLong();
    private volatile long pendingCheckedAt = System.nanoTime() - 1_000_000_000L;

    private ServiceEventPublisher(Builder b) {
        this.platform = b.platform;
        this.outbox = b.outbox;
        this.deadLetters = b.deadLetters;
        this.registry = b.registry;
        this.history = b.history;
        this.clock = b.clock;
        this.maxPending = b.maxPending;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.breaker = CircuitBreaker.of("panjereh-event-intake", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10)
                .minimumNumberOfCalls(5).failureRateThreshold(50).waitDurationInOpenState(b.openStateWait)
                .permittedNumberOfCallsInHalfOpenState(1).build());
        this.engine = new DeliveryEngine(platform, outbox, deadLetters,
                new DeliveryEngine.Settings(b.batchSize, b.initialBackoff, b.maxBackoff, b.idleWait), breaker, clock,
                List.copyOf(b.couriers));
        Telemetry.gauge("panjereh.outbox.backlog", this, p -> p.outbox.pendingCount());
        Telemetry.gauge("panjereh.outbox.oldest.age.seconds", this, 
                p -> p.outbox.oldestPending().map(t -> Math.max(0, Duration.between(t, p.clock.instant()).toMillis()) / 1000.0)
                        .orElse(0.0));
        this.thread = new Thread(engine, "panjereh-event-delivery");
        this.thread.setDaemon(true);
        if (b.deliver) {
            thread.start();
        }
    }

    /**
     * @param platform the platform client (its credentials give the event source)
     * @param outbox   where each event is stored before it is sent
     * @return a builder; everything else has a default
     */
    public static Builder builder(PlatformClient platform, Outbox outbox) {
        return new Builder().platform(platform).outbox(outbox);
    }

    /**
     * @return a builder whose platform and outbox are still to be set
     * @deprecated give the required collaborators to {@link #builder(PlatformClient, Outbox)}
     */
    @Deprecated(since = "0.2.0")
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores one event durably for delivery.
     *
     * @param event the event
     * @throws EventRefusedException if it breaks the order rules or names a step the card lacks
     * @throws OutboxException       if it could not be stored, or too many records wait (back-pressure)
     */
    public void publish(ServiceEvent event) {
        publishAll(List.of(event));
    }

    /**
     * Stores events durably, in order, in one write (all or none).
     *
     * @param events the events
     */
    public void publishAll(List<ServiceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        checkRoom();
        String source = platform.credentials().eventSource();
        if (events.size() == 1) {
            ServiceEvent e = events.get(0);
            synchronized (stripe(e.trackingId().value())) {
                check(e, outbox.lastTag(e.trackingId().value()).orElse(null));
                remember(events);
                outbox.append(List.of(record(e, source)));
                appendedSinceCount.incrementAndGet();
            }
        } else {
            // Several events: check them against each other and the stored history, then store them together.
            synchronized (this) {
                Map<String, String> last = new LinkedHashMap<>();
                List<OutboxRecord> records = new ArrayList<>(events.size());
                for (ServiceEvent e : events) {
                    String key = e.trackingId().value();
                    String prev = last.containsKey(key) ? last.get(key) : outbox.lastTag(key).orElse(null);
                    check(e, prev);
                    last.put(key, e.type().wireType());
                    records.add(record(e, source));
                }
                remember(events);
                outbox.append(records);
                appendedSinceCount.addAndGet(records.size());
            }
        }
        engine.nudge();
    }

    /**
     * Stores a message-box notice durably; it is delivered with a fixed idempotency key, so a resend
     * after a lost answer does not make a second message.
     *
     * @param notice the notice
     * @return the notice's idempotency key
     */
    public UUID sendMessage(MessageNotice notice) {
        checkRoom();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipient", Map.of(notice.recipient().wireMember(), notice.recipient().value()));
        body.put("serviceId", notice.serviceId().value());
        body.put("trackingId", notice.trackingId().value());
        body.put("title", notice.title());
        body.put("body", notice.body());
        if (notice.documentUrl() != null) {
            body.put("documentUrl", notice.documentUrl().toString());
        }
        UUID id = UUID.randomUUID();
        outbox.append(List.of(new OutboxRecord(id, "message", "msg:" + notice.trackingId().value(), "message",
                clock.instant(), Json.write(body))));
        appendedSinceCount.incrementAndGet();
        engine.nudge();
        return id;
    }

    /**
     * Back-pressure. Counting a database outbox is not free, so the count is refreshed at most every
     * 100 ms while well below the bound, and on every call once close to it.
     */
    /**
     * Stores any record for a {@link RecordCourier} added to the builder (for example a survey response),
     * in the same durable outbox and per-key order as events.
     *
     * @param kind    the courier's kind
     * @param key     ordering key; use the tracking id to go after that request's events
     * @param id      the record id (the idempotency key of its delivery)
     * @param payload what the courier sends
     * @throws OutboxException if it could not be stored, or under back-pressure
     */
    public void enqueue(String kind, String key, UUID id, byte[] payload) {
        if (kind.equals("event") || kind.equals("message")) {
            throw new IllegalArgumentException("use publish or sendMessage for " + kind);
        }
        checkRoom();
        outbox.append(List.of(new OutboxRecord(id, kind, key, "", clock.instant(), payload)));
        appendedSinceCount.incrementAndGet();
        engine.nudge();
    }

    /** Before the outbox: a delivered event is then always in the history (an id recorded twice counts once). */
    private void remember(List<ServiceEvent> events) {
        if (history != null) {
            history.record(events);
        }
    }

    private void checkRoom() {
        long now = System.nanoTime();
        // An upper estimate: the last count plus everything appended since.
        long pending = cachedPending + appendedSinceCount.get();
        if (pending >= maxPending / 2 || now - pendingCheckedAt > 100_000_000L) {
            appendedSinceCount.set(0);
            pending = outbox.pendingCount();
            cachedPending = pending;
            pendingCheckedAt = now;
        }
        if (pending >= maxPending) {
            throw OutboxException.full(pending, maxPending);
        }
    }

    private Object stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private void check(ServiceEvent e, String previous) {
        if (previous == null && e.type() != EventType.STARTED) {
            throw new EventRefusedException(EventRefusedException.Reason.ORDER, "The first event of " + e.trackingId()
                    + " must be started, not " + e.type().wireType(), "نخستین رویداد هر درخواست باید «آغاز» باشد");
        }
        if (previous != null) {
            EventType prev = EventType.fromWire(previous);
            if (prev.isTerminal()) {
                throw new EventRefusedException(EventRefusedException.Reason.ORDER, "Request " + e.trackingId()
                        + " already ended with " + previous, "این درخواست پایان یافته است و رویداد تازه نمی‌پذیرد");
            }
            if (e.type() == EventType.STARTED) {
                throw new EventRefusedException(EventRefusedException.Reason.ORDER, "Request " + e.trackingId()
                        + " has already started", "این درخواست پیش‌تر آغاز شده است");
            }
        }
        if (registry != null && e.step().isPresent() && !ServiceEvent.PAYMENT_STEP.equals(e.step().get())) {
            ServiceCard card = registry.card(e.serviceId());
            if (card.step(e.step().get()).isEmpty()) {
                throw new EventRefusedException(EventRefusedException.Reason.INVALID, "Step " + e.step().get()
                        + " is not a step of service " + e.serviceId(), "این مرحله در شناسنامه خدمت تعریف نشده است");
            }
        }
    }

    private OutboxRecord record(ServiceEvent e, String source) {
        return new OutboxRecord(e.id(), "event", e.trackingId().value(), e.type().wireType(), clock.instant(),
                CloudEventCodec.encode(e, source));
    }

    /**
     * The last event stored for a request, delivered or not.
     *
     * @param trackingId the request
     * @return its last event type, if any was published through this outbox
     */
    public java.util.Optional<EventType> lastEvent(org.panjereh.core.TrackingId trackingId) {
        return outbox.lastTag(trackingId.value()).map(EventType::fromWire);
    }

    /** A snapshot of pending, delivered, duplicates, rejected, oldest pending age and circuit state. */
    public DeliveryMetrics metrics() {
        long[] c = engine.counters();
        Instant oldest = outbox.oldestPending().orElse(null);
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
        return new DeliveryMetrics(outbox.pendingCount(), c[0], c[1], c[2], age.isNegative() ? Duration.ZERO : age,
                breaker.getState().name(), engine.lastError());
    }

    /**
     * Waits until nothing is pending (for shutdown and tests).
     *
     * @param timeout longest wait
     * @return whether everything was settled in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outbox.pendingCount() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            engine.nudge();
            Thread.sleep(5);
        }
        return true;
    }

    /** The dead letters. */
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    /** Stops the delivery thread; the outbox stays open (its owner closes it). */
    @Override
    public void close() {
        engine.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builder of {@link ServiceEventPublisher}. */
    public static final class Builder {
        private PlatformClient platform;
        private Outbox outbox;
        private DeadLetterStore deadLetters;
        private ServiceRegistry registry;
        private ServiceHistory history;
        private Clock clock = Clock.systemUTC();
        private long maxPending = 1_000_000;
        private int batchSize = 500;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration idleWait = Duration.ofSeconds(1);
        private Duration openStateWait = Duration.ofSeconds(30);
        private boolean deliver = true;
        private final List<RecordCourier> couriers = new ArrayList<>();

        private Builder() {
        }

        /** @param c a courier for another kind of record */
        public Builder courier(RecordCourier c) {
            this.couriers.add(Objects.requireNonNull(c));
            return this;
        }

        /**
         * @param p the platform client
         * @return this builder
         * @deprecated pass it to {@link ServiceEventPublisher#builder(PlatformClient, Outbox)}
         */
        @Deprecated(since = "0.2.0")
        public Builder platform(PlatformClient p) {
            this.platform = p;
            return this;
        }

        /**
         * @param o the outbox
         * @return this builder
         * @deprecated pass it to {@link ServiceEventPublisher#builder(PlatformClient, Outbox)}
         */
        @Deprecated(since = "0.2.0")
        public Builder outbox(Outbox o) {
            this.outbox = o;
            return this;
        }

        /** @param d where refused records are parked */
        public Builder deadLetters(DeadLetterStore d) {
            this.deadLetters = d;
            return this;
        }

        /** @param r service cards, to check step codes before storing */
        public Builder registry(ServiceRegistry r) {
            this.registry = r;
            return this;
        }

        /**
         * @param h where each published event is also kept for the monthly report, after the outbox has forgotten it
         *          (default: none)
         * @return this builder
         */
        public Builder history(ServiceHistory h) {
            this.history = Objects.requireNonNull(h, "history");
            return this;
        }

        /** @param c clock for record times and ages */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** @param n back-pressure bound on undelivered records (default 1,000,000) */
        public Builder maxPending(long n) {
            if (n < 1) {
                throw new PanjerehConfigurationException("maxPending must be positive");
            }
            this.maxPending = n;
            return this;
        }

        /** @param n events per call, 1-500 (default 500) */
        public Builder batchSize(int n) {
            if (n < 1 || n > 500) {
                throw new PanjerehConfigurationException("batchSize must be 1-500 (contract section 5)");
            }
            this.batchSize = n;
            return this;
        }

        /**
         * @param initial first wait after a failed delivery (default 200 ms)
         * @param max     longest wait (default 30 s)
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        /** @param d how long the circuit stays open before a trial call (default 30 s) */
        public Builder circuitOpenWait(Duration d) {
            this.openStateWait = Objects.requireNonNull(d);
            return this;
        }

        /** @param d longest idle sleep when nothing is pending (default 1 s) */
        public Builder idleWait(Duration d) {
            this.idleWait = Objects.requireNonNull(d);
            return this;
        }

        /** @param on run the delivery thread (default on; off for a node that only stores) */
        public Builder deliver(boolean on) {
            this.deliver = on;
            return this;
        }

        /**
         * @return the publisher, its delivery thread started
         * @throws IllegalStateException if the platform client or outbox is missing
         */
        public ServiceEventPublisher build() {
            if (platform == null || outbox == null) {
                throw new PanjerehConfigurationException("ServiceEventPublisher needs a platform client and an outbox");
            }
            if (deadLetters == null) {
                deadLetters = new InMemoryDeadLetters();
            }
            return new ServiceEventPublisher(this);
        }
    }

    /** Dead letters kept in memory, when the caller gives no store; they are also logged. */
    private static final class InMemoryDeadLetters implements DeadLetterStore {
        private final List<DeadLetter> letters = new ArrayList<>();

        @Override
        public synchronized void park(DeadLetter letter) {
            letters.add(letter);
        }

        @Override
        public synchronized List<DeadLetter> list() {
            return List.copyOf(letters);
        }

        @Override
        public synchronized long count() {
            return letters.size();
        }
    }

}
