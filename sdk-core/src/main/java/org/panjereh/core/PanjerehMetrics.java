package org.panjereh.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.panjereh.core.shared.Telemetry;

/**
 * The SDK's meters in a Micrometer registry, bound by one call (Micrometer is an optional dependency; only
 * this class needs it):
 *
 * <pre>{@code
 * PanjerehMetrics metrics = PanjerehMetrics.bindTo(registry);   // e.g. Spring's or Quarkus' MeterRegistry
 * ...
 * metrics.close();                                             // stops recording into it
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code panjereh.platform.requests}</td><td>timer (histogram)</td><td>endpoint (path template), method,
 * outcome: success, redirect, client_error, server_error, io_error</td></tr>
 * <tr><td>{@code panjereh.exchange.inquiries}</td><td>timer (histogram)</td><td>provider, service, outcome (the
 * audit outcome: ok, cached, provider_timeout, circuit_open, unverified_answer…)</td></tr>
 * <tr><td>{@code panjereh.exchange.circuit.open}</td><td>gauge, 1 while open</td><td>provider, service</td></tr>
 * <tr><td>{@code panjereh.logins}</td><td>counter</td><td>stage (start, finish), outcome (success, refused),
 * reason (the {@code LoginException.Reason}, or none)</td></tr>
 * <tr><td>{@code panjereh.outbox.backlog}</td><td>gauge</td><td>records stored and not yet delivered</td></tr>
 * <tr><td>{@code panjereh.outbox.oldest.age.seconds}</td><td>gauge</td><td>age of the oldest of them</td></tr>
 * <tr><td>{@code panjereh.outbox.settled}</td><td>counter</td><td>kind (event, message, survey-response…),
 * outcome (delivered, duplicate, refused)</td></tr>
 * <tr><td>{@code panjereh.payments}</td><td>counter</td><td>operation (create, verify, refund, confirm_…),
 * outcome (the state reached, or the refusal's reason)</td></tr>
 * <tr><td>{@code panjereh.documents.issued}</td><td>timer</td><td>outcome (signed, failed)</td></tr>
 * </table>
 *
 * <p>No tag ever holds personal data: paths are templates ({@code /payments/{id}/verify}), and reasons are
 * codes. Several registries may be bound at once; each gets every meter, including gauges of components
 * built before it was bound.
 */
public final class PanjerehMetrics implements AutoCloseable {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "panjereh.platform.requests", "Calls to the national platform by endpoint template, method and outcome",
            "panjereh.exchange.inquiries", "National information exchange inquiries by provider, service and outcome",
            "panjereh.exchange.circuit.open", "1 while the circuit breaker toward an exchange service is open",
            "panjereh.logins", "National SSO logins by stage, outcome and refusal reason",
            "panjereh.outbox.backlog", "Outbox records stored and not yet delivered to the platform",
            "panjereh.outbox.oldest.age.seconds", "Age of the oldest outbox record not yet delivered",
            "panjereh.outbox.settled", "Outbox records settled by kind and outcome",
            "panjereh.payments", "Payment operations by operation and outcome",
            "panjereh.documents.issued", "Signed documents issued, with the time to lay out and sign them");

    private final MeterRegistry registry;
    private final Telemetry.Listener listener;

    private PanjerehMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.listener = new Telemetry.Listener() {
            @Override
            public void timer(String name, long nanos, String... tags) {
                Timer.builder(name).description(DESCRIPTIONS.get(name)).tags(tags).publishPercentileHistogram()
                        .register(PanjerehMetrics.this.registry).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void counter(String name, long amount, String... tags) {
                Counter.builder(name).description(DESCRIPTIONS.get(name)).tags(tags)
                        .register(PanjerehMetrics.this.registry).increment(amount);
            }

            @Override
            public <T> void gauge(String name, T obj, ToDoubleFunction<T> f, String... tags) {
                Gauge.builder(name, obj, f).description(DESCRIPTIONS.get(name)).tags(tags).strongReference(false)
                        .register(PanjerehMetrics.this.registry);
            }
        };
    }

    /**
     * Records the SDK's meters into a registry from now on.
     *
     * @param registry the application's registry
     * @return the binding; close it to stop
     */
    public static PanjerehMetrics bindTo(MeterRegistry registry) {
        PanjerehMetrics m = new PanjerehMetrics(java.util.Objects.requireNonNull(registry, "registry"));
        Telemetry.addListener(m.listener);
        return m;
    }

    /** @return the registry bound */
    public MeterRegistry registry() {
        return registry;
    }

    /** Stops recording into the registry (the meters already there stay). */
    @Override
    public void close() {
        Telemetry.removeListener(listener);
    }
}
