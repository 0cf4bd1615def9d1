package org.panjereh.sso.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.panjereh.core.EncryptionKey;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.shared.DpopProofs;
import org.panjereh.core.shared.FastJwsVerifiers;
import okhttp3.HttpUrl;
import org.panjereh.core.shared.HttpSupport;
import org.panjereh.sso.LoginException;

/**
 * Userinfo (OIDC Core 5.3), refused unless it is about the subject the caller already knows (5.3.4). A platform may
 * answer JSON, or a JWT ({@code application/jwt}, 5.3.2): signed by the issuer's keys and naming this client as
 * audience, and when the agency registered encryption keys, encrypted to one of them around the signature.
 */
public final class UserInfoClient {

    private final OkHttpClient http;
    private final String clientId;
    private final List<EncryptionKey> decryptionKeys;
    private final DpopProofs dpop;

    /**
     * @param http           the SDK's HTTP client
     * @param clientId       this client (the audience of a signed userinfo)
     * @param decryptionKeys the agency's encryption keys
     * @param dpop           the login's DPoP key, for DPoP-bound access tokens, or {@code null}
     */
    public UserInfoClient(OkHttpClient http, String clientId, List<EncryptionKey> decryptionKeys, DpopProofs dpop) {
        this.http = http;
        this.clientId = clientId;
        this.decryptionKeys = List.copyOf(decryptionKeys);
        this.dpop = dpop;
    }

    /**
     * @param from    the issuer's discovery (its keys verify a signed answer)
     * @param md      its metadata
     * @param token   the access token (never logged)
     * @param subject the subject it must be about
     * @return userinfo's claims, empty when the platform has no userinfo endpoint
     * @throws LoginException when unreachable, refused, unusable, forged or about someone else
     */
    public Map<String, Object> claims(PlatformDiscovery from, PlatformMetadata md, AccessToken token, String subject) {
        URI endpoint = md.userInfoEndpoint().orElse(null);
        if (endpoint == null) {
            return Map.of();
        }
        HttpUrl url = HttpUrl.get(endpoint);
        try (okhttp3.Response r = call(url, token, true)) {
            if (r.code() != 200) {
                throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "userinfo answered " + r.code(), null);
            }
            String body = new String(HttpSupport.readLimited(r.body(), r.code()), StandardCharsets.UTF_8);
            String type = r.header("Content-Type", "");
            Map<String, Object> m = type.startsWith("application/jwt") ? verified(from, md, body.strip())
                    : com.nimbusds.jose.util.JSONObjectUtils.parse(body);
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

    /** One request; a DPoP-bound token goes with a proof, and once more with the server's nonce when it asks (RFC 9449 §9). */
    private okhttp3.Response call(HttpUrl url, AccessToken token, boolean mayRetry) throws IOException {
        boolean bound = token instanceof com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
        if (bound && dpop == null) {
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED,
                    "the access token is DPoP-bound to a key this client does not hold", null);
        }
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url).header("Accept", "application/json, application/jwt")
                .header("Authorization", (bound ? "DPoP " : "Bearer ") + token.getValue());
        if (bound) {
            b.header("DPoP", dpop.proof("GET", url, token));
        }
        okhttp3.Response r = http.newCall(b.build()).execute();
        if (bound && mayRetry && dpop.resourceAskedForNonce(url, r.code(), r.header("WWW-Authenticate"), r.header("DPoP-Nonce"))) {
            r.close();
            return call(url, token, false);
        }
        return r;
    }

    private Map<String, Object> verified(PlatformDiscovery from, PlatformMetadata md, String jwt) throws java.text.ParseException {
        JWT parsed = JWTParser.parse(jwt);
        SignedJWT signed;
        if (parsed instanceof EncryptedJWT jwe) {
            signed = JweContent.decryptNested(jwe, decryptionKeys, "userinfo");
        } else if (parsed instanceof SignedJWT s) {
            signed = s;
        } else {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "userinfo is an unsigned JWT", null);
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier((type, ctx) -> { });
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(IdTokens.ALGORITHMS, from.jwkSource()));
        p.setJWSVerifierFactory(FastJwsVerifiers.INSTANCE);
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(clientId,
                new JWTClaimsSet.Builder().issuer(md.issuer().toString()).build(), Set.of("sub")));
        try {
            return p.process(signed, null).toJSONObject();
        } catch (BadJOSEException | JOSEException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "signed userinfo refused: " + e.getMessage(), e);
        }
    }
}
