package org.panjereh.core.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.core.shared.Telemetry;

/**
 * The outermost interceptor on every SDK HTTP client: one client span per platform call (named by method
 * and path template, never the query), the W3C {@code traceparent} on the request so the platform joins
 * the trace, and the {@code panjereh.platform.requests} timer by endpoint, method and outcome. A call
 * retried on a fresh connection after a stale one failed is one span: the retry happens inside.
 */
public final class PlatformCallTelemetry implements Interceptor {

    /** The timer's name. */
    public static final String METER = "panjereh.platform.requests";

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String endpoint = Telemetry.template(request.url().encodedPath());
        String method = request.method();
        long start = System.nanoTime();
        try (Telemetry.Span span = Telemetry.clientSpan(method + " " + endpoint)) {
            span.attribute("http.request.method", method).attribute("url.template", endpoint)
                    .attribute("server.address", request.url().host()).attribute("server.port", request.url().port());
            Request.Builder traced = request.newBuilder();
            span.inject(traced::header);
            try {
                Response response = chain.proceed(traced.build());
                span.attribute("http.response.status_code", response.code());
                if (response.code() >= 500) {
                    span.fail(Integer.toString(response.code()));
                }
                Telemetry.time(METER, System.nanoTime() - start, "endpoint", endpoint, "method", method,
                        "outcome", outcome(response.code()));
                return response;
            } catch (IOException | RuntimeException e) {
                span.fail(e);
                Telemetry.time(METER, System.nanoTime() - start, "endpoint", endpoint, "method", method,
                        "outcome", "io_error");
                throw e;
            }
        }
    }

    private static String outcome(int status) {
        return status < 300 ? "success" : status < 400 ? "redirect" : status < 500 ? "client_error" : "server_error";
    }
}
