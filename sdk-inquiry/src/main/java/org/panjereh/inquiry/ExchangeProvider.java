package org.panjereh.inquiry;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.SigningKey;
import org.panjereh.core.shared.Json;
import org.panjereh.inquiry.internal.ExchangeTokenVerifier;
import org.panjereh.inquiry.internal.RequestFields;

/**
 * The agency's side as a provider on the national exchange (contract section 12): serves its {@link ProvidedService}s
 * to the agencies they list, and only through the exchange.
 *
 * <p>Each call is checked in this order, and refused as an RFC 9457 problem whose error id stands in exactly one log
 * line: a body over 64 KiB ({@code 413}), not JSON ({@code 415}), the exchange's token missing, forged, expired,
 * replayed (the {@code jti}, through a {@link ReplayCache} every node shares) or for another body
 * ({@code 401 exchange.unauthenticated}), an unknown service ({@code 404 exchange.unknown_service}), a consumer or
 * purpose the service does not list ({@code 403 exchange.not_authorised}), past the consumer's rate ({@code 429} with
 * {@code Retry-After}), a bad request ({@code 400 exchange.bad_request} naming the field). The handler then has 5 s;
 * its answer keeps only the fields that consumer may receive, is signed with the agency's key as a detached JWS
 * ({@code X-Provider-Signature}), and carries {@code Cache-Control: no-store} unless the service allows caching. The
 * traffic (never content) is written to the {@link ProviderAudit} before the answer is returned.
 *
 * <pre>{@code
 * ExchangeProvider provider = ExchangeProvider.builder(platform, ReplayCache.jdbc(ds), ProviderAudit.jdbc(ds))
 *     .endpoint(URI.create("https://portal.example/exchange/"))   // + service name
 *     .service(permits)
 *     .build();
 * provider.publish();                                            // PUT each descriptor at the exchange
 * // in a servlet container: new ExchangeProviderServlet(provider) at /exchange/*
 * }</pre>
 */
public final class ExchangeProvider implements AutoCloseable {

    /** Largest request body accepted. */
    public static final int MAX_BODY = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(ExchangeProvider.class.getName());

    /**
     * A call as the web layer received it.
     *
     * @param service     the service name from the path
     * @param contentType the {@code Content-Type}, or {@code null}
     * @param headers     the headers that matter, names in lower case ({@code authorization}, {@code x-client-agency},
     *                    {@code x-purpose}, {@code x-tracking-id}, {@code x-user-ref}, {@code x-request-id})
     * @param body        the body, at most {@link #MAX_BODY} bytes (the adapter stops reading beyond)
     * @param tooLarge    whether the body was longer than {@link #MAX_BODY}
     */
    public record Incoming(String service, String contentType, Map<String, String> headers, byte[] body, boolean tooLarge) {
    }

    /**
     * What to send back.
     *
     * @param status  HTTP status
     * @param headers headers to set
     * @param body    the body
     */
    public record Outgoing(int status, Map<String, String> headers, byte[] body) {
    }

    private final PlatformClient platform;
    private final ReplayCache replays;
    private final ProviderAudit audit;
    private final Map<String, ProvidedService> services;
    private final URI endpoint;
    private final Clock clock;
    private final Duration budget;
    private final String agencyId;
    private final SigningKey key;
    private final ExchangeTokenVerifier tokens;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final ExecutorService handlers;

    private ExchangeProvider(Builder b) {
        this.platform = b.platform;
        this.replays = b.replays;
        this.audit = b.audit;
        this.services = Map.copyOf(b.services);
        this.endpoint = b.endpoint;
        this.clock = b.clock != null ? b.clock : platform.clock();
        this.budget = b.budget;
        this.agencyId = platform.credentials().agencyId();
        this.key = platform.credentials().signingKey();
        this.tokens = new ExchangeTokenVerifier(platform.discovery().jwkSource(), platform.discovery().issuer().toString()
                .replaceAll("/+$", ""), agencyId, clock);
        this.handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "panjereh-exchange-provider");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param platform the agency's platform client: its discovery gives the exchange's keys, its credentials the
     *                 agency id and the signing key
     * @param replays  where token ids are remembered; {@link ReplayCache#jdbc} for several nodes
     * @param audit    the traffic log
     * @return a builder
     */
    public static Builder builder(PlatformClient platform, ReplayCache replays, ProviderAudit audit) {
        return new Builder(platform, replays, audit);
    }

    /** The services served, by name. */
    public Map<String, ProvidedService> services() {
        return services;
    }

    /**
     * Publishes every service's descriptor at the exchange ({@code PUT …/providers/{agencyId}/services/{name}}).
     * Idempotent: run it at every start.
     *
     * @throws PanjerehConfigurationException when the exchange refuses a descriptor, with what it named
     * @throws PlatformException              when the exchange cannot be reached or answers otherwise
     */
    public void publish() {
        String base = platform.metadata().exchangeEndpoint().toString().replaceAll("/+$", "");
        for (ProvidedService s : services.values()) {
            try {
                platform.put(URI.create(base + "/providers/" + agencyId + "/services/" + s.name()), Json.write(descriptor(s)),
                        "application/json", RequestOptions.none());
            } catch (PlatformException e) {
                if (e.statusCode() == 422 || e.statusCode() == 403) {
                    throw new PanjerehConfigurationException("The exchange refused the descriptor of " + s.name() + ": "
                            + e.code() + " " + e.problem().extensions().getOrDefault("errors", e.problem().detail()), e);
                }
                throw e;
            }
        }
    }

    /** The descriptor of section 12 for a service. */
    Map<String, Object> descriptor(ProvidedService s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", s.title());
        d.put("endpoint", endpoint.toString().replaceAll("/+$", "") + "/" + s.name());
        d.put("legalBasis", s.legalBasis());
        Map<String, String> request = new LinkedHashMap<>();
        s.request().forEach((k, v) -> request.put(k, v.wireValue()));
        d.put("request", request);
        Map<String, String> answer = new LinkedHashMap<>();
        s.answer().forEach((k, v) -> answer.put(k, v.wireValue()));
        d.put("answer", answer);
        List<Object> consumers = new ArrayList<>();
        for (ProvidedService.Consumer c : s.consumers().values()) {
            consumers.add(Map.of("agencyId", c.agencyId(), "purposes", c.purposes().stream().sorted().toList(),
                    "fields", c.fields().stream().sorted().toList()));
        }
        d.put("consumers", consumers);
        d.put("ratePerMinute", s.ratePerMinute());
        return d;
    }

    /**
     * Answers one call.
     *
     * @param in the call
     * @return the answer to send
     */
    public Outgoing handle(Incoming in) {
        Instant at = clock.instant();
        Call c = new Call(in, at);
        try {
            return c.answer();
        } catch (Refusal r) {
            return c.refuse(r);
        }
    }

    /** Stops the handlers' threads. */
    @Override
    public void close() {
        handlers.shutdownNow();
    }

    /** One call's state, so the audit entry sees what was learned before a refusal. */
    private final class Call {
        private final Incoming in;
        private final Instant at;
        private String consumer;
        private String purpose;
        /** The verified token whose id the call's audit entry claims; {@code null} before it is verified, and after. */
        private ExchangeTokenVerifier.Verified unclaimed;

        Call(Incoming in, Instant at) {
            this.in = in;
            this.at = at;
        }

        Outgoing answer() throws Refusal {
            if (in.tooLarge() || in.body().length > MAX_BODY) {
                throw new Refusal(413, "exchange.too_large", "بدنهٔ درخواست بیش از ۶۴ کیلوبایت است.", "body over 64 KiB");
            }
            String ct = in.contentType() == null ? "" : in.contentType().toLowerCase(Locale.ROOT);
            if (!ct.startsWith("application/json")) {
                throw new Refusal(415, "exchange.unsupported_media_type", "درخواست باید JSON باشد.", "content type " + ct);
            }
            ProvidedService service = services.get(in.service());
            String claimedConsumer = header("x-client-agency");
            String claimedPurpose = header("x-purpose");
            ExchangeTokenVerifier.Verified token;
            try {
                token = tokens.verify(header("authorization"), claimedConsumer, claimedPurpose,
                        agencyId + "/" + in.service(), in.body());
            } catch (ExchangeTokenVerifier.Refused e) {
                throw new Refusal(401, "exchange.unauthenticated", "درخواست از مرکز ملی تبادل اطلاعات نیامده است.", e.getMessage());
            }
            if (replays.seen(token.jti())) {
                throw replay();
            }
            // Claimed with the call's audit entry, in one durable write before the answer leaves (recordClaiming).
            unclaimed = token;
            consumer = token.consumer();
            purpose = claimedPurpose;
            if (service == null) {
                throw new Refusal(404, "exchange.unknown_service", "چنین خدمتی ارائه نمی‌شود.", "unknown service");
            }
            ProvidedService.Consumer grant = service.consumers().get(consumer);
            if (grant == null || !grant.purposes().contains(purpose)) {
                throw new Refusal(403, "exchange.not_authorised", "این دستگاه برای این منظور مجاز به استعلام نیست.",
                        grant == null ? "consumer not listed" : "purpose not listed for this consumer");
            }
            RateLimiter limiter = limiters.computeIfAbsent(service.name() + "|" + consumer, k -> RateLimiter.of(k,
                    RateLimiterConfig.custom().limitForPeriod(service.ratePerMinute()).limitRefreshPeriod(Duration.ofMinutes(1))
                            .timeoutDuration(Duration.ZERO).build()));
            if (!limiter.acquirePermission()) {
                throw new Refusal(429, "exchange.rate_limited", "تعداد استعلام‌ها از حد مجاز گذشته است.", "over "
                        + service.ratePerMinute() + " a minute", Map.of("Retry-After", "60"));
            }
            Map<String, Object> fields;
            try {
                JsonNode body = Json.MAPPER.readTree(in.body());
                fields = RequestFields.check(body, service.request());
            } catch (IOException e) {
                throw new Refusal(400, "exchange.bad_request", "درخواست JSON معتبر نیست.", "body is not JSON");
            } catch (RequestFields.BadField e) {
                throw new Refusal(400, "exchange.bad_request", "فیلد " + e.field() + " نامعتبر است.", e.getMessage(),
                        Map.of(), Map.of("field", e.field()));
            }
            ProviderCall call = new ProviderCall(service.name(), consumer, purpose, header("x-tracking-id"),
                    header("x-user-ref"), fields);
            Optional<Map<String, Object>> answer = run(service, call);
            if (answer.isEmpty()) {
                throw new Refusal(404, "exchange.not_found", "رکوردی با این مشخصات یافت نشد.", "no such record");
            }
            Map<String, Object> allowed = new LinkedHashMap<>();
            answer.get().forEach((k, v) -> {
                if (grant.fields().contains(k)) {
                    allowed.put(k, v);
                }
            });
            byte[] out = Json.write(allowed);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("Cache-Control", service.cacheMaxAge().map(d -> "private, max-age=" + d.toSeconds()).orElse("no-store"));
            headers.put("X-Provider-Signature", sign(out));
            if (!audit(200, null, null, out)) {
                throw replay(); // the same token answered meanwhile, here or on another node
            }
            return new Outgoing(200, headers, out);
        }

        private Optional<Map<String, Object>> run(ProvidedService service, ProviderCall call) throws Refusal {
            Future<Optional<Map<String, Object>>> f = handlers.submit(() -> service.handler().answer(call));
            try {
                Optional<Map<String, Object>> a = f.get(budget.toMillis(), TimeUnit.MILLISECONDS);
                return a == null ? Optional.empty() : a;
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new Refusal(503, "exchange.provider_timeout", "پاسخ در زمان مقرر آماده نشد.", "the handler took over "
                        + budget.toSeconds() + " s", Map.of("Retry-After", "5"));
            } catch (ExecutionException e) {
                throw new Refusal(500, "exchange.provider_failure", "خطای داخلی در پاسخ به استعلام.", "the handler failed: "
                        + e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refusal(503, "exchange.provider_unavailable", "سامانه در حال توقف است.", "interrupted");
            }
        }

        Outgoing refuse(Refusal r) {
            String errorId = UUID.randomUUID().toString();
            // The one line of this refusal: its id, status, code and reason; never a token, a body or an identifier.
            LOG.log(r.status >= 500 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    "Exchange call refused [{0}] {1} {2} service {3} consumer {4}: {5}",
                    errorId, r.status, r.code, safe(in.service()), consumer == null ? "?" : consumer, r.reason);
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://panjereh.org/problems/" + r.code);
            problem.put("title", r.persian);
            problem.put("status", r.status);
            problem.put("detail", r.persian);
            problem.put("code", r.code);
            problem.put("errorId", errorId);
            String requestId = header("x-request-id");
            if (requestId != null && requestId.matches("[0-9a-fA-F-]{36}")) {
                problem.put("requestId", requestId);
            }
            problem.putAll(r.extensions);
            byte[] out = Json.write(problem);
            Map<String, String> headers = new LinkedHashMap<>(r.headers);
            headers.put("Content-Type", "application/problem+json");
            headers.put("Cache-Control", "no-store");
            if (!audit(r.status, r.code, errorId, out)) {
                return refuse(replay()); // a refusal of a replayed token is the replay's
            }
            return new Outgoing(r.status, headers, out);
        }

        private Refusal replay() {
            return new Refusal(401, "exchange.unauthenticated", "درخواست از مرکز ملی تبادل اطلاعات نیامده است.",
                    "the token was used before (replay)");
        }

        /** Writes the call's entry, claiming its token's id if a verified token has not been claimed: false on a replay. */
        private boolean audit(int status, String code, String errorId, byte[] out) {
            String ref = header("x-user-ref");
            ProviderAudit.Entry e = new ProviderAudit.Entry(at, consumer, safe(in.service()), purpose,
                    ref != null && ref.matches("[0-9a-f]{64}") ? ref : null, status, code, errorId, in.body().length, out.length,
                    hex(in.body()), hex(out));
            ExchangeTokenVerifier.Verified token = unclaimed;
            unclaimed = null;
            if (token == null) {
                audit.record(e);
                return true;
            }
            return audit.recordClaiming(e, replays, token.jti(), token.expiresAt());
        }

        private String header(String name) {
            String v = in.headers().get(name);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    private String sign(byte[] body) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).build(), new Payload(body));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("The agency key cannot sign", e);
        }
        return jws.serialize(true);
    }

    private static String safe(String service) {
        return service != null && service.matches("[a-z][a-z0-9-]{0,63}") ? service : "?";
    }

    private static String hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refusal on the way through a call. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final String persian;
        final String reason;
        final transient Map<String, String> headers;
        final transient Map<String, Object> extensions;

        Refusal(int status, String code, String persian, String reason) {
            this(status, code, persian, reason, Map.of(), Map.of());
        }

        Refusal(int status, String code, String persian, String reason, Map<String, String> headers) {
            this(status, code, persian, reason, headers, Map.of());
        }

        Refusal(int status, String code, String persian, String reason, Map<String, String> headers,
                Map<String, Object> extensions) {
            super(code, null, false, false);
            this.status = status;
            this.code = code;
            this.persian = persian;
            this.reason = reason;
            this.headers = headers;
            this.extensions = extensions;
        }
    }

    /** Builder of {@link ExchangeProvider}. */
    public static final class Builder {
        private final PlatformClient platform;
        private final ReplayCache replays;
        private final ProviderAudit audit;
        private final Map<String, ProvidedService> services = new LinkedHashMap<>();
        private URI endpoint;
        private Clock clock;
        private Duration budget = Duration.ofMillis(4500);

        private Builder(PlatformClient platform, ReplayCache replays, ProviderAudit audit) {
            this.platform = platform;
            this.replays = replays;
            this.audit = audit;
        }

        /** @param s a service to serve @return this */
        public Builder service(ProvidedService s) {
            services.put(s.name(), s);
            return this;
        }

        /**
         * @param base the public URL the services are served under; each service's endpoint is {@code base + name}
         * @return this
         */
        public Builder endpoint(URI base) {
            this.endpoint = base;
            return this;
        }

        /** @param c the clock tokens are checked with; the platform client's by default @return this */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param d how long a handler may take before the call is answered {@code 503}; 4.5 s by default, inside the
         *          exchange's 5 s
         * @return this
         */
        public Builder handlerBudget(Duration d) {
            this.budget = d;
            return this;
        }

        /**
         * @return the provider
         * @throws PanjerehConfigurationException when a collaborator, the endpoint or every service is missing
         */
        public ExchangeProvider build() {
            if (platform == null || replays == null || audit == null) {
                throw new PanjerehConfigurationException("ExchangeProvider needs a platform client, a replay cache and an audit");
            }
            if (services.isEmpty()) {
                throw new PanjerehConfigurationException("ExchangeProvider serves no service; add one with service(...)");
            }
            if (endpoint == null || endpoint.getScheme() == null || !endpoint.isAbsolute()) {
                throw new PanjerehConfigurationException("ExchangeProvider needs the absolute URL its services are served under");
            }
            if (budget == null || budget.isNegative() || budget.isZero() || budget.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new PanjerehConfigurationException("The handler budget is positive and at most the exchange's 5 s");
            }
            return new ExchangeProvider(this);
        }
    }
}
