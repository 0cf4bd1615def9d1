package org.panjereh.sso.internal;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.panjereh.core.shared.HttpSupport;

/** Sends Nimbus-built requests with OkHttp (our TLS settings, timeouts and size limits). */
public final class NimbusHttp {

    private NimbusHttp() {
    }

    /**
     * Sends a form POST built by Nimbus and returns Nimbus's view of the answer.
     *
     * @param http    client
     * @param request the request
     * @return the answer
     * @throws IOException when no answer came
     */
    public static HTTPResponse send(OkHttpClient http, HTTPRequest request) throws IOException {
        Request.Builder rb = new Request.Builder().url(request.getURL()).header("X-Request-Id", UUID.randomUUID().toString())
                .header("Accept", "application/json");
        for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                rb.header(h.getKey(), h.getValue().get(0));
            }
        }
        String ct = request.getEntityContentType() == null ? "application/x-www-form-urlencoded"
                : request.getEntityContentType().toString();
        rb.post(RequestBody.create(request.getBody() == null ? new byte[0] : request.getBody().getBytes(StandardCharsets.UTF_8),
                MediaType.get(ct)));
        try (Response r = http.newCall(rb.build()).execute()) {
            HTTPResponse out = new HTTPResponse(r.code());
            String rct = r.header("Content-Type");
            if (rct != null) {
                try {
                    out.setContentType(rct);
                } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                    // leave it unset: the parse will refuse the answer
                }
            }
            // Every header of the answer (DPoP-Nonce, WWW-Authenticate, ...): the caller decides what matters.
            for (String name : r.headers().names()) {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    out.setHeader(name, r.headers(name).toArray(String[]::new));
                }
            }
            out.setBody(new String(HttpSupport.readLimited(r.body(), r.code()), StandardCharsets.UTF_8));
            return out;
        }
    }
}
