package org.panjereh.sso;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** An OpenID provider on MockWebServer whose token endpoint answers whatever ID token a test forges. */
final class FakeProvider extends Dispatcher {

    final MockWebServer server;
    final ECKey key;
    final AtomicInteger jwksFetches = new AtomicInteger();
    volatile Function<RecordedRequest, MockResponse> token;
    /** The userinfo answer, when set. */
    volatile String userinfo;
    /** When set, discovery answers 503: the provider is "down". */
    volatile boolean down;
    static final String ACCESS_TOKEN = "access-token-1";

    FakeProvider(MockWebServer server) throws Exception {
        this.server = server;
        this.key = new ECKeyGenerator(Curve.P_256).keyID("op-1").generate();
        server.setDispatcher(this);
    }

    String issuer() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
        String p = r.getUrl().encodedPath();
        String i = issuer();
        if (p.equals("/.well-known/openid-configuration")) {
            if (down) {
                return json(503, "{}");
            }
            return json(200, "{\"issuer\":\"" + i + "\",\"authorization_endpoint\":\"" + i + "/authorize\","
                    + "\"token_endpoint\":\"" + i + "/token\",\"jwks_uri\":\"" + i + "/jwks\","
                    + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"pairwise\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"ES256\"],"
                    + "\"authorization_response_iss_parameter_supported\":true,"
                    + "\"end_session_endpoint\":\"" + i + "/logout\",\"account_url\":\"" + i + "/account\","
                    + "\"userinfo_endpoint\":\"" + i + "/userinfo\"}");
        }
        if (p.equals("/jwks")) {
            jwksFetches.incrementAndGet();
            return json(200, new JWKSet(key.toPublicJWK()).toString());
        }
        if (p.equals("/token")) {
            return token.apply(r);
        }
        if (p.equals("/userinfo") && userinfo != null) {
            return json(200, userinfo);
        }
        return json(404, "{}");
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** Claims of a valid ID token for this login; tests change them. */
    JWTClaimsSet.Builder claims(String nonce) throws Exception {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject("pairwise-sub-1").audience("agency-1010")
                .claim("azp", "agency-1010").expirationTime(new Date(now + 300_000)).issueTime(new Date(now))
                .claim("nonce", nonce).claim("acr", "urn:ir:gov:loa:2").claim("sid", "sid-1")
                .claim("auth_time", now / 1000).claim("national_code", "0499370899").claim("person_type", "natural")
                .claim("given_name", "مریم").claim("family_name", "احمدی").claim("birthdate", "1990-05-12")
                .claim("phone_number", "+989121234567").claim("phone_number_verified", true)
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(ACCESS_TOKEN), JWSAlgorithm.ES256, Curve.P_256)
                        .getValue());
    }

    String sign(JWTClaimsSet c, ECKey with, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), c);
        jwt.sign(new ECDSASigner(with));
        return jwt.serialize();
    }

    static MockResponse tokens(String idToken) {
        return json(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"id_token\":\"" + idToken + "\"}");
    }

}
