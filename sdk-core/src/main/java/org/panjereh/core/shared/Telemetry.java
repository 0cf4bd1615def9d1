package org.panjereh.core.shared;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

/**
 * The one place the SDK reports what it does: spans through the OpenTelemetry API when the application has
 * it (the global instance, or no-op; never an SDK or exporter of our choosing) and observations that
 * {@code PanjerehMetrics} turns into Micrometer meters when bound. Both are optional dependencies: without
 * them every call here is a cheap no-op, so no module needs either on its class path.
 *
 * <p>Nothing reported here carries personal data: span and meter names are fixed, attributes are endpoint
 * templates, provider names, reason codes and counts.
 */
public final class Telemetry {

    private static final boolean OTEL = present("io.opentelemetry.api.GlobalOpenTelemetry");
    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();
    private static final List<GaugeSpec<?>> GAUGES = new CopyOnWriteArrayList<>();

    private Telemetry() {
    }

    /** A span in progress; current on this thread until closed, so calls made inside are its children. */
    public interface Span extends AutoCloseable {
        /**
         * @param key   attribute name
         * @param value attribute value (never personal data)
         * @return this span
         */
        Span attribute(String key, String value);

        /**
         * @param key   attribute name
         * @param value attribute value
         * @return this span
         */
        Span attribute(String key, long value);

        /**
         * Marks the span failed with a reason code.
         *
         * @param reasonCode a stable code, e.g. {@code STATE_MISMATCH}
         */
        void fail(String reasonCode);

        /**
         * Marks the span failed because of an exception (recorded by type, not message).
         *
         * @param error what went wrong
         */
        void fail(Throwable error);

        /**
         * Writes this span's W3C trace context ({@code traceparent}, {@code tracestate}) as headers.
         *
         * @param header receives each header name and value
         */
        void inject(BiConsumer<String, String> header);

        /** Ends the span and restores the context that was current before it. */
        @Override
        void close();
    }

    /** Receives observations; {@code PanjerehMetrics} is the one implementation. */
    public interface Listener {
        /**
         * @param name  meter name
         * @param nanos how long
         * @param tags  key, value, key, value…
         */
        void timer(String name, long nanos, String... tags);

        /**
         * @param name   meter name
         * @param amount how many
         * @param tags   key, value, key, value…
         */
        void counter(String name, long amount, String... tags);

        /**
         * @param name meter name
         * @param obj  the measured object (held weakly)
         * @param f    how to read it
         * @param tags key, value, key, value…
         * @param <T>  its type
         */
        <T> void gauge(String name, T obj, ToDoubleFunction<T> f, String... tags);
    }

    private record GaugeSpec<T>(String name, WeakReference<T> obj, ToDoubleFunction<T> f, String[] tags) {
        void offer(Listener l) {
            T o = obj.get();
            if (o != null) {
                l.gauge(name, o, f, tags);
            }
        }
    }

    /**
     * Starts an internal span, current until closed.
     *
     * @param name e.g. {@code panjereh.login.finish}
     * @return the span; close it in a try-with-resources on the same thread
     */
    public static Span span(String name) {
        return OTEL ? OtelSpan.start(name, false) : NoSpan.INSTANCE;
    }

    /**
     * Starts a client span (a call leaving the process), current until closed.
     *
     * @param name e.g. {@code POST /token}
     * @return the span
     */
    public static Span clientSpan(String name) {
        return OTEL ? OtelSpan.start(name, true) : NoSpan.INSTANCE;
    }

    /**
     * @return the current trace id, or {@code null} when there is none (for log lines)
     */
    public static String currentTraceId() {
        return OTEL ? OtelSpan.currentTraceId() : null;
    }

    /**
     * Adds a listener and offers it every gauge registered so far.
     *
     * @param l the listener
     */
    public static void addListener(Listener l) {
        LISTENERS.add(l);
        GAUGES.forEach(g -> g.offer(l));
    }

    /**
     * @param l a listener to stop informing
     */
    public static void removeListener(Listener l) {
        LISTENERS.remove(l);
    }

    /**
     * Records a duration.
     *
     * @param name  meter name
     * @param nanos how long
     * @param tags  key, value pairs
     */
    public static void time(String name, long nanos, String... tags) {
        for (Listener l : LISTENERS) {
            l.timer(name, nanos, tags);
        }
    }

    /**
     * Counts one occurrence.
     *
     * @param name meter name
     * @param tags key, value pairs
     */
    public static void count(String name, String... tags) {
        count(name, 1, tags);
    }

    /**
     * Counts occurrences.
     *
     * @param name   meter name
     * @param amount how many (nothing is counted when zero or less)
     * @param tags   key, value pairs
     */
    public static void count(String name, long amount, String... tags) {
        if (amount > 0) {
            for (Listener l : LISTENERS) {
                l.counter(name, amount, tags);
            }
        }
    }

    /**
     * Registers a value read on demand (a backlog, an age); the object is held weakly, so registering
     * never keeps a closed component alive.
     *
     * @param name meter name
     * @param obj  the measured object
     * @param f    how to read it
     * @param tags key, value pairs
     * @param <T>  its type
     */
    public static <T> void gauge(String name, T obj, ToDoubleFunction<T> f, String... tags) {
        GaugeSpec<T> g = new GaugeSpec<>(name, new WeakReference<>(obj), f, tags);
        GAUGES.removeIf(x -> x.obj().get() == null);
        GAUGES.add(g);
        LISTENERS.forEach(g::offer);
    }

    /**
     * A path as a low-cardinality template: each segment holding a digit, or longer than 24 characters,
     * becomes {@code {id}} (tracking ids, payment ids, service ids, document codes).
     *
     * @param path a URL path
     * @return its template
     */
    public static String template(String path) {
        StringBuilder b = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            if (b.length() > 0 || !seg.isEmpty()) {
                b.append('/');
            }
            b.append(seg.length() > 24 || seg.chars().anyMatch(Character::isDigit) ? "{id}" : seg);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    private static boolean present(String cls) {
        try {
            Class.forName(cls, false, Telemetry.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The span when the OpenTelemetry API is absent. */
    private enum NoSpan implements Span {
        INSTANCE;

        @Override
        public Span attribute(String key, String value) {
            return this;
        }

        @Override
        public Span attribute(String key, long value) {
            return this;
        }

        @Override
        public void fail(String reasonCode) {
        }

        @Override
        public void fail(Throwable error) {
        }

        @Override
        public void inject(BiConsumer<String, String> header) {
        }

        @Override
        public void close() {
        }
    }
}
