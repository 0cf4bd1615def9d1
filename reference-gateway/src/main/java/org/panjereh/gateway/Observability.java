package org.panjereh.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.panjereh.core.PanjerehMetrics;

/**
 * Hands the SDK what Quarkus set up, before anything else starts: its Micrometer registry, so the SDK's
 * meters ({@link PanjerehMetrics}) appear on {@code /q/metrics} beside the gateway's, and its OpenTelemetry
 * instance as the global one the SDK's spans use, so a request's gateway span, the SDK's spans under it and
 * the platform's log line share one trace.
 */
@Singleton
public class Observability {

    @Inject
    MeterRegistry registry;
    @Inject
    jakarta.enterprise.inject.Instance<OpenTelemetry> openTelemetry;

    @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false")
    boolean tracingOff;

    private PanjerehMetrics metrics;

    void start(@Observes @Priority(1) StartupEvent e) {
        metrics = PanjerehMetrics.bindTo(registry);
        // Tracing off means no spans at all from the SDK: not even unexported ones, which cost time on every call.
        Current.target = tracingOff || !openTelemetry.isResolvable() ? OpenTelemetry.noop() : openTelemetry.get();
        if (!GlobalOpenTelemetry.isSet()) {
            GlobalOpenTelemetry.set(Current.INSTANCE);
        }
    }

    void stop(@Observes io.quarkus.runtime.ShutdownEvent e) {
        if (metrics != null) {
            metrics.close();
        }
        Current.target = OpenTelemetry.noop();
    }

    /**
     * The global instance is set once per JVM, but an application may start more than once in one (tests do):
     * the global is this delegate, and each start points it at its own OpenTelemetry.
     */
    static final class Current implements OpenTelemetry {
        static final Current INSTANCE = new Current();
        static volatile OpenTelemetry target = OpenTelemetry.noop();

        @Override
        public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
            return target.getTracerProvider();
        }

        @Override
        public io.opentelemetry.api.metrics.MeterProvider getMeterProvider() {
            return target.getMeterProvider();
        }

        @Override
        public io.opentelemetry.api.logs.LoggerProvider getLogsBridge() {
            return target.getLogsBridge();
        }

        @Override
        public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
            return target.getPropagators();
        }
    }

    /** @return the SDK's meters' binding */
    PanjerehMetrics metrics() {
        return metrics;
    }
}
