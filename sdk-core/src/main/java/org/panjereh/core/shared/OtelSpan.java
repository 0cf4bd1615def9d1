package org.panjereh.core.shared;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.BiConsumer;
import org.panjereh.core.PanjerehTracing;

/**
 * {@link Telemetry.Span} over the OpenTelemetry API; loaded only when the API is on the class path. The
 * tracer comes from {@link PanjerehTracing#current()} at each span (the global instance unless the
 * application chose one), so an SDK installed after the SDK's clients were built is still used, and an
 * application that never installs one gets no-op spans and sends no trace headers.
 */
final class OtelSpan implements Telemetry.Span {

    private static final String SCOPE = "org.panjereh.sdk";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final io.opentelemetry.api.trace.Span span;
    private final Scope scope;

    private OtelSpan(io.opentelemetry.api.trace.Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
    }

    static Telemetry.Span start(String name, boolean client) {
        return new OtelSpan(PanjerehTracing.current().getTracer(SCOPE).spanBuilder(name)
                .setSpanKind(client ? SpanKind.CLIENT : SpanKind.INTERNAL).startSpan());
    }

    static String currentTraceId() {
        SpanContext c = io.opentelemetry.api.trace.Span.current().getSpanContext();
        return c.isValid() ? c.getTraceId() : null;
    }

    @Override
    public Telemetry.Span attribute(String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    @Override
    public Telemetry.Span attribute(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public void fail(String reasonCode) {
        span.setAttribute(ERROR_TYPE, reasonCode);
        span.setStatus(StatusCode.ERROR, reasonCode);
    }

    @Override
    public void fail(Throwable error) {
        fail(error.getClass().getName());
    }

    /**
     * Through the application's own propagators (W3C trace context by default in every OpenTelemetry SDK): with
     * no SDK installed, or tracing turned off, they are no-ops and the platform gets no trace headers.
     */
    @Override
    public void inject(BiConsumer<String, String> header) {
        PanjerehTracing.current().getPropagators().getTextMapPropagator().inject(Context.current().with(span), header,
                (carrier, k, v) -> carrier.accept(k, v));
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
