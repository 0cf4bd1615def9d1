package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The national sandbox's discovery and admin API: what agencies sent (the record), faults, sessions. */
public final class SandboxAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private final PortalBacklog backlog;

    /** The portal's own count of records on their way to the platform (its outbox), when it can tell. */
    public interface PortalBacklog {
        /**
         * @return the records the portal stored and the platform has not yet accepted, or empty when it cannot tell
         * @throws IOException if the portal cannot be asked
         */
        java.util.OptionalLong undelivered() throws IOException;
    }

    /** @param base the sandbox's base URL (its issuer) */
    public SandboxAdmin(URI base) {
        this(base, java.util.OptionalLong::empty);
    }

    /**
     * @param base    the sandbox's base URL (its issuer)
     * @param backlog the portal's outbox backlog, which ends a wait for a record early once nothing is on its way
     */
    public SandboxAdmin(URI base, PortalBacklog backlog) {
        this.base = base;
        this.backlog = backlog;
    }

    /**
     * @return whether the portal says nothing it stored is still on its way to the platform; {@code false} when it
     *         cannot tell or cannot be asked
     */
    public boolean portalSettled() {
        try {
            java.util.OptionalLong n = backlog.undelivered();
            return n.isPresent() && n.getAsLong() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the sandbox's discovery document */
    public JsonNode metadata() throws IOException {
        return get("/.well-known/openid-configuration");
    }

    /**
     * @param kind a record kind: event, tracking, inquiry, message, survey-response, login, logout
     * @return every entry of that kind so far
     */
    public List<JsonNode> record(String kind) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        get("/admin/record/" + kind + "?limit=10000").path("items").forEach(out::add);
        return out;
    }

    /**
     * Waits for what the portal sends the platform asynchronously (from its outbox) to be in the record: until the
     * entries are enough, the portal says nothing is on its way any more ({@link #portalSettled()}), or the wait runs
     * out.
     *
     * @param kind a record kind
     * @param mine which entries count
     * @param done when they are enough
     * @param wait how long at most
     * @return the entries that count, when done or when the wait ran out
     * @throws IOException          if the sandbox does not answer
     * @throws InterruptedException if interrupted while waiting
     */
    public List<JsonNode> await(String kind, java.util.function.Predicate<JsonNode> mine,
                                java.util.function.Predicate<List<JsonNode>> done, Duration wait)
            throws IOException, InterruptedException {
        return awaitSettled(() -> record(kind).stream().filter(mine).toList(), done, wait, Duration.ofMillis(100));
    }

    /** Something the kit reads from the sandbox, again and again while it waits. */
    public interface Reading<T> {
        /**
         * @return what the sandbox holds now
         * @throws IOException if the sandbox does not answer
         */
        T read() throws IOException;
    }

    /**
     * Reads until what was read is enough, the portal says nothing is on its way any more ({@link #portalSettled()}),
     * or the wait runs out.
     *
     * @param read  what to read
     * @param done  when it is enough
     * @param wait  how long at most
     * @param every how long between reads
     * @param <T>   what is read
     * @return the last reading
     * @throws IOException          if the sandbox does not answer
     * @throws InterruptedException if interrupted while waiting
     */
    public <T> T awaitSettled(Reading<T> read, java.util.function.Predicate<T> done, Duration wait, Duration every)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            T found = read.read();
            if (done.test(found) || System.nanoTime() > deadline) {
                return found;
            }
            if (portalSettled()) {
                // Nothing is on its way: what is missing now was never sent. Read once more, for what the platform
                // accepted between the read above and the portal's answer.
                return read.read();
            }
            Thread.sleep(every.toMillis()); // records arrive from the portal's outbox, asynchronously
        }
    }

    /** @return the sandbox's live SSO sessions: sid, citizen, clientIds */
    public List<JsonNode> sessions() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        get("/admin/sessions").forEach(out::add);
        return out;
    }

    /**
     * Ends an SSO session at the platform: the sandbox sends back-channel logout tokens.
     *
     * @param sid the session
     * @return what the sandbox reports: one entry per agency notified, with the status it answered
     */
    public JsonNode logout(String sid) throws IOException {
        return send(new Request.Builder().url(base + "/admin/sessions/" + sid + "/logout").post(RequestBody.create(new byte[0])));
    }

    /**
     * @param endpoint an endpoint name, e.g. {@code token}
     * @param rule     a fault rule as JSON, e.g. {@code {"wrongKey": true}}
     */
    public void fault(String endpoint, String rule) throws IOException {
        send(new Request.Builder().url(base + "/admin/faults/" + endpoint).put(RequestBody.create(rule,
                MediaType.get("application/json"))));
    }

    /** @param endpoint an endpoint name whose fault to remove */
    public void clearFault(String endpoint) throws IOException {
        send(new Request.Builder().url(base + "/admin/faults/" + endpoint).delete());
    }

    /**
     * Makes a fresh test receipt, as if a citizen had paid at a bank branch.
     *
     * @param amountRial the amount
     * @return the receipt: {@code rrn}, {@code amountRial}, {@code sheba}, {@code paidAt}
     */
    public JsonNode newReceipt(long amountRial) throws IOException {
        return send(new Request.Builder().url(base + "/admin/receipts").post(RequestBody.create("{\"amountRial\":" + amountRial
                + "}", MediaType.get("application/json"))));
    }

    /**
     * @param serviceId a service
     * @return its card from the registry (the registry needs a machine token; the kit reads the sandbox's public
     *         copy on its index of cards instead)
     */
    public List<JsonNode> cards(String serviceId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : get("/admin/cards")) {
            if (serviceId.equals(c.path("serviceId").asText())) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return the sandbox's test CA root, as published at {@code /ca/root.pem} */
    public java.security.cert.X509Certificate caRoot() throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(base + "/ca/root.pem").build()).execute()) {
            if (r.code() != 200) {
                throw new IOException("The sandbox's /ca/root.pem answered " + r.code());
            }
            return org.panjereh.documents.SigningCertificate.readCertificates(r.body().byteStream()).get(0);
        }
    }

    /** @return every descriptor published at the exchange hub, with its provider agency and service */
    public List<JsonNode> providers() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        get("/admin/exchange/providers").forEach(out::add);
        return out;
    }

    /** @return the public JWKS an agency registered, or {@code null} */
    public JsonNode agencyJwks(String agencyId) throws IOException {
        for (JsonNode a : get("/admin/agencies")) {
            if (a.path("agencyId").asText().equals(agencyId)) {
                return a.get("jwks");
            }
        }
        return null;
    }

    /** @return {@code { authorization, body }}: a token the exchange would send with that body */
    public JsonNode exchangeToken(String provider, String service, String consumer, String purpose, JsonNode body, boolean expired)
            throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode n = JSON.createObjectNode().put("provider", provider).put("service", service)
                .put("consumer", consumer).put("purpose", purpose).put("expired", expired);
        n.set("body", body);
        return send(new Request.Builder().url(base + "/admin/exchange/token")
                .post(RequestBody.create(JSON.writeValueAsBytes(n), MediaType.get("application/json"))));
    }

    /**
     * The sandbox, as consumer agency 9999, asks a provider through the hub.
     *
     * @return the HTTP status and the body
     */
    public Object[] askExchange(String provider, String service, String purpose, JsonNode body) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode n = JSON.createObjectNode().put("provider", provider).put("service", service)
                .put("purpose", purpose).put("userRef", "0".repeat(64));
        n.set("body", body);
        try (Response res = http.newCall(new Request.Builder().url(base + "/admin/exchange/ask")
                .post(RequestBody.create(JSON.writeValueAsBytes(n), MediaType.get("application/json"))).build()).execute()) {
            return new Object[] {res.code(), res.body().string()};
        }
    }

    private JsonNode get(String path) throws IOException {
        return send(new Request.Builder().url(base + path));
    }

    private JsonNode send(Request.Builder r) throws IOException {
        try (Response res = http.newCall(r.build()).execute()) {
            String body = res.body().string();
            if (res.code() / 100 != 2) {
                throw new IOException("The sandbox answered " + res.code() + " to " + res.request().url().encodedPath()
                        + ": " + body.substring(0, Math.min(200, body.length())));
            }
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }
    }
}
