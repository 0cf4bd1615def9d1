package org.panjereh.core.shared;

import org.panjereh.core.ClientAssertionAudience;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import java.util.List;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.SigningKey;

/**
 * Chooses how the agency authenticates to the platform: {@code private_key_jwt} when the platform
 * offers it (or says nothing and there is no secret), {@code client_secret_basic} when only that is
 * offered and a secret is configured (contract section 9).
 */
public final class ClientAuth {

    private ClientAuth() {
    }

    /**
     * The client authentication for one request.
     *
     * @param md          platform metadata
     * @param credentials the agency
     * @param endpoint    the endpoint the request goes to: the assertion's audience only where the agency's
     *                    configuration asks for {@link ClientAssertionAudience#ENDPOINT}; the issuer otherwise
     * @return the authentication
     */
    public static ClientAuthentication forRequest(PlatformMetadata md, AgencyCredentials credentials, URI endpoint) {
        URI audience = credentials.clientAssertionAudience() == ClientAssertionAudience.ENDPOINT ? endpoint : md.issuer();
        List<ClientAuthenticationMethod> offered = md.oidc().getTokenEndpointAuthMethods();
        boolean jwt = offered == null ? credentials.clientSecret().isEmpty()
                : offered.contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        ClientID id = new ClientID(credentials.clientId());
        if (jwt) {
            try {
                SigningKey key = credentials.signingKey();
                // The claims Nimbus' PrivateKeyJWT(…) makes (iss = sub = client, aud, exp in 5 minutes, jti), signed by
                // the key's own signer (Es256 for P-256): Nimbus' JCA path, even on Bouncy Castle's provider, redid the
                // curve's tables at every signature.
                com.nimbusds.jwt.SignedJWT assertion = new com.nimbusds.jwt.SignedJWT(
                        new com.nimbusds.jose.JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).build(),
                        new com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet(id, new Audience(audience)).toJWTClaimsSet());
                assertion.sign(key.signer());
                return new PrivateKeyJWT(assertion);
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot sign the client assertion", e);
            }
        }
        boolean basic = offered == null || offered.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        if (basic && credentials.clientSecret().isPresent()) {
            return new ClientSecretBasic(id, new Secret(credentials.clientSecret().get().reveal()));
        }
        throw new PanjerehConfigurationException("The platform accepts " + offered + " at its token endpoint; configure"
                + (basic ? " a client secret" : " a supported client authentication method"));
    }
}
