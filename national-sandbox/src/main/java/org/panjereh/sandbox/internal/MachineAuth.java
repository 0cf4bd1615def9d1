package org.panjereh.sandbox.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.ExpendedJTIChecker;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InMemoryDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Machine-to-machine authentication (contract section 2.2): the token endpoint's client_credentials
 * grant with private_key_jwt (verified by Nimbus's {@link ClientAuthenticationVerifier}) and DPoP
 * proofs (Nimbus's DPoP verifiers), and the check of access tokens at every API endpoint.
 */
final class MachineAuth {

    static final Set<String> SCOPES = Set.of("services", "tracking", "events", "survey", "exchange", "message_box",
            "payment", "reports");
    private static final Set<JWSAlgorithm> DPOP_ALGS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);

    private final Sandbox sandbox;
    private final Clock clock;
    private final ClientAuthenticationVerifier<Void> clientVerifier;
    private final InMemoryDPoPSingleUseChecker dpopReplay = new InMemoryDPoPSingleUseChecker(120, 60);
    // Nimbus' checks, the signature on Bouncy Castle: every API call of a DPoP agency carries a proof.
    private final org.panjereh.core.shared.DpopProofVerifier dpopProofs =
            new org.panjereh.core.shared.DpopProofVerifier(DPOP_ALGS, 60, 120, dpopReplay);
    private final Map<String, Instant> expendedJtis = new ConcurrentHashMap<>();
    /** Tokens whose signature was already checked: the check is the costliest step of every API call. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile String nonce = UUID.randomUUID().toString();
    private volatile String previousNonce = nonce;

    /** What a verified access token says. */
    private record Verified(String clientId, Set<String> scopes, Instant expires, String jkt) {
    }

    MachineAuth(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.clock = sandbox.clock;
        // FAPI 2.0 §5.3.2.1: the issuer identifier as the only audience; elsewhere the token endpoint's URL too.
        Set<Audience> audiences = sandbox.fapi2() ? Set.of(new Audience(sandbox.issuer()))
                : Set.of(new Audience(sandbox.url(sandbox.oidcPath("token"))), new Audience(sandbox.issuer()));
        this.clientVerifier = new ClientAuthenticationVerifier<>(new Selector(), audiences,
                sandbox.fapi2() ? JWTAudienceCheck.STRICT : JWTAudienceCheck.LEGACY, new JtiChecker());
    }

    void close() {
        dpopReplay.shutdown();
    }

    /** Rotates the DPoP nonce, keeping the previous one valid. */
    void rotateNonce() {
        previousNonce = nonce;
        nonce = UUID.randomUUID().toString();
    }

    /** Verifies a client assertion and returns the agency it authenticates. */
    Agency authenticateClient(ClientAuthentication auth) {
        boolean allowed = sandbox.liveLike() ? auth instanceof com.nimbusds.oauth2.sdk.auth.ClientSecretBasic
                : auth instanceof PrivateKeyJWT;
        if (!allowed) {
            throw new OAuthProblem(401, OAuth2Error.INVALID_CLIENT.setDescription("Client authentication must be "
                    + (sandbox.liveLike() ? "client_secret_basic" : "private_key_jwt")));
        }
        try {
            if (auth instanceof PrivateKeyJWT pkj) {
                verifyAssertion(pkj);
            } else {
                clientVerifier.verify(auth, null, new Context<>());
            }
        } catch (InvalidClientException e) {
            throw new OAuthProblem(401, OAuth2Error.INVALID_CLIENT.setDescription(e.getMessage()));
        } catch (JOSEException e) {
            throw new OAuthProblem(401, OAuth2Error.INVALID_CLIENT.setDescription("Client assertion did not verify"));
        }
        Agency a = sandbox.agencies.byClientId(auth.getClientID().getValue());
        if (a == null) {
            throw new OAuthProblem(401, OAuth2Error.INVALID_CLIENT.setDescription("Unknown client"));
        }
        return a;
    }

    /**
     * What Nimbus' {@link ClientAuthenticationVerifier} checks of a {@code private_key_jwt} assertion (RFC 7523 §3:
     * signature by a registered key, {@code iss} = {@code sub} = the client, the expected audience, {@code exp},
     * a {@code jti} never seen before), with the signature on Bouncy Castle through the SDK's verifiers: the JDK's
     * ECDSA took a third of the sandbox's CPU in a load of logins (docs/BENCHMARKS.md).
     */
    private void verifyAssertion(PrivateKeyJWT pkj) throws InvalidClientException, JOSEException {
        SignedJWT jwt = pkj.getClientAssertion();
        ClientID id = pkj.getClientID();
        boolean signed = false;
        for (PublicKey key : new Selector().selectPublicKeys(id, ClientAuthenticationMethod.PRIVATE_KEY_JWT, jwt.getHeader(),
                false, null)) {
            if (jwt.verify(org.panjereh.core.shared.FastJwsVerifiers.INSTANCE.createJWSVerifier(jwt.getHeader(), key))) {
                signed = true;
                break;
            }
        }
        if (!signed) {
            throw InvalidClientException.BAD_JWT_SIGNATURE;
        }
        com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet c = pkj.getJWTAuthenticationClaimsSet();
        if (!id.getValue().equals(c.getIssuer().getValue()) || !id.getValue().equals(c.getSubject().getValue())) {
            throw new InvalidClientException("Bad JWT claims: iss and sub must be the client_id");
        }
        List<Audience> aud = c.getAudience();
        boolean audienceOk = clientVerifier.getJWTAudienceCheck() == JWTAudienceCheck.STRICT
                ? aud.size() == 1 && clientVerifier.getExpectedAudience().contains(aud.get(0))
                : aud.stream().anyMatch(clientVerifier.getExpectedAudience()::contains);
        if (!audienceOk) {
            throw new InvalidClientException("Bad JWT claims: the audience must be " + clientVerifier.getExpectedAudience());
        }
        // The assertion's times against the real clock, as Nimbus' verifier does: the agency signs with its own clock,
        // while tests move the sandbox's clock to expire the sandbox's tokens.
        Instant now = Instant.now();
        if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().plusSeconds(60).isAfter(now)) {
            throw new InvalidClientException("Bad JWT claims: expired or no exp");
        }
        if (c.getNotBeforeTime() != null && c.getNotBeforeTime().toInstant().minusSeconds(60).isAfter(now)) {
            throw new InvalidClientException("Bad JWT claims: not valid yet");
        }
        JtiChecker jtis = new JtiChecker();
        if (c.getJWTID() == null || jtis.isExpended(c.getJWTID(), id, ClientAuthenticationMethod.PRIVATE_KEY_JWT, null)) {
            throw new InvalidClientException("Bad JWT claims: the jti is missing or was used before");
        }
        jtis.markExpended(c.getJWTID(), c.getExpirationTime(), id, ClientAuthenticationMethod.PRIVATE_KEY_JWT, null);
    }

    /** POST /token with grant_type=client_credentials. */
    void clientCredentials(Call call, TokenRequest tr) throws JOSEException {
        Agency agency = authenticateClient(tr.getClientAuthentication());
        Scope asked = tr.getScope() == null ? new Scope(SCOPES.toArray(String[]::new)) : tr.getScope();
        for (String s : asked.toStringList()) {
            if (!SCOPES.contains(s)) {
                throw new OAuthProblem(400, OAuth2Error.INVALID_SCOPE.setDescription("Unknown scope " + s));
            }
        }
        JWKThumbprintConfirmation cnf = null;
        if (sandbox.config.dpop()) {
            cnf = verifyTokenRequestProof(call, agency);
        }
        Instant now = clock.instant();
        long lifetime = sandbox.config.accessTokenLifetime().toSeconds();
        JWTClaimsSet.Builder cb = new JWTClaimsSet.Builder()
                .issuer(sandbox.issuer())
                .subject(agency.clientId())
                .audience(sandbox.issuer())
                .claim("client_id", agency.clientId())
                .claim("agency_id", agency.id())
                .claim("scope", asked.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        if (cnf != null) {
            cb.claim("cnf", Map.of("jkt", cnf.getValue().toString()));
        }
        String jwt = sandbox.keys.sign(cb.build(), new JOSEObjectType("at+jwt"), false);
        AccessToken token = cnf != null ? new DPoPAccessToken(jwt, lifetime, asked) : new BearerAccessToken(jwt, lifetime, asked);
        sandbox.recorder.record("token", now, agency.id(), Map.of("grant", "client_credentials", "scope", asked.toString(),
                "dpop", cnf != null));
        call.header("Cache-Control", "no-store");
        call.send(200, "application/json", new AccessTokenResponse(new Tokens(token, null)).toJSONObject().toJSONString()
                .getBytes(StandardCharsets.UTF_8));
    }

    JWKThumbprintConfirmation verifyTokenRequestProof(Call call, Agency agency) {
        List<String> proofs = call.headerValues("DPoP");
        if (proofs.size() != 1) {
            throw new OAuthProblem(400, new ErrorObject("invalid_dpop_proof", "Exactly one DPoP proof is required", 400));
        }
        try {
            SignedJWT proof = SignedJWT.parse(proofs.get(0));
            return dpopProofs.verifyTokenRequest(URI.create(sandbox.url(sandbox.oidcPath("token"))),
                    new DPoPIssuer(new ClientID(agency.clientId())), proof, nonces());
        } catch (java.text.ParseException e) {
            throw new OAuthProblem(400, new ErrorObject("invalid_dpop_proof", "DPoP proof is not a JWT", 400));
        } catch (InvalidDPoPProofException e) {
            if (sandbox.config.dpopNonces() && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("nonce")) {
                throw new OAuthProblem(400, new ErrorObject("use_dpop_nonce", "Use the DPoP nonce", 400),
                        Map.of("DPoP-Nonce", nonce));
            }
            throw new OAuthProblem(400, new ErrorObject("invalid_dpop_proof", e.getMessage(), 400));
        }
    }

    /**
     * Checks the DPoP proof of a call with a DPoP-bound token (RFC 9449 §7): method, URL, the token's hash, the key its
     * {@code cnf.jkt} names, no replay, and the nonce when nonces are on.
     */
    void verifyResourceProof(Call call, String clientId, String token, String jkt) {
        List<String> proofs = call.headerValues("DPoP");
        if (proofs.size() != 1) {
            throw unauthorized("invalid_dpop_proof", "auth.dpop_missing", "Exactly one DPoP proof is required");
        }
        try {
            dpopProofs.verifyResourceRequest(call.method, URI.create(sandbox.url(call.path)), new DPoPIssuer(new ClientID(clientId)),
                    SignedJWT.parse(proofs.get(0)), new DPoPAccessToken(token),
                    new JWKThumbprintConfirmation(new com.nimbusds.jose.util.Base64URL(jkt)), nonces());
        } catch (InvalidDPoPProofException e) {
            if (sandbox.config.dpopNonces() && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("nonce")) {
                throw new Problem(401, "auth.use_dpop_nonce", "Use the DPoP nonce", Map.of(),
                        Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"", "DPoP-Nonce", nonce));
            }
            throw unauthorized("invalid_dpop_proof", "auth.dpop_invalid", "DPoP proof refused: " + e.getMessage());
        } catch (Exception e) {
            throw unauthorized("invalid_dpop_proof", "auth.dpop_invalid", "DPoP proof refused");
        }
    }

    private Set<Nonce> nonces() {
        return sandbox.config.dpopNonces() ? new HashSet<>(List.of(new Nonce(nonce), new Nonce(previousNonce))) : null;
    }

    /**
     * Checks the access token of an API call and the scope it needs; sets {@code call.agency}.
     */
    Agency authenticate(Call call, String scope) {
        String authz = call.header("Authorization");
        boolean dpop = sandbox.config.dpop();
        String scheme = dpop ? "DPoP " : "Bearer ";
        if (authz == null || !authz.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw unauthorized("invalid_token", "auth.token_missing", "Send Authorization: " + scheme.strip() + " <token>");
        }
        String value = authz.substring(scheme.length()).strip();
        Verified v = verified.get(value);
        if (v == null) {
            v = verify(value, dpop);
        }
        if (!clock.instant().isBefore(v.expires())) {
            verified.remove(value);
            throw unauthorized("invalid_token", "auth.token_expired", "The access token has expired");
        }
        Agency agency = sandbox.agencies.byClientId(v.clientId());
        if (agency == null) {
            throw unauthorized("invalid_token", "auth.token_invalid", "The client of this token is no longer registered");
        }
        if (dpop) {
            verifyResourceProof(call, agency.clientId(), value, v.jkt());
        }
        if (!v.scopes().contains(scope)) {
            throw new Problem(403, "auth.insufficient_scope", "This call needs the scope " + scope, Map.of(),
                    Map.of("WWW-Authenticate", scheme.strip() + " error=\"insufficient_scope\", scope=\"" + scope + "\""));
        }
        call.agency = agency;
        return agency;
    }

    /** Checks a token's signature, issuer, type and binding once; remembers the result until it expires. */
    private Verified verify(String value, boolean dpop) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(value);
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw unauthorized("invalid_token", "auth.token_invalid", "The access token is not a JWT");
        }
        if (!sandbox.keys.verify(jwt) || !sandbox.issuer().equals(claims.getIssuer())
                || !"at+jwt".equals(String.valueOf(jwt.getHeader().getType())) || claims.getClaim("token_use") != null) {
            throw unauthorized("invalid_token", "auth.token_invalid", "The access token was not issued by this platform");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !(claims.getClaim("client_id") instanceof String clientId)) {
            throw unauthorized("invalid_token", "auth.token_invalid", "The access token lacks exp or client_id");
        }
        String jkt = null;
        if (dpop) {
            if (!(claims.getClaim("cnf") instanceof Map<?, ?> cnf) || !(cnf.get("jkt") instanceof String j)) {
                throw unauthorized("invalid_token", "auth.token_invalid", "The token is not DPoP-bound");
            }
            jkt = j;
        }
        Verified v = new Verified(clientId, Set.of(String.valueOf(claims.getClaim("scope")).split(" ")), exp.toInstant(), jkt);
        if (verified.size() > 10_000) {
            Instant now = clock.instant();
            verified.values().removeIf(x -> !now.isBefore(x.expires()));
            if (verified.size() > 10_000) {
                verified.clear();
            }
        }
        verified.put(value, v);
        return v;
    }

    private Problem unauthorized(String error, String code, String detail) {
        String scheme = sandbox.config.dpop() ? "DPoP" : "Bearer";
        String challenge = scheme + " error=\"" + error + "\"" + (sandbox.config.dpop() ? ", algs=\"ES256 PS256\"" : "");
        return new Problem(401, code, detail, Map.of(), Map.of("WWW-Authenticate", challenge));
    }

    /** Parses a token request from a call, via Nimbus. */
    static TokenRequest parseTokenRequest(Call call, String tokenEndpoint) {
        try {
            HTTPRequest h = new HTTPRequest(HTTPRequest.Method.POST, URI.create(tokenEndpoint));
            String ct = call.header("Content-Type");
            if (ct == null) {
                throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription("Missing Content-Type"));
            }
            h.setContentType(ct);
            String authz = call.header("Authorization");
            if (authz != null) {
                h.setAuthorization(authz);
            }
            Call.decodeForm(new String(call.body(), StandardCharsets.UTF_8));
            h.setBody(new String(call.body(), StandardCharsets.UTF_8));
            return TokenRequest.parse(h);
        } catch (ParseException e) {
            ErrorObject eo = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
            throw new OAuthProblem(eo.getHTTPStatusCode() > 0 ? eo.getHTTPStatusCode() : 400, eo.setDescription(e.getMessage()));
        } catch (Problem p) {
            throw new OAuthProblem(p.status, OAuth2Error.INVALID_REQUEST.setDescription(p.getMessage()));
        }
    }

    static boolean isClientCredentials(TokenRequest tr) {
        return tr.getAuthorizationGrant() instanceof ClientCredentialsGrant;
    }

    /** Finds an agency's registered public keys for its client assertion. */
    private final class Selector implements ClientCredentialsSelector<Void> {
        @Override
        public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod m, Context<Void> c)
                throws InvalidClientException {
            Agency a = sandbox.agencies.byClientId(id.getValue());
            if (a == null) {
                throw InvalidClientException.BAD_ID;
            }
            if (a.registration.clientSecret() == null) {
                throw InvalidClientException.NOT_REGISTERED_FOR_AUTH_METHOD;
            }
            return List.of(new Secret(a.registration.clientSecret()));
        }

        @Override
        public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod m, JWSHeader header,
                                                          boolean forceRefresh, Context<Void> c)
                throws InvalidClientException {
            Agency a = sandbox.agencies.byClientId(id.getValue());
            if (a == null) {
                throw InvalidClientException.BAD_ID;
            }
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) && !JWSAlgorithm.PS256.equals(header.getAlgorithm())) {
                throw new InvalidClientException("Client assertions must be signed ES256 or PS256");
            }
            try {
                List<JWK> keys = a.keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
                List<PublicKey> out = new ArrayList<>();
                for (java.security.Key k : KeyConverter.toJavaKeys(keys)) {
                    if (k instanceof PublicKey pk) {
                        out.add(pk);
                    }
                }
                if (out.isEmpty()) {
                    throw InvalidClientException.NO_MATCHING_JWK;
                }
                return out;
            } catch (KeySourceException e) {
                throw new InvalidClientException("The client's JWKS could not be fetched");
            }
        }
    }

    /** Refuses a client assertion {@code jti} seen before within its lifetime. */
    private final class JtiChecker implements ExpendedJTIChecker<Void> {
        @Override
        public boolean isExpended(JWTID jti, ClientID id, ClientAuthenticationMethod m, Context<Void> c) {
            Instant until = expendedJtis.get(id.getValue() + ":" + jti.getValue());
            return until != null && clock.instant().isBefore(until);
        }

        @Override
        public void markExpended(JWTID jti, Date exp, ClientID id, ClientAuthenticationMethod m, Context<Void> c) {
            if (expendedJtis.size() > 100_000) {
                Instant now = clock.instant();
                expendedJtis.values().removeIf(i -> i.isBefore(now));
            }
            expendedJtis.put(id.getValue() + ":" + jti.getValue(),
                    exp == null ? clock.instant().plusSeconds(600) : exp.toInstant());
        }
    }

    static Set<String> scopeSet(String s) {
        return new HashSet<>(List.of(s.split(" ")));
    }
}
