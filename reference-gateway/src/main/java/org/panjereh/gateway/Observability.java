package org.panjereh.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.panjereh.core.PanjerehMetrics;
import org.panjereh.core.PanjerehTracing;

/**
 * Hands the SDK what Quarkus set up, before anything else starts: its Micrometer registry, so the SDK's
 * meters ({@link PanjerehMetrics}) appear on {@code /q/metrics} beside the gateway's, and its OpenTelemetry
 * instance for the SDK's spans ({@link PanjerehTracing}), so a request's gateway span, the SDK's spans under it
 * and the platform's log line share one trace.
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
        // Quarkus' instance even when its SDK is "disabled" still makes spans and sends traceparent; tracing off
        // here means no spans and no trace headers from the SDK at all.
        PanjerehTracing.use(tracingOff || !openTelemetry.isResolvable() ? OpenTelemetry.noop() : openTelemetry.get());
    }

    void stop(@Observes io.quarkus.runtime.ShutdownEvent e) {
        if (metrics != null) {
            metrics.close();
        }
        PanjerehTracing.useGlobal();
    }

    /** @return the SDK's meters' binding */
    PanjerehMetrics metrics() {
        return metrics;
    }
}
