package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.panjereh.core.shared.Json;

/**
 * The exchange as a hub for agencies that provide data (contract section 12): providers publish a descriptor per
 * service; a consumer's call to {@code POST /exchange/{agencyId}/{service}} is checked against the descriptor's
 * consumers, purposes and rate first, then forwarded to the provider's endpoint with a short-lived JWT the exchange
 * signs; the provider's answer must carry a detached JWS by one of its registered keys, or the consumer gets
 * {@code 502}. Fields beyond the consumer's allowance are removed. Every hop is recorded as {@code exchange-provider},
 * traffic only.
 */
final class ExchangeHub {

    /** The agency the sandbox plays when it asks a provider itself ({@code POST /admin/exchange/ask}). */
    static final String TEST_CONSUMER = "9999";
    static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Set<String> TYPES = Set.of("string", "number", "boolean", "date", "datetime", "nationalCode",
            "legalEntityId", "fidaCode", "postalCode", "trackingId", "serviceId");
    private static final Set<String> DESCRIPTOR = Set.of("title", "endpoint", "legalBasis", "request", "answer", "consumers",
            "ratePerMinute");

    private final Sandbox sandbox;
    private final ConcurrentMap<String, String> descriptors;
    private final ConcurrentMap<String, long[]> windows = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(BUDGET).followRedirects(HttpClient.Redirect.NEVER)
            .build();

    ExchangeHub(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.descriptors = sandbox.store.map("exchange-providers");
    }

    void routes(Router r) {
        r.add("PUT", "/exchange/providers/{agencyId}/services/{service}", "exchange.publish", this::publish);
        r.add("GET", "/exchange/providers/{agencyId}/services/{service}", "exchange.descriptor", this::descriptor);
    }

    /** Whether {@code provider/service} is a service an agency published. */
    boolean provides(String provider, String service) {
        return descriptors.containsKey(provider + "/" + service);
    }

    private void publish(Call call) {
        sandbox.auth.authenticate(call, "exchange");
        String agencyId = call.pathVar("agencyId");
        String service = call.pathVar("service");
        if (!agencyId.equals(call.agency.id())) {
            throw new Problem(403, "exchange.not_provider", "An agency publishes its own services only");
        }
        if (!SERVICE.matcher(service).matches()) {
            throw Problem.badRequest("exchange.invalid_service", "A service name is lower-case Latin, digits and '-'");
        }
        ObjectNode d = call.jsonObject();
        List<Map<String, String>> errors = check(d);
        if (!errors.isEmpty()) {
            throw new Problem(422, "exchange.invalid_descriptor", errors.size() + " problem(s) in the descriptor; see errors",
                    Map.of("errors", errors), Map.of());
        }
        String key = agencyId + "/" + service;
        String json = new String(Json.write(d), java.nio.charset.StandardCharsets.UTF_8);
        String before = descriptors.put(key, json);
        if (before == null || !tree(before).equals(d)) {
            sandbox.recorder.record("exchange-provider", sandbox.clock.instant(), agencyId, Map.of("event", "published",
                    "service", key, "consumers", d.get("consumers").size()));
        }
        call.json(before == null ? 201 : 200, d);
    }

    private void descriptor(Call call) {
        sandbox.auth.authenticate(call, "exchange");
        String key = call.pathVar("agencyId") + "/" + call.pathVar("service");
        String json = descriptors.get(key);
        if (json == null) {
            throw Problem.notFound("exchange.service_unknown", "No exchange service " + key);
        }
        ObjectNode d = (ObjectNode) tree(json);
        if (!call.pathVar("agencyId").equals(call.agency.id())) {
            // Anyone may learn what a service is; only its provider sees who may ask it.
            d.remove("consumers");
            d.remove("endpoint");
            d.remove("ratePerMinute");
        }
        call.header("Cache-Control", "no-store");
        call.json(200, d);
    }

    /** A consumer's call: checked, forwarded, verified, minimised. */
    void forward(Call call, String provider, String service, long started) {
        sandbox.auth.authenticate(call, "exchange");
        String consumer = call.agency.id();
        if (!consumer.equals(call.header("X-Client-Agency"))) {
            throw new Problem(403, "exchange.agency_mismatch", "X-Client-Agency must be the calling agency's id");
        }
        Answer a = ask(consumer, provider, service, call.header("X-Purpose"), call.header("X-Tracking-Id"),
                call.header("X-User-Ref"), call.requestId, call.body(), started);
        a.headers.forEach(call::header);
        call.send(a.status, a.contentType, a.body);
    }

    /** What the consumer gets. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    Answer ask(String consumer, String provider, String service, String purpose, String tracking, String userRef,
               String requestId, byte[] body, long started) {
        String key = provider + "/" + service;
        JsonNode d = tree(descriptors.get(key));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("event", "call");
        rec.put("consumer", consumer);
        rec.put("service", key);
        rec.put("purpose", purpose);
        rec.put("userRef", userRef);
        rec.put("requestId", requestId);
        rec.put("requestBytes", body.length);
        rec.put("requestSha256", hex(sha256(body)));
        try {
            if (purpose == null || !purpose.matches("[0-9]{11}")) {
                throw Problem.badRequest("exchange.purpose_required", "X-Purpose must name the service id the inquiry serves");
            }
            if (userRef == null || !userRef.matches("[0-9a-f]{64}")) {
                throw Problem.badRequest("exchange.user_ref_required", "X-User-Ref must be a lower-case hex HMAC-SHA256");
            }
            JsonNode grant = grant(d, consumer, purpose);
            rate(key + "|" + consumer, d.path("ratePerMinute").asInt(60));
            Answer a = hop(d, consumer, provider, service, purpose, tracking, userRef, requestId, body, grant, rec);
            rec.put("status", a.status);
            rec.put("responseBytes", a.body.length);
            rec.put("responseSha256", hex(sha256(a.body)));
            return a;
        } catch (Problem p) {
            rec.put("status", p.status);
            rec.put("code", p.code);
            throw p;
        } finally {
            rec.put("latencyMicros", (System.nanoTime() - started) / 1000);
            sandbox.recorder.record("exchange-provider", sandbox.clock.instant(), consumer, rec);
        }
    }

    private Answer hop(JsonNode d, String consumer, String provider, String service, String purpose, String tracking,
                       String userRef, String requestId, byte[] body, JsonNode grant, Map<String, Object> rec) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(d.get("endpoint").asText())).timeout(BUDGET)
                .header("Authorization", "Bearer " + token(provider, service, consumer, purpose, body, false))
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .header("X-Client-Agency", consumer).header("X-Purpose", purpose).header("X-User-Ref", userRef)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tracking != null) {
            rb.header("X-Tracking-Id", tracking);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new Problem(504, "exchange.provider_timeout", "Provider " + provider + " did not answer within 5 s");
        } catch (IOException e) {
            rec.put("reason", "unreachable");
            throw new Problem(502, "exchange.provider_unavailable", "Provider " + provider + " could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(503, "platform.unavailable", "The sandbox is stopping");
        }
        rec.put("providerStatus", r.statusCode());
        if (r.statusCode() != 200) {
            throw relayed(r, provider, rec);
        }
        String signature = r.headers().firstValue("X-Provider-Signature").orElse(null);
        if (!signedBy(provider, r.body(), signature)) {
            rec.put("reason", signature == null ? "unsigned" : "bad-signature");
            throw new Problem(502, "exchange.provider_unavailable", "Provider " + provider + "'s answer is not signed by "
                    + "its registered key");
        }
        rec.put("providerSignature", signature);
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            rec.put("reason", "not-json");
            throw new Problem(502, "exchange.provider_unavailable", "Provider " + provider + " answered something other than "
                    + "a JSON object");
        }
        Set<String> allowed = new HashSet<>();
        grant.path("fields").forEach(f -> allowed.add(f.asText()));
        List<String> removed = new ArrayList<>();
        for (Iterator<String> it = answer.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                removed.add(f);
            }
        }
        byte[] out = r.body();
        if (!removed.isEmpty()) {
            ((ObjectNode) answer).remove(removed);
            out = Json.write(answer);
            rec.put("fieldsRemoved", removed);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Response-Signature", sandbox.keys.signDetached(out, false));
        headers.put("Cache-Control", r.headers().firstValue("Cache-Control").orElse("no-store"));
        return new Answer(200, "application/json", out, headers);
    }

    /** The exchange's token for one forwarded call (contract section 12); {@code expired} backdates it by two minutes. */
    String token(String provider, String service, String consumer, String purpose, byte[] body, boolean expired) {
        Instant now = sandbox.clock.instant().minusSeconds(expired ? 180 : 0);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(sandbox.issuer()).audience(provider).subject(consumer)
                .claim("purpose", purpose).claim("service", provider + "/" + service).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .claim("body_sha256", Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body))).build();
        return sandbox.keys.sign(claims, new JOSEObjectType("JWT"), false);
    }

    /** Every published descriptor with its provider and name, for the admin API. */
    List<Map<String, Object>> descriptors() {
        List<Map<String, Object>> out = new ArrayList<>();
        descriptors.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agencyId", k.substring(0, k.indexOf('/')));
            m.put("service", k.substring(k.indexOf('/') + 1));
            m.put("descriptor", tree(v));
            out.add(m);
        });
        return out;
    }

    private Problem relayed(HttpResponse<byte[]> r, String provider, Map<String, Object> rec) {
        String detail = "Provider " + provider + " answered " + r.statusCode();
        try {
            JsonNode p = Json.MAPPER.readTree(r.body());
            if (p != null && p.hasNonNull("detail")) {
                detail = p.get("detail").asText();
            }
        } catch (IOException e) {
            // A body that is not a problem keeps the generic detail.
        }
        return switch (r.statusCode()) {
            case 400 -> Problem.badRequest("exchange.bad_request", detail);
            case 403 -> new Problem(403, "exchange.not_authorised", detail);
            case 404 -> Problem.notFound("exchange.not_found", detail);
            case 429 -> new Problem(429, "exchange.rate_limited", detail, Map.of(),
                    Map.of("Retry-After", r.headers().firstValue("Retry-After").orElse("60")));
            default -> {
                rec.put("reason", "provider-" + r.statusCode());
                yield new Problem(502, "exchange.provider_unavailable", "Provider " + provider + " failed (" + r.statusCode() + ")");
            }
        };
    }

    private boolean signedBy(String provider, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        Agency agency = sandbox.agencies.all().stream().filter(a -> a.id().equals(provider)).findFirst().orElse(null);
        if (agency == null) {
            return false;
        }
        try {
            JWSObject jws = JWSObject.parse(signature, new Payload(body));
            if (!"ES256".equals(jws.getHeader().getAlgorithm().getName()) || jws.getHeader().getKeyID() == null) {
                return false;
            }
            List<JWK> keys = agency.keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(jws.getHeader().getKeyID()).build()), null);
            for (JWK k : keys) {
                if (k instanceof ECKey ec && jws.verify(org.panjereh.core.shared.FastJwsVerifiers.INSTANCE
                        .createJWSVerifier(jws.getHeader(), ec.toECPublicKey()))) {
                    return true;
                }
            }
            return false;
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            return false;
        }
    }

    private static JsonNode grant(JsonNode d, String consumer, String purpose) {
        for (JsonNode c : d.path("consumers")) {
            if (c.path("agencyId").asText().equals(consumer)) {
                for (JsonNode p : c.path("purposes")) {
                    if (p.asText().equals(purpose)) {
                        return c;
                    }
                }
                throw new Problem(403, "exchange.not_authorised", "Purpose " + purpose + " is not one agency " + consumer
                        + " may ask this service for");
            }
        }
        throw new Problem(403, "exchange.not_authorised", "Agency " + consumer + " is not a consumer of this service");
    }

    /** A fixed one-minute window per consumer and service, from the sandbox's clock. */
    private void rate(String key, int perMinute) {
        long minute = sandbox.clock.millis() / 60_000;
        long[] w = windows.computeIfAbsent(key, k -> new long[2]);
        synchronized (w) {
            if (w[0] != minute) {
                w[0] = minute;
                w[1] = 0;
            }
            if (++w[1] > perMinute) {
                long wait = 60 - (sandbox.clock.millis() / 1000) % 60;
                throw new Problem(429, "exchange.rate_limited", "More than " + perMinute + " calls a minute", Map.of(),
                        Map.of("Retry-After", Long.toString(Math.max(1, wait))));
            }
        }
    }

    private List<Map<String, String>> check(ObjectNode d) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (Iterator<String> it = d.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!DESCRIPTOR.contains(f)) {
                errors.add(Map.of("member", f, "detail", "is not a member of a provider descriptor"));
            }
        }
        for (String f : List.of("title", "legalBasis")) {
            if (!d.path(f).isTextual() || d.get(f).asText().isBlank() || d.get(f).asText().length() > 1000) {
                errors.add(Map.of("member", f, "detail", "is required: text"));
            }
        }
        try {
            URI u = URI.create(d.path("endpoint").asText(""));
            boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()) || "[::1]".equals(u.getHost());
            if (!("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && loopback)) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            errors.add(Map.of("member", "endpoint", "detail", "is an https URL (http only on this machine's loopback)"));
        }
        Set<String> answerFields = new HashSet<>();
        for (String f : List.of("request", "answer")) {
            JsonNode fields = d.get(f);
            if (fields == null || !fields.isObject() || fields.isEmpty()) {
                errors.add(Map.of("member", f, "detail", "is required: { field: type }"));
                continue;
            }
            for (Map.Entry<String, JsonNode> e : fields.properties()) {
                if (!TYPES.contains(e.getValue().asText())) {
                    errors.add(Map.of("member", f + "." + e.getKey(), "detail", "is a type among " + TYPES));
                }
                if (f.equals("answer")) {
                    answerFields.add(e.getKey());
                }
            }
        }
        JsonNode consumers = d.get("consumers");
        if (consumers == null || !consumers.isArray()) {
            errors.add(Map.of("member", "consumers", "detail", "is required: an array"));
        } else {
            for (int i = 0; i < consumers.size(); i++) {
                JsonNode c = consumers.get(i);
                String at = "consumers[" + i + "]";
                if (!c.path("agencyId").asText("").matches("[0-9]{1,11}")) {
                    errors.add(Map.of("member", at + ".agencyId", "detail", "is an agency id (digits)"));
                }
                JsonNode purposes = c.get("purposes");
                if (purposes == null || !purposes.isArray() || purposes.isEmpty()) {
                    errors.add(Map.of("member", at + ".purposes", "detail", "is a non-empty array of service ids"));
                } else {
                    purposes.forEach(p -> {
                        if (!p.asText("").matches("[0-9]{11}")) {
                            errors.add(Map.of("member", at + ".purposes", "detail", p + " is not an 11-digit service id"));
                        }
                    });
                }
                JsonNode fields = c.get("fields");
                if (fields == null || !fields.isArray() || fields.isEmpty()) {
                    errors.add(Map.of("member", at + ".fields", "detail", "is a non-empty array of answer fields"));
                } else {
                    fields.forEach(x -> {
                        if (!answerFields.contains(x.asText())) {
                            errors.add(Map.of("member", at + ".fields", "detail", x + " is not a field of the answer"));
                        }
                    });
                }
            }
        }
        JsonNode rate = d.get("ratePerMinute");
        if (rate == null || !rate.isIntegralNumber() || rate.asInt() < 1 || rate.asInt() > 100_000) {
            errors.add(Map.of("member", "ratePerMinute", "detail", "is a whole number from 1 to 100000"));
        }
        return errors;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("A stored descriptor is unreadable", e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
