package org.panjereh.core;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * Which OpenTelemetry instance the SDK's spans and trace headers go through (the OpenTelemetry API is an
 * optional dependency; only this class and the spans need it). By default the global one,
 * {@code GlobalOpenTelemetry.getOrNoop()}: whatever the application or the Java agent installed, or nothing.
 * A framework that manages its own instance hands it over here:
 *
 * <pre>{@code
 * PanjerehTracing.use(openTelemetry);          // e.g. the instance Quarkus or Spring Boot built
 * PanjerehTracing.use(OpenTelemetry.noop());   // no spans and no trace headers from the SDK at all
 * }</pre>
 *
 * <p>The trace context goes to the platform through that instance's propagators (W3C Trace Context by default).
 */
public final class PanjerehTracing {

    private static volatile OpenTelemetry chosen;

    private PanjerehTracing() {
    }

    /**
     * @param openTelemetry the instance to use from now on
     */
    public static void use(OpenTelemetry openTelemetry) {
        chosen = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /** Back to the global instance. */
    public static void useGlobal() {
        chosen = null;
    }

    /** @return the instance chosen with {@link #use}, or {@code null} for the global one */
    static OpenTelemetry chosen() {
        return chosen;
    }

    /**
     * @return the instance in use (for the SDK's spans)
     */
    public static OpenTelemetry current() {
        OpenTelemetry c = chosen;
        return c != null ? c : io.opentelemetry.api.GlobalOpenTelemetry.getOrNoop();
    }
}
