package org.panjereh.inquiry;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.io.InterruptedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.PlatformUnreachableException;
import org.panjereh.core.PostalCode;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.shared.Json;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.inquiry.internal.AnswerCache;
import org.panjereh.inquiry.internal.AnswerVerifier;
import org.panjereh.inquiry.internal.ProviderGuard;

/**
 * Inquiries through the national information exchange, the only way an agency may ask another for
 * data (contract section 7, مصوبه ۲ ماده ۵).
 *
 * <p>Every call carries the contract's headers ({@code X-Client-Agency}, {@code X-Purpose},
 * {@code X-Tracking-Id}, {@code X-User-Ref} as an HMAC under the agency's key); every answer's
 * detached-JWS signature is verified against the platform's keys before a byte of it is parsed; every
 * provider gets its own Resilience4j timeout, retry, circuit breaker, bulkhead and rate limiter; and
 * every inquiry leaves an audit record of its traffic data only. An answer marked {@code Cache-Control: no-store} is
 * never cached, whatever the policy says.
 *
 * <p>Base data received here is for the purpose it was asked for: it must not be passed on to another agency
 * (ضوابط فنی، ماده ۳۴ تبصره); an agency that needs it asks the exchange itself.
 *
 * <pre>{@code
 * NationalExchange exchange = NationalExchange.builder(platform, UserRefKey.fromFile(Path.of("/etc/panjereh/user-ref.key")))
 *     .audit(AuditSink.jsonLines(Path.of("/var/log/portal/exchange-audit.jsonl")))
 *     .build();
 * InquiryContext why = InquiryContext.forRequest(serviceId, trackingId, citizen.nationalCode());
 * PersonIdentity person = exchange.personIdentity(citizen.nationalCode(), birthDate, why);
 * PostalAddress home = exchange.addressByPostcode(PostalCode.of(form.postalCode()), why);
 * }</pre>
 */
public final class NationalExchange {

    /** The timer of inquiries by provider, service and outcome (the audit record's outcome). */
    private static final String INQUIRIES = "panjereh.exchange.inquiries";



    private final PlatformClient platform;
    private final UserRefKey userRefKey;
    private final AuditSink audit;
    private final Clock clock;
    private final AnswerVerifier verifier;
    private final ProviderPolicy defaults;
    private final Map<String, ProviderPolicy> policies;
    private final Map<String, ProviderGuard> guards = new ConcurrentHashMap<>();
    private final AnswerCache cache = new AnswerCache();
    private final Map<ExchangeService, Map.Entry<URI, URI>> serviceUris = new ConcurrentHashMap<>();

    private NationalExchange(Builder b) {
        this.platform = b.platform;
        this.userRefKey = b.userRefKey;
        this.audit = b.audit;
        this.clock = b.clock;
        this.defaults = b.defaults;
        this.policies = Map.copyOf(b.policies);
        this.verifier = new AnswerVerifier(platform.discovery().jwkSource());
    }

    /**
     * A new builder.
     *
     * @param platform   the platform client
     * @param userRefKey the agency's HMAC key for {@code X-User-Ref}
     * @return the builder
     */
    public static Builder builder(PlatformClient platform, UserRefKey userRefKey) {
        return new Builder(platform, userRefKey);
    }

    /**
     * Asks the civil registry for a person's identity.
     *
     * @param person    the national code
     * @param birthDate the date of birth given by the citizen
     * @param ctx       purpose, request and who caused the inquiry
     * @return the identity, names normalised
     * @throws ExchangeException {@code NOT_FOUND} when code and birth date do not match a person
     */
    public PersonIdentity personIdentity(NationalCode person, LocalDate birthDate, InquiryContext ctx) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("nationalCode", person.value());
        q.put("birthDate", birthDate.toString());
        PersonIdentity p = inquire(ExchangeService.PERSON_IDENTITY, q, ctx, PersonIdentity.class);
        if (!p.nationalCode().equals(person)) {
            throw new ExchangeException(ExchangeService.PERSON_IDENTITY, ExchangeException.Reason.INVALID_ANSWER, null,
                    "the answer is about another person", null);
        }
        return p;
    }

    /**
     * Asks the post company for the address of a postal code.
     *
     * @param code the postal code
     * @param ctx  purpose, request and who caused the inquiry
     * @return the address
     */
    public PostalAddress addressByPostcode(PostalCode code, InquiryContext ctx) {
        PostalAddress a = inquire(ExchangeService.ADDRESS_BY_POSTCODE, Map.of("postalCode", code.value()), ctx,
                PostalAddress.class);
        if (!a.postalCode().equals(code)) {
            throw new ExchangeException(ExchangeService.ADDRESS_BY_POSTCODE, ExchangeException.Reason.INVALID_ANSWER, null,
                    "the answer is about another postal code", null);
        }
        return a;
    }

    /**
     * Asks the company registry about a legal entity.
     *
     * @param id  شناسه ملی
     * @param ctx purpose, request and who caused the inquiry
     * @return the entity
     */
    public LegalEntity legalEntity(LegalEntityId id, InquiryContext ctx) {
        LegalEntity e = inquire(ExchangeService.LEGAL_ENTITY, Map.of("legalEntityId", id.value()), ctx, LegalEntity.class);
        if (!e.legalEntityId().equals(id)) {
            throw new ExchangeException(ExchangeService.LEGAL_ENTITY, ExchangeException.Reason.INVALID_ANSWER, null,
                    "the answer is about another entity", null);
        }
        return e;
    }

    /**
     * Asks the company registry whether a person represents a company, and with which powers: what a G2B request
     * must check before it is accepted (the login only says whom the person claims to represent).
     *
     * @param company        the company
     * @param representative the person logged in: a national code or a FIDA code
     * @param ctx            purpose, request and who caused the inquiry
     * @return the registry's answer; a pair it does not know is {@link ExchangeException.Reason#NOT_FOUND}
     */
    public Representation representation(LegalEntityId company, PartyIdentifier representative, InquiryContext ctx) {
        if (representative.kind() == org.panjereh.core.IdentifierKind.LEGAL_ENTITY_ID) {
            throw new IllegalArgumentException("A representative is a person: a national code or a FIDA code");
        }
        return inquire(ExchangeService.REPRESENTATIVES, Map.of("legalEntityId", company.value(), representative.wireMember(),
                representative.value()), ctx, Representation.class);
    }

    /**
     * Asks Shahkar whether a mobile number belongs to a national code. Never cached.
     *
     * @param person the national code
     * @param mobile the number
     * @param ctx    purpose, request and who caused the inquiry
     * @return whether they match
     */
    public boolean mobileOwnership(NationalCode person, MobileNumber mobile, InquiryContext ctx) {
        JsonNode n = inquire(ExchangeService.MOBILE_OWNERSHIP, Map.of("nationalCode", person.value(), "mobile",
                mobile.nationalFormat()), ctx, JsonNode.class);
        if (!n.path("matched").isBoolean()) {
            throw new ExchangeException(ExchangeService.MOBILE_OWNERSHIP, ExchangeException.Reason.INVALID_ANSWER, null,
                    "matched is missing", null);
        }
        return n.get("matched").asBoolean();
    }

    /**
     * Any exchange service: the generic call the typed ones are built on.
     *
     * @param service the provider/service
     * @param request the request body, serialised with Jackson
     * @param ctx     purpose, request and who caused the inquiry
     * @param type    the answer type
     * @param <T>     the answer type
     * @return the verified, parsed answer
     * @throws ExchangeException for every failure, naming the service and whether a retry may help
     */
    public <T> T inquire(ExchangeService service, Object request, InquiryContext ctx, Class<T> type) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(ctx, "ctx");
        try (Telemetry.Span span = Telemetry.span("panjereh.exchange.inquiry")) {
            span.attribute("panjereh.exchange.provider", service.provider())
                    .attribute("panjereh.exchange.service", service.toString());
            try {
                return inquireGuarded(service, request, ctx, type);
            } catch (ExchangeException e) {
                span.fail(e.reason().name());
                throw e;
            }
        }
    }

    private <T> T inquireGuarded(ExchangeService service, Object request, InquiryContext ctx, Class<T> type) {
        Inquiry q = new Inquiry(service, ctx, Json.write(request), userRefKey.ref(ctx.causedBy()), guard(service));
        String cacheKey = q.guard.policy().cacheTtl() == null ? null : service + ":" + sha256(q.body);
        byte[] kept = cacheKey == null ? null : cache.get(cacheKey, clock.instant());
        if (kept != null) {
            q.audit(null, kept, "cached");
            return parse(service, kept, type);
        }
        PlatformResponse r = send(q);
        String bad = verifier.check(r.body(), r.header("x-response-signature").orElse(null));
        if (bad != null) {
            q.audit(r.requestId(), r.body(), "unverified_answer");
            throw new ExchangeException(service, ExchangeException.Reason.UNVERIFIED_ANSWER, null, bad, null);
        }
        T answer;
        try {
            answer = parse(service, r.body(), type);
        } catch (ExchangeException e) {
            q.audit(r.requestId(), r.body(), "invalid_answer");
            throw e;
        }
        if (cacheKey != null) {
            cache.put(cacheKey, r.body(), r.header("cache-control").orElse(null), clock.instant(), q.guard.policy().cacheTtl());
        }
        q.audit(r.requestId(), r.body(), "ok");
        return answer;
    }

    /** One inquiry under way: what its audit record needs, and its attempts so far. */
    private final class Inquiry {
        final ExchangeService service;
        final InquiryContext ctx;
        final byte[] body;
        final String userRef;
        final ProviderGuard guard;
        final long t0 = System.nanoTime();
        final AtomicInteger attempts = new AtomicInteger();

        Inquiry(ExchangeService service, InquiryContext ctx, byte[] body, String userRef, ProviderGuard guard) {
            this.service = service;
            this.ctx = ctx;
            this.body = body;
            this.userRef = userRef;
            this.guard = guard;
        }

        void audit(String requestId, byte[] response, String outcome) {
            NationalExchange.this.audit(service, ctx, userRef, requestId, body, response, outcome, attempts.get(), t0);
        }
    }

    /**
     * The call with the contract's headers through the provider's guards (bulkhead, rate limiter, circuit breaker,
     * retry); every way it can fail is audited and becomes an {@link ExchangeException}.
     */
    private PlatformResponse send(Inquiry q) {
        ExchangeService service = q.service;
        RequestOptions.Builder ob = RequestOptions.builder().timeout(q.guard.policy().timeout()).maxAttempts(1)
                .header("X-Client-Agency", platform.credentials().agencyId())
                .header("X-Purpose", q.ctx.purpose().value())
                .header("X-User-Ref", q.userRef);
        q.ctx.tracking().ifPresent(t -> ob.header("X-Tracking-Id", t.value()));
        RequestOptions opts = ob.build();
        URI uri = serviceUri(service);
        Supplier<PlatformResponse> call = () -> {
            q.attempts.incrementAndGet();
            try {
                return platform.post(uri, q.body, "application/json", opts);
            } catch (PlatformException e) {
                throw mapPlatform(service, e);
            } catch (PlatformUnreachableException e) {
                boolean timeout = e.getCause() instanceof InterruptedIOException;
                throw new ExchangeException(service, timeout ? ExchangeException.Reason.PROVIDER_TIMEOUT
                        : ExchangeException.Reason.UNREACHABLE, null, e.getMessage(), e);
            } catch (InvalidPlatformResponseException e) {
                throw new ExchangeException(service, ExchangeException.Reason.INVALID_ANSWER, null, e.getMessage(), e);
            }
        };
        Supplier<PlatformResponse> guarded = q.guard.decorate(call);
        try {
            return guarded.get();
        } catch (ExchangeException e) {
            q.audit(null, null, e.reason().name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        } catch (BulkheadFullException | RequestNotPermitted e) {
            q.audit(null, null, "busy");
            throw new ExchangeException(service, ExchangeException.Reason.BUSY, null,
                    e instanceof BulkheadFullException ? "too many inquiries in flight" : "over the rate limit", e);
        } catch (CallNotPermittedException e) {
            q.audit(null, null, "circuit_open");
            throw new ExchangeException(service, ExchangeException.Reason.CIRCUIT_OPEN, null,
                    "the circuit is open after repeated failures", e);
        }
    }

    /** The circuit state toward a service (CLOSED, OPEN, HALF_OPEN), for health checks. */
    public String circuitState(ExchangeService service) {
        return guard(service).breaker().getState().name();
    }

    private static <T> T parse(ExchangeService service, byte[] body, Class<T> type) {
        try {
            return Json.read(body, type, 200);
        } catch (InvalidPlatformResponseException e) {
            throw new ExchangeException(service, ExchangeException.Reason.INVALID_ANSWER, null, e.getMessage(), e);
        }
    }

    private static ExchangeException mapPlatform(ExchangeService service, PlatformException e) {
        String code = e.code();
        ExchangeException.Reason reason;
        if ("exchange.not_found".equals(code) || (e.statusCode() == 404 && code != null && !code.contains("service_unknown"))) {
            reason = ExchangeException.Reason.NOT_FOUND;
        } else if ("exchange.provider_timeout".equals(code) || e.statusCode() == 504) {
            reason = ExchangeException.Reason.PROVIDER_TIMEOUT;
        } else if (e.isRetryable()) {
            reason = ExchangeException.Reason.PROVIDER_UNAVAILABLE;
        } else {
            reason = ExchangeException.Reason.REFUSED;
        }
        return new ExchangeException(service, reason, code, e.problem().detail(), e);
    }

    private void audit(ExchangeService service, InquiryContext ctx, String userRef, String requestId, byte[] request,
                       byte[] response, String outcome, int attempts, long t0) {
        Telemetry.time(INQUIRIES, System.nanoTime() - t0, "provider", service.provider(), "service", service.toString(),
                "outcome", outcome);
        try {
            audit.record(new AuditRecord(clock.instant(), service.toString(), ctx.purpose().value(),
                    ctx.tracking().map(t -> t.value()).orElse(null), userRef, requestId, request.length,
                    response == null ? 0 : response.length, sha256(request), response == null ? null : sha256(response),
                    outcome, attempts, (System.nanoTime() - t0) / 1000));
        } catch (RuntimeException e) {
            System.getLogger(NationalExchange.class.getName()).log(System.Logger.Level.ERROR,
                    "Inquiry audit record could not be written: {0}", e.getMessage());
        }
    }

    private ProviderGuard guard(ExchangeService service) {
        return guards.computeIfAbsent(service.toString(), k -> ProviderGuard.of(service.provider(), k,
                policies.getOrDefault(k, policies.getOrDefault(service.provider(), defaults))));
    }

    /** The service's URL, rebuilt only when discovery announces a different exchange endpoint. */
    private URI serviceUri(ExchangeService service) {
        URI base = platform.metadata().exchangeEndpoint();
        Map.Entry<URI, URI> known = serviceUris.get(service);
        if (known != null && known.getKey().equals(base)) {
            return known.getValue();
        }
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        URI uri = URI.create(b + "/" + service);
        serviceUris.put(service, Map.entry(base, uri));
        return uri;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builder of {@link NationalExchange}. */
    public static final class Builder {
        private final PlatformClient platform;
        private final UserRefKey userRefKey;
        private AuditSink audit = AuditSink.logger();
        private Clock clock = Clock.systemUTC();
        private ProviderPolicy defaults = ProviderPolicy.defaults();
        private final Map<String, ProviderPolicy> policies = new LinkedHashMap<>();

        private Builder(PlatformClient platform, UserRefKey userRefKey) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.userRefKey = Objects.requireNonNull(userRefKey, "userRefKey");
        }

        /** @param sink where audit records go (default: JSON lines to the {@code panjereh.exchange.audit} logger) */
        public Builder audit(AuditSink sink) {
            this.audit = Objects.requireNonNull(sink);
            return this;
        }

        /** @param c clock for the cache */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** @param p the policy of every provider without its own */
        public Builder defaultPolicy(ProviderPolicy p) {
            checkCache(null, p);
            this.defaults = Objects.requireNonNull(p);
            return this;
        }

        /**
         * A policy for one service ({@code post/address-by-postcode}) or a whole provider ({@code post}).
         *
         * @param serviceOrProvider name
         * @param p                 the policy
         * @return this builder
         * @throws IllegalArgumentException for a cache on Shahkar
         */
        public Builder policy(String serviceOrProvider, ProviderPolicy p) {
            checkCache(serviceOrProvider, p);
            policies.put(serviceOrProvider, Objects.requireNonNull(p));
            return this;
        }

        private static void checkCache(String name, ProviderPolicy p) {
            // Shahkar answers whether a number belongs to a person now; an old answer is a wrong answer.
            if (p.cacheTtl() != null && (name == null || name.startsWith("shahkar"))) {
                throw new PanjerehConfigurationException(name == null
                        ? "A cache is set per inquiry type, never as a default (Shahkar must not be cached)"
                        : "Shahkar answers are never cached");
            }
        }

        /** @return the client */
        public NationalExchange build() {
            return new NationalExchange(this);
        }
    }

}
