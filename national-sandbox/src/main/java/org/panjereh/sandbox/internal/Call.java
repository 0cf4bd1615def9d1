package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.panjereh.core.shared.Json;

/** One HTTP exchange as the handlers see it: bounded input, JSON and problem output. */
public final class Call {

    /** Bodies over 1 MiB are refused (issue: strict input limits). */
    static final int MAX_BODY = 1 << 20;

    final Request request;
    final Response response;
    final Callback callback;
    final String method;
    final String path;
    final String requestId;
    Map<String, String> pathVars = Map.of();
    private byte[] body;
    private Map<String, String> query;
    /** The authenticated agency, once {@link MachineAuth} has checked the token. */
    Agency agency;
    boolean done;
    int sentStatus;
    String sentType;
    byte[] sentBody;
    /** Set by the fault injector when answers must be signed with a key the platform does not publish. */
    boolean signWithWrongKey;
    /** Set by the fault injector: handle the request, then lose the answer. */
    boolean loseAnswer;

    Call(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.method = request.getMethod();
        this.path = Request.getPathInContext(request);
        String rid = request.getHeaders().get("X-Request-Id");
        this.requestId = rid != null && rid.length() <= 64 && rid.matches("[A-Za-z0-9-]+") ? rid : UUID.randomUUID().toString();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    String pathVar(String name) {
        return pathVars.get(name);
    }

    /** The body, read once, at most {@link #MAX_BODY} bytes. */
    byte[] body() {
        if (body == null) {
            long declared = request.getLength();
            if (declared > MAX_BODY) {
                throw new Problem(413, "request.too_large", "Request bodies are limited to 1 MiB");
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] b = in.readNBytes(MAX_BODY + 1);
                if (b.length > MAX_BODY) {
                    throw new Problem(413, "request.too_large", "Request bodies are limited to 1 MiB");
                }
                body = b;
            } catch (IOException e) {
                throw Problem.badRequest("request.unreadable", "The request body could not be read");
            }
        }
        return body;
    }

    /** The body as a JSON object; anything else is a 400. */
    ObjectNode jsonObject() {
        JsonNode n = json();
        if (!(n instanceof ObjectNode o)) {
            throw Problem.badRequest("request.invalid_json", "The body must be a JSON object");
        }
        return o;
    }

    JsonNode json() {
        String ct = header("Content-Type");
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new Problem(415, "request.unsupported_media_type", "Send JSON (Content-Type: application/json)");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body());
            if (n == null) {
                throw Problem.badRequest("request.invalid_json", "The body is empty");
            }
            return n;
        } catch (IOException e) {
            throw Problem.badRequest("request.invalid_json", "The body is not valid JSON");
        }
    }

    /** Query parameters (first value of each). */
    Map<String, String> query() {
        if (query == null) {
            query = decodeForm(request.getHttpURI().getQuery());
        }
        return query;
    }

    /** A form-encoded body. */
    Map<String, String> form() {
        String ct = header("Content-Type");
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Problem(415, "request.unsupported_media_type", "Send application/x-www-form-urlencoded");
        }
        return decodeForm(new String(body(), StandardCharsets.UTF_8));
    }

    static Map<String, String> decodeForm(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return m;
        }
        for (String kv : s.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            String[] p = kv.split("=", 2);
            try {
                String k = URLDecoder.decode(p[0], StandardCharsets.UTF_8);
                String v = URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8);
                if (m.containsKey(k)) {
                    // OAuth 2.0 section 3.1: parameters must not repeat.
                    throw Problem.badRequest("request.duplicate_parameter", "Parameter " + k + " is repeated");
                }
                m.put(k, v);
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("request.invalid_encoding", "Malformed form encoding");
            }
        }
        return m;
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void send(int status, String contentType, byte[] bytes) {
        if (done) {
            return;
        }
        done = true;
        sentStatus = status;
        sentType = contentType;
        sentBody = bytes;
        if (loseAnswer) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.succeeded();
            return;
        }
        response.setStatus(status);
        response.getHeaders().put("X-Request-Id", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put("Cache-Control", response.getHeaders().get("Cache-Control") == null ? "no-store"
                : response.getHeaders().get("Cache-Control"));
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    void json(int status, Object value) {
        send(status, "application/json", Json.write(value));
    }

    void html(int status, String html) {
        html(status, html, null);
    }

    /**
     * A page whose form may end in a redirect to {@code redirectTarget}: browsers apply {@code form-action} to
     * every redirect after the submission (CSP 3), so the login page names the agency's callback too.
     */
    void html(int status, String html, String redirectTarget) {
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
                + (redirectTarget == null ? "" : " " + redirectTarget));
        response.getHeaders().put("X-Frame-Options", "DENY");
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) {
        response.getHeaders().put("Location", location);
        send(302, "text/plain; charset=utf-8", new byte[0]);
    }

    void empty(int status) {
        send(status, "text/plain; charset=utf-8", new byte[0]);
    }

    void problem(Problem p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://panjereh.example/problems/" + p.code);
        body.put("title", Problem.title(p.status));
        body.put("status", p.status);
        body.put("detail", p.getMessage());
        body.put("code", p.code);
        body.put("requestId", requestId);
        body.putAll(p.extensions);
        p.headers.forEach(this::header);
        send(p.status, "application/problem+json", Json.write(body));
    }

    /** A copy of the request headers, lower-cased, for the record. */
    Map<String, String> headerMap() {
        Map<String, String> m = new HashMap<>();
        for (var f : request.getHeaders()) {
            String n = f.getLowerCaseName();
            if (!n.equals("authorization") && !n.equals("dpop")) {
                m.put(n, f.getValue());
            }
        }
        return m;
    }

    List<String> headerValues(String name) {
        return request.getHeaders().getValuesList(name);
    }
}
