package org.panjereh.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.FidaCode;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.internal.FastJwsVerifiers;
import org.panjereh.core.internal.HttpSupport;
import org.panjereh.core.internal.Telemetry;
import org.panjereh.sso.internal.NimbusHttp;

/**
 * The agency's relying party for the national single sign-on (contract section 2.1): the only way a
 * citizen gets into an agency portal.
 *
 * <p>{@link #start} builds the authorization request (PKCE S256, state, nonce, {@code acr_values}
 * from the service's level, pushed with PAR when the platform offers it). {@link #finish} checks the
 * callback (state, RFC 9207 {@code iss}), exchanges the code with {@code private_key_jwt}, validates
 * the ID token with Nimbus (ES256/PS256 only, issuer of the login, audience, {@code azp}, times with
 * 60 s skew, nonce, {@code at_hash}, {@code acr}) and maps the claims to a {@link Citizen}.
 *
 * <pre>{@code
 * NationalLogin sso = NationalLogin.builder(discovery, credentials, URI.create("https://portal.example/callback")).build();
 * LoginRequest login = sso.start(card.authLevel(), "/apply/10101234567", false);
 * session.setAttribute("pending", login.pending());          // then redirect to login.redirectTo()
 * // ... on the callback:
 * LoginResult result = sso.finish((PendingLogin) session.getAttribute("pending"), callbackParameters);
 * }</pre>
 */
public final class NationalLogin {

    /** The scopes of contract section 2.1. */
    public static final Scope SCOPES = new Scope("openid", "profile", "national_id", "phone");

    /** The counter of logins by stage, outcome and reason. */
    private static final String LOGINS = "panjereh.logins";
    private static final Set<JWSAlgorithm> ID_TOKEN_ALGS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);
    private static final int MAX_SKEW_SECONDS = 60;

    private final PlatformDiscovery discovery;
    private final Map<URI, PlatformDiscovery> fallbacks = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<URI> configuredFallbacks;
    private final java.util.function.Function<URI, PlatformDiscovery> fallbackDiscovery;
    private final io.github.resilience4j.circuitbreaker.CircuitBreaker primaryBreaker;
    private final AgencyCredentials credentials;
    private final URI redirectUri;
    private final ClientID clientId;
    private final Clock clock;
    private final OkHttpClient http;
    private final Duration maxLoginAge;
    private final ClaimNames claimNames;
    private final boolean useUserInfo;

    private NationalLogin(Builder b) {
        this.claimNames = b.claimNames;
        this.useUserInfo = b.useUserInfo;
        this.discovery = b.discovery;
        this.configuredFallbacks = List.copyOf(b.fallbackIssuers);
        this.fallbackDiscovery = b.fallbackDiscovery;
        this.primaryBreaker = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("panjereh-sso-primary",
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .slidingWindowType(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(4).minimumNumberOfCalls(2).failureRateThreshold(50)
                        .waitDurationInOpenState(b.primaryRetryAfter).permittedNumberOfCallsInHalfOpenState(1).build());
        this.credentials = b.credentials;
        this.redirectUri = b.redirectUri;
        this.clientId = new ClientID(b.credentials.clientId());
        this.clock = b.clock;
        this.http = HttpSupport.instrumented(b.http);
        this.maxLoginAge = b.maxLoginAge;
    }

    /**
     * A new builder.
     *
     * @param discovery   the platform
     * @param credentials the agency (client id and signing key)
     * @param redirectUri the portal's registered callback
     * @return the builder
     */
    public static Builder builder(PlatformDiscovery discovery, AgencyCredentials credentials, URI redirectUri) {
        return new Builder(discovery, credentials, redirectUri);
    }

    /**
     * Starts a login.
     *
     * @param required   the level of assurance the service needs (its card's {@code authLevel})
     * @param returnTo   where to go after login: a same-origin relative path; anything else becomes {@code /}
     * @param forceLogin ask the platform to authenticate again ({@code prompt=login}), for step-up
     * @return where to send the citizen, and what to keep in the session
     * @throws LoginException {@code PLATFORM_UNAVAILABLE} when the platform cannot be reached
     */
    public LoginRequest start(LevelOfAssurance required, String returnTo, boolean forceLogin) {
        Objects.requireNonNull(required, "required");
        try (Telemetry.Span span = Telemetry.span("panjereh.login.start")) {
            span.attribute("panjereh.loa", required.name()).attribute("panjereh.step_up", forceLogin ? 1 : 0);
            try {
                LoginRequest r = startRouted(required, returnTo, forceLogin);
                Telemetry.count(LOGINS, "stage", "start", "outcome", "success", "reason", "none");
                return r;
            } catch (LoginException e) {
                span.fail(e.reason().name());
                Telemetry.count(LOGINS, "stage", "start", "outcome", "refused", "reason", e.reason().name());
                throw e;
            }
        }
    }

    /** Starts at the primary issuer, or at a fallback while the primary's breaker is open. */
    private LoginRequest startRouted(LevelOfAssurance required, String returnTo, boolean forceLogin) {
        LoginException last = null;
        if (primaryBreaker.tryAcquirePermission()) {
            long t0 = System.nanoTime();
            try {
                LoginRequest r = startWith(discovery, required, returnTo, forceLogin);
                primaryBreaker.onSuccess(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
                return r;
            } catch (LoginException e) {
                if (e.reason() != LoginException.Reason.PLATFORM_UNAVAILABLE) {
                    primaryBreaker.releasePermission();
                    throw e;
                }
                primaryBreaker.onError(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS, e);
                last = e;
            }
        }
        // مصوبه ۲ ماده ۱: an alternative authentication service, only while the primary is unavailable.
        for (URI issuer : fallbackIssuers()) {
            try {
                return startWith(fallbackFor(issuer), required, returnTo, forceLogin);
            } catch (LoginException e) {
                if (e.reason() != LoginException.Reason.PLATFORM_UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last != null ? last : new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE,
                "the primary issuer is unavailable and no fallback issuer is known", null);
    }

    private List<URI> fallbackIssuers() {
        java.util.LinkedHashSet<URI> all = new java.util.LinkedHashSet<>(configuredFallbacks);
        try {
            all.addAll(discovery.metadata().fallbackIssuers());
        } catch (PanjerehException e) {
            // the primary's document is unknown: only the configured fallbacks remain
        }
        all.remove(discovery.issuer());
        return List.copyOf(all);
    }

    private PlatformDiscovery fallbackFor(URI issuer) {
        return fallbacks.computeIfAbsent(issuer, fallbackDiscovery);
    }

    /** The discovery of the issuer a login went to; any other issuer is refused. */
    private PlatformDiscovery discoveryOf(URI issuer) {
        if (issuer.equals(discovery.issuer())) {
            return discovery;
        }
        PlatformDiscovery d = fallbacks.get(issuer);
        if (d == null) {
            throw new LoginException(LoginException.Reason.ISSUER_MISMATCH, "the login went to an unknown issuer", null);
        }
        return d;
    }

    private LoginRequest startWith(PlatformDiscovery from, LevelOfAssurance required, String returnTo, boolean forceLogin) {
        PlatformMetadata md = metadata(from);
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder ab = new AuthenticationRequest.Builder(ResponseType.CODE, SCOPES, clientId, redirectUri)
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .acrValues(List.of(new ACR(required.acr())))
                .endpointURI(md.authorizationEndpoint());
        if (forceLogin) {
            ab.prompt(new Prompt(Prompt.Type.LOGIN));
        }
        AuthenticationRequest ar = ab.build();
        URI redirect;
        Optional<URI> par = md.pushedAuthorizationRequestEndpoint();
        if (par.isPresent()) {
            redirect = push(md, par.get(), ar);
        } else {
            redirect = ar.toURI();
        }
        PendingLogin pending = new PendingLogin(state.getValue(), nonce.getValue(), verifier.getValue(), md.issuer(), required,
                safeReturnTo(returnTo), clock.instant());
        return new LoginRequest(redirect, pending);
    }

    private URI push(PlatformMetadata md, URI parEndpoint, AuthenticationRequest ar) {
        try {
            com.nimbusds.oauth2.sdk.http.HTTPResponse resp = NimbusHttp.send(http, new PushedAuthorizationRequest(parEndpoint,
                    org.panjereh.core.internal.ClientAuth.forRequest(md, credentials, md.issuer()), ar).toHTTPRequest());
            com.nimbusds.oauth2.sdk.PushedAuthorizationResponse pr = PushedAuthorizationResponse.parse(resp);
            if (!pr.indicatesSuccess()) {
                ErrorObject e = pr.toErrorResponse().getErrorObject();
                throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "PAR refused: " + e.getCode(), null);
            }
            URI requestUri = pr.toSuccessResponse().getRequestURI();
            return URI.create(md.authorizationEndpoint() + "?client_id=" + enc(clientId.getValue()) + "&request_uri="
                    + enc(requestUri.toString()));
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "PAR endpoint unreachable", e);
        } catch (ParseException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "PAR answer unusable", e);
        }
    }

    /**
     * Finishes a login from the callback's parameters.
     *
     * @param pending what {@link #start} returned, from the session; {@code null} when there was none
     * @param params  the callback's query parameters
     * @return the logged-in citizen and tokens
     * @throws LoginException for anything wrong; never a partial result
     */
    public LoginResult finish(PendingLogin pending, Map<String, String> params) {
        try (Telemetry.Span span = Telemetry.span("panjereh.login.finish")) {
            try {
                LoginResult r = finishChecked(pending, params);
                span.attribute("panjereh.loa", r.citizen().acr().name());
                Telemetry.count(LOGINS, "stage", "finish", "outcome", "success", "reason", "none");
                return r;
            } catch (LoginException e) {
                span.fail(e.reason().name());
                Telemetry.count(LOGINS, "stage", "finish", "outcome", "refused", "reason", e.reason().name());
                throw e;
            }
        }
    }

    private LoginResult finishChecked(PendingLogin pending, Map<String, String> params) {
        if (pending == null) {
            throw new LoginException(LoginException.Reason.STATE_MISMATCH, "no login was started in this session", null);
        }
        if (clock.instant().isAfter(pending.createdAt().plus(maxLoginAge))) {
            throw new LoginException(LoginException.Reason.STATE_MISMATCH, "the login took too long", null);
        }
        String state = params.get("state");
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                pending.state().getBytes(StandardCharsets.UTF_8))) {
            throw new LoginException(LoginException.Reason.STATE_MISMATCH, "state does not match", null);
        }
        PlatformDiscovery from = discoveryOf(pending.issuer());
        PlatformMetadata md = metadata(from);
        if (!md.issuer().equals(pending.issuer())) {
            throw new LoginException(LoginException.Reason.ISSUER_MISMATCH, "the platform's issuer changed during the login", null);
        }
        String iss = params.get("iss");
        if (iss != null ? !iss.equals(pending.issuer().toString()) : md.authorizationResponseIssParameterSupported()) {
            throw new LoginException(LoginException.Reason.ISSUER_MISMATCH, "the authorization response's iss is "
                    + (iss == null ? "missing" : "another issuer"), null);
        }
        if (params.containsKey("error")) {
            String error = params.get("error");
            throw new LoginException(LoginException.Reason.AUTHORIZATION_ERROR, "platform answered "
                    + (error != null && error.matches("[a-z_]{1,64}") ? error : "an error"), null);
        }
        String code = params.get("code");
        if (code == null || code.isEmpty() || code.length() > 2048 || !code.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new LoginException(LoginException.Reason.MALFORMED_CALLBACK, "code is missing or malformed", null);
        }
        OIDCTokenResponse tokens = exchange(md, code, pending);
        return validate(from, pending, tokens);
    }

    private OIDCTokenResponse exchange(PlatformMetadata md, String code, PendingLogin pending) {
        URI tokenEndpoint = md.tokenEndpoint();
        TokenResponse tr;
        try {
            tr = OIDCTokenResponseParser.parse(NimbusHttp.send(http, new TokenRequest(tokenEndpoint,
                    org.panjereh.core.internal.ClientAuth.forRequest(md, credentials, tokenEndpoint),
                    new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(pending.codeVerifier())),
                    (Scope) null).toHTTPRequest()));
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "token endpoint unreachable", e);
        } catch (ParseException | IllegalArgumentException e) {
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "token answer unusable", e);
        }
        if (!tr.indicatesSuccess()) {
            String c = tr.toErrorResponse().getErrorObject().getCode();
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "token endpoint answered "
                    + (c != null && c.matches("[a-z_]{1,64}") ? c : "an error"), null);
        }
        return (OIDCTokenResponse) tr.toSuccessResponse();
    }

    private LoginResult validate(PlatformDiscovery from, PendingLogin pending, OIDCTokenResponse tokens) {
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
        IDTokenClaimsSet claims = verifyIdToken(idToken, pending.issuer(), clientId, from.jwkSource(),
                new Nonce(pending.nonce()), accessToken, clock);
        Map<String, Object> extra = useUserInfo ? userInfo(metadata(from), accessToken, claims.getSubject().getValue()) : Map.of();
        Citizen citizen = toCitizen(pending.issuer(), claims, extra, pending.requiredAcr(), claimNames);
        return new LoginResult(citizen, idToken.serialize(), accessToken.getValue(), claims.getExpirationTime().toInstant());
    }

    /**
     * Every check of an ID token, for the login and for benchmarks: Nimbus's validation (ES256/PS256 by
     * the issuer's keys, issuer, audience, expiry, nonce, 60 s skew) plus {@code iat} not in the future,
     * {@code azp} naming this client, and {@code at_hash} matching the access token.
     *
     * @param idToken     the token
     * @param issuer      the issuer the login went to
     * @param clientId    this client
     * @param keys        that issuer's keys
     * @param nonce       the nonce sent
     * @param accessToken the access token issued with it, or {@code null}
     * @param clock       clock
     * @return the verified claims
     * @throws LoginException {@code INVALID_ID_TOKEN} for any failure
     */
    @SuppressWarnings("unchecked") // Nimbus' IDTokenClaimsVerifier is a raw DefaultJWTClaimsVerifier
    public static IDTokenClaimsSet verifyIdToken(JWT idToken, URI issuer, ClientID clientId,
                                                 com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys, Nonce nonce,
                                                 AccessToken accessToken, Clock clock) {
        if (idToken == null) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "no ID token", null);
        }
        // What Nimbus' IDTokenValidator does (typ JWT or none, signature by a platform key, iss, aud, exp, iat,
        // nonce), with its processor on the SDK's Bouncy Castle verifiers instead of the JDK's slower ECDSA.
        if (!(idToken instanceof com.nimbusds.jwt.SignedJWT signed)) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "the ID token is not signed", null);
        }
        com.nimbusds.jwt.proc.DefaultJWTProcessor<SecurityContext> processor = new com.nimbusds.jwt.proc.DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(
                com.nimbusds.jose.JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ID_TOKEN_ALGS, keys));
        processor.setJWSVerifierFactory(FastJwsVerifiers.INSTANCE);
        processor.setJWTClaimsSetVerifier(new com.nimbusds.openid.connect.sdk.validators.IDTokenClaimsVerifier(
                new Issuer(issuer), clientId, nonce, MAX_SKEW_SECONDS));
        IDTokenClaimsSet claims;
        try {
            claims = new IDTokenClaimsSet(processor.process(signed, null));
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, e.getMessage(), e);
        }
        Instant now = clock.instant();
        if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(now.plusSeconds(MAX_SKEW_SECONDS))) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "iat is missing or in the future", null);
        }
        if (claims.getExpirationTime().toInstant().isBefore(now.minusSeconds(MAX_SKEW_SECONDS))) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "expired", null);
        }
        List<com.nimbusds.oauth2.sdk.id.Audience> aud = claims.getAudience();
        if (claims.getAuthorizedParty() != null ? !claims.getAuthorizedParty().getValue().equals(clientId.getValue())
                : aud.size() > 1) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "azp does not name this client", null);
        }
        if (claims.getAccessTokenHash() != null) {
            JWSAlgorithm alg = (JWSAlgorithm) idToken.getHeader().getAlgorithm();
            AccessTokenHash expected = accessToken == null ? null
                    : AccessTokenHash.compute(accessToken, alg, alg.equals(JWSAlgorithm.ES256) ? Curve.P_256 : null);
            if (expected == null || !expected.equals(claims.getAccessTokenHash())) {
                throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "at_hash does not match the access token", null);
            }
        }
        return claims;
    }

    /**
     * Userinfo's claims (OIDC Core 5.3), refused unless its {@code sub} is the ID token's (5.3.4).
     */
    private Map<String, Object> userInfo(PlatformMetadata md, AccessToken token, String subject) {
        URI endpoint = md.userInfoEndpoint().orElse(null);
        if (endpoint == null) {
            return Map.of();
        }
        try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(endpoint.toString())
                .header("Authorization", "Bearer " + token.getValue()).header("Accept", "application/json").build()).execute()) {
            if (r.code() != 200) {
                throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "userinfo answered " + r.code(), null);
            }
            Map<String, Object> m = com.nimbusds.jose.util.JSONObjectUtils.parse(new String(
                    HttpSupport.readLimited(r.body(), r.code()), StandardCharsets.UTF_8));
            if (!subject.equals(m.get("sub"))) {
                throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "userinfo is about another subject", null);
            }
            return m;
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "userinfo unreachable", e);
        } catch (java.text.ParseException e) {
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "userinfo answer unusable", e);
        }
    }

    private static Citizen toCitizen(URI issuer, IDTokenClaimsSet claims, Map<String, Object> userInfo, LevelOfAssurance required,
                                     ClaimNames names) {
        LevelOfAssurance acr;
        try {
            acr = claims.getACR() == null ? LevelOfAssurance.LOA1 : LevelOfAssurance.fromAcr(claims.getACR().getValue());
        } catch (IllegalArgumentException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "unknown acr", e);
        }
        if (!acr.satisfies(required)) {
            throw new LoginException(LoginException.Reason.ACR_TOO_LOW, "acr " + acr.acr() + " is below " + required.acr(), null);
        }
        try {
            return citizen(issuer, claims, userInfo, acr, names);
        } catch (InvalidIdentifierException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "claims are malformed: "
                    + (e instanceof PanjerehException pe ? pe.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    private static Citizen citizen(URI issuer, IDTokenClaimsSet idc, Map<String, Object> ui, LevelOfAssurance acr, ClaimNames n) {
        // The ID token's claims first, userinfo's where the token is silent.
        java.util.function.Function<String, Object> claim = k -> {
            Object v = idc.getClaim(k);
            return v != null ? v : ui.get(k);
        };
        return citizen(issuer, idc.getSubject().getValue(), claim, acr,
                idc.getSessionID() == null ? null : idc.getSessionID().getValue(),
                idc.getAuthenticationTime() == null ? null : idc.getAuthenticationTime().toInstant(), n);
    }

    private static Citizen citizen(URI issuer, String subject, java.util.function.Function<String, Object> claim,
                                   LevelOfAssurance acr, String sid, Instant authTime, ClaimNames n) {
        java.util.function.Function<String, String> str = k -> claim.apply(k) instanceof String x ? x : null;
        String nc = str.apply(n.nationalCode());
        String fida = str.apply(n.fidaCode());
        String legal = str.apply(n.legalEntityId());
        String type = str.apply(n.personType());
        PersonType pt = type != null ? PersonType.fromClaim(type) : (fida != null ? PersonType.FOREIGN : PersonType.NATURAL);
        if ((pt == PersonType.FOREIGN ? fida : nc) == null) {
            throw new IllegalArgumentException("the identifier for person_type " + pt + " is missing");
        }
        if (pt == PersonType.LEGAL_REPRESENTATIVE && legal == null) {
            throw new IllegalArgumentException("legal_entity_id is missing for a legal representative");
        }
        String phone = str.apply(n.phoneNumber());
        boolean verified = Boolean.TRUE.equals(claim.apply(n.phoneNumber() + "_verified"));
        String birth = str.apply(n.birthdate());
        return new Citizen(issuer, subject, pt, nc == null ? null : NationalCode.of(nc),
                fida == null ? null : FidaCode.of(fida), legal == null ? null : LegalEntityId.of(legal),
                str.apply(n.givenName()), str.apply(n.familyName()), birth == null ? null : LocalDate.parse(birth),
                phone != null && verified ? MobileNumber.of(phone) : null, acr, sid, authTime);
    }

    /**
     * The citizen an access token of the platform speaks for, read from userinfo (OIDC Core 5.3), for
     * JSON APIs whose callers (mobile apps) present the platform's access tokens. Verify the token first
     * (signature, issuer, expiry, client: MicroProfile JWT does, docs/sso-microprofile-jwt.md); this call
     * adds who the person is. Userinfo must name the same {@code sub}.
     *
     * @param accessToken the verified access token; never logged
     * @param subject     its {@code sub}
     * @param acr         its {@code acr} claim, or {@code null}: then LOA1, so a service needing more refuses
     * @return the citizen
     * @throws LoginException if userinfo is not offered, unreachable, about someone else, or malformed
     */
    public Citizen citizenFromAccessToken(String accessToken, String subject, String acr) {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(subject, "subject");
        PlatformMetadata md = metadata();
        if (md.userInfoEndpoint().isEmpty()) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "the platform offers no userinfo endpoint", null);
        }
        Map<String, Object> ui = userInfo(md, new BearerAccessToken(accessToken), subject);
        try {
            LevelOfAssurance level = acr == null ? LevelOfAssurance.LOA1 : LevelOfAssurance.fromAcr(acr);
            return citizen(md.issuer(), subject, ui::get, level, null, null, claimNames);
        } catch (InvalidIdentifierException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "userinfo claims are malformed: "
                    + (e instanceof PanjerehException pe ? pe.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /**
     * Whether a logged-in citizen must log in again, more strongly, for a service.
     *
     * @param citizen  who is logged in
     * @param required the service's level
     * @return true when {@link #start} should be called with {@code forceLogin}
     */
    public boolean needsStepUp(Citizen citizen, LevelOfAssurance required) {
        return !citizen.satisfies(required);
    }

    /**
     * The RP-initiated logout URL, when the platform offers one.
     *
     * @param idTokenHint           the ID token of the session
     * @param postLogoutRedirectUri where the platform sends the browser back
     * @param state                 echoed back
     * @return the URL
     */
    public Optional<URI> logoutUri(String idTokenHint, URI postLogoutRedirectUri, String state) {
        return metadata().endSessionEndpoint().map(e -> URI.create(e + "?id_token_hint=" + enc(idTokenHint)
                + (postLogoutRedirectUri == null ? "" : "&post_logout_redirect_uri=" + enc(postLogoutRedirectUri.toString()))
                + (state == null ? "" : "&state=" + enc(state))));
    }

    /** The issuer logins go to. */
    public URI issuer() {
        return metadata().issuer();
    }

    /** The citizen's account page at the platform, for the «انتقال به پنجره ملی» link. */
    public Optional<URI> accountUrl() {
        return metadata().accountUrl();
    }

    /**
     * A return path safe to redirect to: same-origin and relative, or {@code /}. Refuses {@code //host},
     * back-slashes, schemes and control characters (open redirects).
     *
     * @param returnTo candidate
     * @return a safe path
     */
    public static String safeReturnTo(String returnTo) {
        if (returnTo == null || returnTo.length() > 2000 || !returnTo.startsWith("/") || returnTo.startsWith("//")
                || returnTo.startsWith("/\\") || returnTo.contains("\\") || returnTo.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        try {
            URI u = URI.create(returnTo);
            if (u.getScheme() != null || u.getAuthority() != null) {
                return "/";
            }
        } catch (IllegalArgumentException e) {
            return "/";
        }
        return returnTo;
    }

    private PlatformMetadata metadata() {
        return metadata(discovery);
    }

    private static PlatformMetadata metadata(PlatformDiscovery from) {
        try {
            return from.metadata();
        } catch (PanjerehException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "platform discovery failed", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Builder of {@link NationalLogin}. */
    public static final class Builder {
        private final PlatformDiscovery discovery;
        private final AgencyCredentials credentials;
        private final URI redirectUri;
        private Clock clock = Clock.systemUTC();
        private OkHttpClient http;
        private Duration maxLoginAge = Duration.ofMinutes(10);
        private final List<URI> fallbackIssuers = new java.util.ArrayList<>();
        private java.util.function.Function<URI, PlatformDiscovery> fallbackDiscovery =
                uri -> PlatformDiscovery.builder(uri).build();
        private Duration primaryRetryAfter = Duration.ofSeconds(30);
        private ClaimNames claimNames = ClaimNames.contract();
        private boolean useUserInfo;

        private Builder(PlatformDiscovery discovery, AgencyCredentials credentials, URI redirectUri) {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
        }

        /** @param c clock for login ages and token times */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** @param h OkHttp client for PAR and the token endpoint */
        public Builder httpClient(OkHttpClient h) {
            this.http = h;
            return this;
        }

        /** @param d longest time between start and callback (default 10 minutes) */
        public Builder maxLoginAge(Duration d) {
            this.maxLoginAge = Objects.requireNonNull(d);
            return this;
        }

        /**
         * Issuers to use while the primary is unavailable, besides the primary's {@code fallback_issuers}.
         *
         * @param issuers fallback issuers
         * @return this builder
         */
        public Builder fallbackIssuers(List<URI> issuers) {
            this.fallbackIssuers.addAll(issuers);
            return this;
        }

        /** @param f how a fallback issuer's discovery is made (tests give a shorter retry policy) */
        public Builder fallbackDiscovery(java.util.function.Function<URI, PlatformDiscovery> f) {
            this.fallbackDiscovery = Objects.requireNonNull(f);
            return this;
        }

        /** @param d after repeated failures, how long logins skip the primary (default 30 s) */
        public Builder primaryRetryAfter(Duration d) {
            this.primaryRetryAfter = Objects.requireNonNull(d);
            return this;
        }

        /** @param names which claims carry what (default the contract's; {@link ClaimNames#live()} for the live SSO) */
        public Builder claimNames(ClaimNames names) {
            this.claimNames = Objects.requireNonNull(names);
            return this;
        }

        /**
         * @param on also read userinfo after login, for platforms whose ID token lacks claims the
         *           portal needs (the live SSO keeps the national code in the profile); its {@code sub}
         *           must be the ID token's
         * @return this builder
         */
        public Builder useUserInfo(boolean on) {
            this.useUserInfo = on;
            return this;
        }

        /** @return the relying party */
        public NationalLogin build() {
            return new NationalLogin(this);
        }
    }

}
