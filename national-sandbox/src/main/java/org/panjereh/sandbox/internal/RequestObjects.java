package org.panjereh.sandbox.internal;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request objects (RFC 9101) at PAR: signed by a key the agency registered (ES256 or PS256), {@code iss} the client,
 * {@code aud} the issuer, {@code exp} required; in the FAPI 2.0 profile also {@code typ: oauth-authz-req+jwt},
 * {@code nbf} no later than now and {@code exp} at most 60 minutes after it. What the object says is the request;
 * nothing outside it counts.
 */
final class RequestObjects {

    private static final Duration FAPI_MAX_LIFETIME = Duration.ofMinutes(60);

    private RequestObjects() {
    }

    static AuthenticationRequest open(Sandbox sandbox, Agency agency, JWT requestObject) {
        if (!(requestObject instanceof SignedJWT signed)) {
            throw invalid("The request object must be signed");
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(sandbox.fapi2()
                ? new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("oauth-authz-req+jwt"))
                : new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("oauth-authz-req+jwt"), JOSEObjectType.JWT, null));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256), agency.keys));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(sandbox.issuer(),
                new JWTClaimsSet.Builder().issuer(agency.clientId()).build(),
                sandbox.fapi2() ? Set.of("exp", "nbf") : Set.of("exp")) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(sandbox.clock.instant());
            }
        });
        JWTClaimsSet claims;
        try {
            claims = p.process(signed, null);
        } catch (Exception e) {
            throw invalid("The request object was refused: " + e.getMessage());
        }
        if (sandbox.fapi2() && Duration.between(claims.getNotBeforeTime().toInstant(), claims.getExpirationTime().toInstant())
                .compareTo(FAPI_MAX_LIFETIME) > 0) {
            throw invalid("A request object's exp may be at most 60 minutes after its nbf (FAPI 2.0)");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        claims.getClaims().forEach((k, v) -> {
            if (!Set.of("iss", "aud", "exp", "nbf", "iat", "jti").contains(k)) {
                params.put(k, List.of(v instanceof Map<?, ?> m ? com.nimbusds.jose.util.JSONObjectUtils.toJSONString(cast(m))
                        : v instanceof List<?> l ? com.nimbusds.jose.util.JSONArrayUtils.toJSONString(l) : String.valueOf(v)));
            }
        });
        try {
            AuthenticationRequest inner = AuthenticationRequest.parse(params);
            if (!inner.getClientID().getValue().equals(agency.clientId())) {
                throw invalid("The request object's client_id is another client's");
            }
            return inner;
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw invalid("The request object's authorization request is malformed: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static OAuthProblem invalid(String why) {
        return new OAuthProblem(400, OAuth2Error.INVALID_REQUEST_OBJECT.setDescription(why));
    }
}
