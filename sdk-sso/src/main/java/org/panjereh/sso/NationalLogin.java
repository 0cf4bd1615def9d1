package org.panjereh.sso;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.shared.DpopProofs;
import org.panjereh.core.shared.HttpSupport;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.sso.internal.AuthorizationRequests;
import org.panjereh.sso.internal.CitizenClaims;
import org.panjereh.sso.internal.CodeExchange;
import org.panjereh.sso.internal.IdTokens;
import org.panjereh.sso.internal.Introspection;
import org.panjereh.sso.internal.IssuerRouting;
import org.panjereh.sso.internal.UserInfoClient;

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
 * <p>Each rule lives in one named class of {@code org.panjereh.sso.internal}: which issuer a login goes to
 * ({@code IssuerRouting}), the authorization request and PAR ({@code AuthorizationRequests}), the code exchange
 * ({@code CodeExchange}), the ID token's checks ({@code IdTokens}), userinfo ({@code UserInfoClient}) and the claims'
 * mapping ({@code CitizenClaims}); this class puts them in order.
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

    // Each concern in a class of its own (org.panjereh.sso.internal): this one only puts them in order.
    private final IssuerRouting issuers;
    private final AuthorizationRequests requests;
    private final CodeExchange codes;
    private final UserInfoClient userInfo;
    private final Introspection introspection;
    private final ClientID clientId;
    private final List<org.panjereh.core.EncryptionKey> decryptionKeys;
    private final Clock clock;
    private final Duration maxLoginAge;
    private final ClaimNames claimNames;
    private final boolean useUserInfo;

    private NationalLogin(Builder b) {
        OkHttpClient http = HttpSupport.instrumented(b.http);
        // One DPoP key for this relying party's logins (RFC 9449): the citizen's tokens are bound to it.
        DpopProofs dpop = b.dpop ? new DpopProofs() : null;
        this.issuers = new IssuerRouting(b.discovery, b.fallbackIssuers, b.fallbackDiscovery, b.primaryRetryAfter);
        this.requests = new AuthorizationRequests(b.credentials, b.redirectUri, http, b.clock, b.signedRequestObjects, dpop);
        this.codes = new CodeExchange(b.credentials, b.redirectUri, http, dpop);
        this.userInfo = new UserInfoClient(http, b.credentials.clientId(), b.credentials.encryptionKeys(), dpop);
        this.introspection = new Introspection(b.credentials, http);
        this.clientId = new ClientID(b.credentials.clientId());
        this.decryptionKeys = b.credentials.encryptionKeys();
        this.clock = b.clock;
        this.maxLoginAge = b.maxLoginAge;
        this.claimNames = b.claimNames;
        this.useUserInfo = b.useUserInfo;
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
                LoginRequest r = issuers.route(d -> requests.start(IssuerRouting.metadata(d), required, returnTo, forceLogin));
                Telemetry.count(LOGINS, "stage", "start", "outcome", "success", "reason", "none");
                return r;
            } catch (LoginException e) {
                span.fail(e.reason().name());
                Telemetry.count(LOGINS, "stage", "start", "outcome", "refused", "reason", e.reason().name());
                throw e;
            }
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

    /** The callback's checks (RFC 6749 state, RFC 9207 iss), then the code exchange and the tokens' checks. */
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
        PlatformDiscovery from = issuers.discoveryOf(pending.issuer());
        PlatformMetadata md = IssuerRouting.metadata(from);
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
        OIDCTokenResponse tokens = codes.tokens(md, code, pending);
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
        IDTokenClaimsSet claims = IdTokens.verify(idToken, decryptionKeys, pending.issuer(), clientId, from.jwkSource(),
                new Nonce(pending.nonce()), accessToken, clock);
        Map<String, Object> extra = useUserInfo ? userInfo.claims(from, md, accessToken, claims.getSubject().getValue())
                : Map.of();
        Citizen citizen = CitizenClaims.of(pending.issuer(), claims, extra, pending.requiredAcr(), claimNames);
        // The signed token, also when it came encrypted: it is the logout hint the platform can read (RP-Initiated
        // Logout 1.0 §2: the client decrypts an encrypted ID token before using it as a hint).
        JWT signed = idToken instanceof com.nimbusds.jwt.EncryptedJWT e ? e.getPayload().toSignedJWT() : idToken;
        return new LoginResult(citizen, signed.serialize(), accessToken.getValue(), claims.getExpirationTime().toInstant());
    }

    /**
     * The citizen an access token of the platform speaks for, read from userinfo (OIDC Core 5.3), for
     * JSON APIs whose callers (mobile apps) present the platform's access tokens. Verify the token first
     * (signature, issuer, expiry, client: MicroProfile JWT does, docs/sso-microprofile-jwt.md); this call
     * adds who the person is. Userinfo must name the same {@code sub}. A token bound to a DPoP key (its
     * {@code cnf}, RFC 9449) can be used at userinfo only by its holder: for it the agency asks the platform's
     * introspection endpoint (RFC 7662) instead, authenticated as itself.
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
        boolean bound = isBound(accessToken);
        if (md.userInfoEndpoint().isEmpty() && !bound) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "the platform offers no userinfo endpoint", null);
        }
        Map<String, Object> ui = bound ? introspection.claims(md, accessToken, subject)
                : userInfo.claims(issuers.primary(), md, new BearerAccessToken(accessToken), subject);
        LevelOfAssurance level;
        try {
            level = acr == null ? LevelOfAssurance.LOA1 : LevelOfAssurance.fromAcr(acr);
        } catch (IllegalArgumentException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "userinfo claims are malformed: "
                    + e.getClass().getSimpleName(), e);
        }
        return CitizenClaims.ofUserInfo(md.issuer(), subject, ui, level, claimNames);
    }

    /** Whether a (verified) access token names a DPoP key: then only its holder may present it to userinfo. */
    private static boolean isBound(String accessToken) {
        try {
            return com.nimbusds.jwt.JWTParser.parse(accessToken).getJWTClaimsSet().getClaim("cnf") != null;
        } catch (java.text.ParseException e) {
            return false;
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
        return IssuerRouting.metadata(issuers.primary());
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
        private boolean signedRequestObjects;
        private boolean dpop;

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

        /**
         * @param on sign every authorization request as a request object (RFC 9101), also where the platform's metadata
         *           does not require it ({@code require_signed_request_object}, which turns it on by itself)
         * @return this builder
         */
        public Builder signedRequestObjects(boolean on) {
            this.signedRequestObjects = on;
            return this;
        }

        /**
         * @param on bind the citizen's tokens to a DPoP key of this relying party (RFC 9449): {@code dpop_jkt} in the
         *           authorization request, proofs on the token request and on userinfo, the server's nonces honoured
         * @return this builder
         */
        public Builder dpop(boolean on) {
            this.dpop = on;
            return this;
        }

        /** @return the relying party */
        public NationalLogin build() {
            return new NationalLogin(this);
        }
    }

}
