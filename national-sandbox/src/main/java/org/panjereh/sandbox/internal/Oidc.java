package org.panjereh.sandbox.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.List;
import org.panjereh.core.PlatformMetadata;

/** The OpenID provider's discovery, keys and token endpoint (contract sections 1 and 2). */
final class Oidc {

    private final Sandbox sandbox;
    private final Login login;

    Oidc(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.login = new Login(sandbox);
    }

    void routes(Router r) {
        r.add("GET", "/.well-known/openid-configuration", "discovery", c -> {
            if (sandbox.liveLike()) {
                throw Problem.notFound("request.unknown_endpoint", "This platform publishes no discovery document");
            }
            discovery(c);
        });
        r.add("GET", sandbox.oidcPath("jwks"), "jwks", this::jwks);
        r.add("POST", sandbox.oidcPath("token"), "token", this::token);
        login.routes(r);
    }

    void close() {
        login.close();
    }

    private void discovery(Call call) {
        String i = sandbox.issuer();
        OIDCProviderMetadata m = new OIDCProviderMetadata(new Issuer(i), List.of(SubjectType.PAIRWISE), URI.create(i + "/jwks"));
        m.setAuthorizationEndpointURI(URI.create(i + "/authorize"));
        m.setTokenEndpointURI(URI.create(i + "/token"));
        m.setPushedAuthorizationRequestEndpointURI(URI.create(i + "/par"));
        m.setUserInfoEndpointURI(URI.create(i + "/userinfo"));
        m.setIntrospectionEndpointURI(URI.create(i + "/introspect"));
        m.setIntrospectionEndpointAuthMethods(List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT));
        m.setEndSessionEndpointURI(URI.create(i + "/logout"));
        m.setResponseTypes(List.of(ResponseType.CODE));
        m.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
        m.setScopes(new Scope("openid", "profile", "national_id", "phone", "services", "tracking", "events", "survey",
                "exchange", "message_box", "payment", "reports"));
        m.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT));
        m.setTokenEndpointJWSAlgs(List.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256));
        m.setIDTokenJWSAlgs(List.of(JWSAlgorithm.ES256));
        m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        m.setACRs(List.of(new ACR("urn:ir:gov:loa:1"), new ACR("urn:ir:gov:loa:2"), new ACR("urn:ir:gov:loa:3")));
        m.setClaims(List.of("sub", "national_code", "fida_code", "person_type", "legal_entity_id", "given_name",
                "family_name", "birthdate", "phone_number", "phone_number_verified", "acr", "amr", "auth_time", "sid"));
        m.setSupportsAuthorizationResponseIssuerParam(true);
        m.setSupportsBackChannelLogout(true);
        m.setSupportsBackChannelLogoutSession(true);
        if (sandbox.config.dpop()) {
            m.setDPoPJWSAlgs(List.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256));
        }
        // Request objects (RFC 9101) are accepted at PAR; encrypted ID tokens go to agencies that registered a key.
        m.setRequestObjectJWSAlgs(List.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256));
        m.setIDTokenJWEAlgs(List.of(com.nimbusds.jose.JWEAlgorithm.ECDH_ES_A256KW, com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256));
        m.setIDTokenJWEEncs(List.of(com.nimbusds.jose.EncryptionMethod.A256GCM));
        if (sandbox.fapi2()) {
            m.requiresPushedAuthorizationRequests(true);
            m.setRequiresSignedRequestObject(true);
            m.setUserInfoJWSAlgs(List.of(JWSAlgorithm.ES256));
            m.setUserInfoJWEAlgs(List.of(com.nimbusds.jose.JWEAlgorithm.ECDH_ES_A256KW, com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256));
            m.setUserInfoJWEEncs(List.of(com.nimbusds.jose.EncryptionMethod.A256GCM));
        }
        m.setCustomParameter(PlatformMetadata.TRACKING_ENDPOINT, i + "/tracking");
        m.setCustomParameter(PlatformMetadata.SERVICE_EVENTS_ENDPOINT, i + "/events");
        m.setCustomParameter(PlatformMetadata.SURVEY_ENDPOINT, i + "/survey");
        m.setCustomParameter(PlatformMetadata.EXCHANGE_ENDPOINT, i + "/exchange");
        m.setCustomParameter(PlatformMetadata.SERVICE_REGISTRY_ENDPOINT, i + "/registry");
        m.setCustomParameter(PlatformMetadata.MESSAGE_BOX_ENDPOINT, i + "/messages");
        m.setCustomParameter(PlatformMetadata.PAYMENT_ENDPOINT, i + "/payments");
        m.setCustomParameter(PlatformMetadata.REPORTS_ENDPOINT, i + "/reports");
        m.setCustomParameter(PlatformMetadata.VERIFY_WINDOW, sandbox.config.verifyWindow().toSeconds());
        m.setCustomParameter(PlatformMetadata.ACCOUNT_URL, i + "/account");
        m.setCustomParameter(PlatformMetadata.FALLBACK_ISSUERS, List.of());
        call.header("Cache-Control", "max-age=300");
        call.send(200, "application/json", m.toJSONObject().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void jwks(Call call) {
        call.header("Cache-Control", "max-age=300");
        call.send(200, "application/jwk-set+json", sandbox.keys.publicJwks().toString(true)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void token(Call call) throws Exception {
        TokenRequest tr = MachineAuth.parseTokenRequest(call, sandbox.url(sandbox.oidcPath("token")));
        if (MachineAuth.isClientCredentials(tr)) {
            sandbox.auth.clientCredentials(call, tr);
        } else if (tr.getAuthorizationGrant().getType().equals(GrantType.AUTHORIZATION_CODE)) {
            login.codeGrant(call, tr);
        } else {
            throw new OAuthProblem(400, OAuth2Error.UNSUPPORTED_GRANT_TYPE);
        }
    }
}
