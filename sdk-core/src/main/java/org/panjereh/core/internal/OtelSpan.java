package org.panjereh.core.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.BiConsumer;

/**
 * {@link Telemetry.Span} over the OpenTelemetry API; loaded only when the API is on the class path. The
 * tracer comes from {@link GlobalOpenTelemetry#getOrNoop()} at each span, so an application (or agent)
 * that installs its SDK after the SDK's clients were built is still used, and one that never does gets
 * no-op spans that still carry an incoming trace context on to the platform.
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
        return new OtelSpan(GlobalOpenTelemetry.getOrNoop().getTracer(SCOPE).spanBuilder(name)
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

    @Override
    public void inject(BiConsumer<String, String> header) {
        W3CTraceContextPropagator.getInstance().inject(Context.current().with(span), header,
                (carrier, k, v) -> carrier.accept(k, v));
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
