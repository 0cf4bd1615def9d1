package org.panjereh.core;

/**
 * The {@code aud} of the agency's {@code private_key_jwt} client assertions.
 *
 * <p>{@link #ISSUER} by default, as FAPI 2.0 requires since the "audience injection" weakness was published: an
 * assertion whose audience is one endpoint's URL can be replayed by that endpoint's operator at another of the
 * platform's endpoints, while the issuer identifier binds it to the platform as a whole and every endpoint checks
 * it. {@link #ENDPOINT} keeps the older RFC 7523 practice (the token endpoint's URL at the token endpoint) for a
 * platform that accepts only that ({@code panjereh.agency.client-assertion-audience=endpoint}).
 */
public enum ClientAssertionAudience {
    /** The platform's issuer identifier (FAPI 2.0; the default). */
    ISSUER,
    /** The URL of the endpoint the assertion is sent to (RFC 7523 §3 as first practised). */
    ENDPOINT
}
