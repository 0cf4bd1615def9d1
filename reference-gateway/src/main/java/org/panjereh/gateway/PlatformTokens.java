package org.panjereh.gateway;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.panjereh.sso.AccessTokenVerifier;
import org.panjereh.sso.LoginException;

/**
 * The JSON API's platform tokens, bearer or DPoP-bound ({@code Authorization: DPoP} with a {@code DPoP} proof),
 * checked by the SDK's {@link AccessTokenVerifier} instead of SmallRye JWT's own parser: the signature on Bouncy
 * Castle, once per token, then from the SDK's cache until it expires.
 * MicroProfile JWT still makes the {@link JsonWebToken} the resources read, and the per-request rules
 * (client, channel, level of assurance) stay in {@link Api}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class PlatformTokens implements JWTParser {

    @Inject
    Platform platform;

    @Inject
    io.quarkus.vertx.http.runtime.CurrentVertxRequest request;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return parse(token, null);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        AccessTokenVerifier.VerifiedToken t;
        try {
            io.vertx.ext.web.RoutingContext rc = request.getCurrent();
            String authz = rc == null ? null : rc.request().getHeader("Authorization");
            if (authz != null && authz.regionMatches(true, 0, "DPoP ", 0, 5)) {
                // A mobile app's DPoP-bound token (RFC 9449): only with a fresh proof of its key for this very request,
                // whose URL is the one the app addressed, the gateway's public base and the path.
                t = platform.accessTokens().verifyDpop(token, rc.request().getHeader("DPoP"), rc.request().method().name(),
                        java.net.URI.create(platform.base() + rc.request().path()));
            } else {
                t = platform.accessTokens().verify(token);
            }
        } catch (LoginException e) {
            // The reason, never the token: AuthRefusals logs the refusal once with its error id.
            throw new ParseException(e.getMessage(), e);
        }
        // The verifier hands back the same VerifiedToken while the token is cached (and checks its expiry on every
        // call before that), so the principal MicroProfile JWT needs is made once per token too, not per request.
        JsonWebToken known = principals.get(new Identity(t));
        if (known != null) {
            return known;
        }
        JsonWebToken made;
        try {
            made = new PlatformPrincipal(token, JwtClaims.parse(t.claims().toString()));
        } catch (InvalidJwtException e) {
            throw new ParseException("claims unreadable", e);
        }
        if (principals.size() >= MAX_PRINCIPALS) {
            principals.clear();
        }
        principals.put(new Identity(t), made);
        return made;
    }

    /**
     * SmallRye's principal, reading claim names outside MicroProfile's {@link Claims} list without an exception:
     * its own lookup goes through {@code Claims.valueOf}, which throws (and fills a stack trace) for every such name,
     * RFC 9068's {@code client_id} on every API call among them.
     */
    static final class PlatformPrincipal extends DefaultJWTCallerPrincipal {
        private static final java.util.Map<String, Claims> BY_NAME = java.util.Arrays.stream(Claims.values())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Claims::name, c -> c));

        PlatformPrincipal(String token, JwtClaims claims) {
            super(token, "JWT", claims);
        }

        @Override
        protected Claims getClaimType(String name) {
            return BY_NAME.getOrDefault(name, Claims.UNKNOWN);
        }
    }

    /** As many as the verifier keeps tokens by default; past that the map starts over. */
    private static final int MAX_PRINCIPALS = 10_000;

    private final java.util.Map<Identity, JsonWebToken> principals = new java.util.concurrent.ConcurrentHashMap<>();

    /** A verified token by identity: hashing its claims on every request would cost what the map saves. */
    private record Identity(AccessTokenVerifier.VerifiedToken token) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.token == token;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(token);
        }
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        throw unsupported();
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        throw unsupported();
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        throw unsupported();
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        throw unsupported();
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        throw unsupported();
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        throw unsupported();
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        throw unsupported();
    }

    private static ParseException unsupported() {
        return new ParseException("only platform access tokens are accepted here");
    }
}
