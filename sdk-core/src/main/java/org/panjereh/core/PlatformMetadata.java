package org.panjereh.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the platform publishes about itself (contract section 1): the OpenID Connect Discovery document
 * plus the national window's extra members, with a typed accessor for each.
 *
 * <p>Obtained from {@link PlatformDiscovery}, parsed with {@link #parse(String)}, or, for a platform
 * without a discovery document, assembled endpoint by endpoint with {@link #builder(URI, URI)}.
 * Accessors for the platform service endpoints ({@link #trackingEndpoint()} …) throw
 * {@link PanjerehConfigurationException} when the platform does not offer the service, so a missing
 * endpoint is reported where it is used, with its name.
 */
public final class PlatformMetadata {

    /** Discovery member: base URL of the tracking-id service. */
    public static final String TRACKING_ENDPOINT = "tracking_endpoint";
    /** Discovery member: base URL of the service-event intake. */
    public static final String SERVICE_EVENTS_ENDPOINT = "service_events_endpoint";
    /** Discovery member: base URL of the satisfaction survey service. */
    public static final String SURVEY_ENDPOINT = "survey_endpoint";
    /** Discovery member: base URL of the national information exchange. */
    public static final String EXCHANGE_ENDPOINT = "exchange_endpoint";
    /** Discovery member: base URL of the service registry. */
    public static final String SERVICE_REGISTRY_ENDPOINT = "service_registry_endpoint";
    /** Discovery member: base URL of the citizen message box. */
    public static final String MESSAGE_BOX_ENDPOINT = "message_box_endpoint";
    /** Discovery member: issuers to use only while this one is unavailable. */
    public static final String FALLBACK_ISSUERS = "fallback_issuers";
    /** Discovery member: base URL of the national payment service (section 10). */
    public static final String PAYMENT_ENDPOINT = "payment_endpoint";
    /** Discovery member: base URL of monthly performance reports (section 13). */
    public static final String REPORTS_ENDPOINT = "reports_endpoint";
    /** Discovery member: seconds within which a payment that succeeded at the bank must be verified (section 10). */
    public static final String VERIFY_WINDOW = "verify_window";
    /** The verification window when discovery does not say: 900 s, as Iranian bank gateways do. */
    public static final java.time.Duration DEFAULT_VERIFY_WINDOW = java.time.Duration.ofSeconds(900);
    /** Discovery member: the citizen's account page at the platform. */
    public static final String ACCOUNT_URL = "account_url";

    private final OIDCProviderMetadata oidc;

    private PlatformMetadata(OIDCProviderMetadata oidc) {
        this.oidc = oidc;
    }

    /**
     * Parses a discovery document.
     *
     * @param json the document
     * @return the metadata
     * @throws InvalidPlatformResponseException if it is not a valid discovery document
     */
    public static PlatformMetadata parse(String json) {
        try {
            return new PlatformMetadata(OIDCProviderMetadata.parse(json));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidPlatformResponseException("Invalid discovery document: " + e.getMessage(), 200, e);
        }
    }

    /**
     * Wraps metadata already parsed by Nimbus.
     *
     * @param oidc the Nimbus metadata
     * @return the metadata
     */
    public static PlatformMetadata of(OIDCProviderMetadata oidc) {
        return new PlatformMetadata(oidc);
    }

    /**
     * Starts metadata for a platform that publishes no discovery document: give each endpoint.
     *
     * @param issuer  the issuer identifier
     * @param jwksUri where the platform publishes its signing keys
     * @return a builder
     */
    public static Builder builder(URI issuer, URI jwksUri) {
        return new Builder(issuer, jwksUri);
    }

    /** The full Nimbus metadata, for anything not covered by an accessor here. */
    public OIDCProviderMetadata oidc() {
        return oidc;
    }

    /** The issuer identifier; ID tokens must carry exactly this {@code iss}. */
    public URI issuer() {
        return URI.create(oidc.getIssuer().getValue());
    }

    /** The authorization endpoint. */
    public URI authorizationEndpoint() {
        return required(oidc.getAuthorizationEndpointURI(), "authorization_endpoint");
    }

    /** The token endpoint. */
    public URI tokenEndpoint() {
        return required(oidc.getTokenEndpointURI(), "token_endpoint");
    }

    /** The JWKS URI with the platform's signing keys. */
    public URI jwksUri() {
        return required(oidc.getJWKSetURI(), "jwks_uri");
    }

    /** The userinfo endpoint, if offered. */
    public Optional<URI> userInfoEndpoint() {
        return Optional.ofNullable(oidc.getUserInfoEndpointURI());
    }

    /** The RP-initiated logout endpoint, if offered. */
    public Optional<URI> endSessionEndpoint() {
        return Optional.ofNullable(oidc.getEndSessionEndpointURI());
    }

    /** The PAR endpoint (RFC 9126); when present, logins push their request first. */
    public Optional<URI> pushedAuthorizationRequestEndpoint() {
        return Optional.ofNullable(oidc.getPushedAuthorizationRequestEndpointURI());
    }

    /** DPoP algorithms the platform accepts; empty means Bearer tokens (contract section 2.2). */
    public List<JWSAlgorithm> dpopSigningAlgorithms() {
        return oidc.getDPoPJWSAlgs() == null ? List.of() : List.copyOf(oidc.getDPoPJWSAlgs());
    }

    /** Whether machine tokens are DPoP-bound. */
    public boolean supportsDpop() {
        return !dpopSigningAlgorithms().isEmpty();
    }

    /** Client authentication methods the token endpoint accepts (default {@code client_secret_basic}). */
    public List<ClientAuthenticationMethod> tokenEndpointAuthMethods() {
        List<ClientAuthenticationMethod> m = oidc.getTokenEndpointAuthMethods();
        return m == null ? List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC) : List.copyOf(m);
    }

    /** Whether authorization responses carry {@code iss} (RFC 9207) that clients must check. */
    public boolean authorizationResponseIssParameterSupported() {
        return oidc.supportsAuthorizationResponseIssuerParam();
    }

    /** Whether the platform sends back-channel logout tokens. */
    public boolean backChannelLogoutSupported() {
        return oidc.supportsBackChannelLogout();
    }

    /** {@code acr} values the platform supports, as strings. */
    public List<String> acrValuesSupported() {
        return oidc.getACRs() == null ? List.of() : oidc.getACRs().stream().map(a -> a.getValue()).toList();
    }

    /** Base URL of the tracking-id service (section 4). */
    public URI trackingEndpoint() {
        return requiredCustom(TRACKING_ENDPOINT);
    }

    /** Base URL of the service-event intake (section 5). */
    public URI serviceEventsEndpoint() {
        return requiredCustom(SERVICE_EVENTS_ENDPOINT);
    }

    /** Base URL of the satisfaction survey service (section 6). */
    public URI surveyEndpoint() {
        return requiredCustom(SURVEY_ENDPOINT);
    }

    /** Base URL of the national information exchange (section 7). */
    public URI exchangeEndpoint() {
        return requiredCustom(EXCHANGE_ENDPOINT);
    }

    /** Base URL of the service registry (section 3). */
    public URI serviceRegistryEndpoint() {
        return requiredCustom(SERVICE_REGISTRY_ENDPOINT);
    }

    /** Base URL of the citizen message box (section 8). */
    public URI messageBoxEndpoint() {
        return requiredCustom(MESSAGE_BOX_ENDPOINT);
    }

    /** Base URL of the national payment service (section 10). */
    public URI paymentEndpoint() {
        return requiredCustom(PAYMENT_ENDPOINT);
    }

    /** Base URL of monthly performance reports (section 13). */
    public URI reportsEndpoint() {
        return requiredCustom(REPORTS_ENDPOINT);
    }

    /**
     * How long after a payment succeeds at the bank the agency has to verify it before it is reversed
     * (section 10's {@code verify_window}); {@link #DEFAULT_VERIFY_WINDOW} when discovery does not say.
     */
    public java.time.Duration verifyWindow() {
        Object v = oidc.getCustomParameter(VERIFY_WINDOW);
        if (v == null) {
            return DEFAULT_VERIFY_WINDOW;
        }
        try {
            long s = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().strip());
            if (s < 1) {
                throw new NumberFormatException();
            }
            return java.time.Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new InvalidPlatformResponseException("Discovery member " + VERIFY_WINDOW
                    + " is not a positive number of seconds", 200, e);
        }
    }

    /** The citizen's account page at the platform, for the «انتقال به پنجره ملی» link. */
    public Optional<URI> accountUrl() {
        return Optional.ofNullable(customUri(ACCOUNT_URL));
    }

    /** Alternative issuers, to be used only while this one is unavailable. */
    public List<URI> fallbackIssuers() {
        Object v = oidc.getCustomParameter(FALLBACK_ISSUERS);
        if (!(v instanceof Collection<?> c)) {
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        for (Object o : c) {
            if (o instanceof String s) {
                try {
                    out.add(URI.create(s));
                } catch (IllegalArgumentException e) {
                    // A malformed entry is skipped rather than failing discovery as a whole.
                }
            }
        }
        return List.copyOf(out);
    }

    /** The document as JSON. */
    public String toJson() {
        return oidc.toJSONObject().toJSONString();
    }

    private URI customUri(String name) {
        Object v = oidc.getCustomParameter(name);
        if (v == null) {
            return null;
        }
        try {
            return URI.create(v.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidPlatformResponseException("Discovery member " + name + " is not a URI", 200, e);
        }
    }

    private URI requiredCustom(String name) {
        return required(customUri(name), name);
    }

    private static URI required(URI uri, String name) {
        if (uri == null) {
            throw new PanjerehConfigurationException("The platform metadata has no " + name
                    + ": set it in the configuration or check the issuer URL");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "PlatformMetadata[issuer=" + oidc.getIssuer() + "]";
    }

    /** Assembles metadata endpoint by endpoint, for a platform without discovery (contract section 9). */
    public static final class Builder {
        private final OIDCProviderMetadata m;

        private Builder(URI issuer, URI jwksUri) {
            m = new OIDCProviderMetadata(new Issuer(java.util.Objects.requireNonNull(issuer, "issuer")),
                    List.of(SubjectType.PUBLIC), java.util.Objects.requireNonNull(jwksUri, "jwksUri"));
        }

        /** @param uri authorization endpoint */
        public Builder authorizationEndpoint(URI uri) {
            m.setAuthorizationEndpointURI(uri);
            return this;
        }

        /** @param uri token endpoint */
        public Builder tokenEndpoint(URI uri) {
            m.setTokenEndpointURI(uri);
            return this;
        }

        /** @param uri userinfo endpoint */
        public Builder userInfoEndpoint(URI uri) {
            m.setUserInfoEndpointURI(uri);
            return this;
        }

        /** @param uri end-session endpoint */
        public Builder endSessionEndpoint(URI uri) {
            m.setEndSessionEndpointURI(uri);
            return this;
        }

        /** @param uri PAR endpoint */
        public Builder pushedAuthorizationRequestEndpoint(URI uri) {
            m.setPushedAuthorizationRequestEndpointURI(uri);
            return this;
        }

        /** @param methods token endpoint client authentication methods */
        public Builder tokenEndpointAuthMethods(List<ClientAuthenticationMethod> methods) {
            m.setTokenEndpointAuthMethods(methods);
            return this;
        }

        /** @param algs DPoP algorithms; empty for Bearer */
        public Builder dpopSigningAlgorithms(List<JWSAlgorithm> algs) {
            m.setDPoPJWSAlgs(algs.isEmpty() ? null : algs);
            return this;
        }

        /** @param values the levels of assurance the platform offers ({@code acr_values_supported}) */
        public Builder acrValues(List<String> values) {
            m.setACRs(values.isEmpty() ? null : values.stream().map(com.nimbusds.openid.connect.sdk.claims.ACR::new).toList());
            return this;
        }

        /** @param supported whether the platform sends back-channel logout tokens */
        public Builder backChannelLogoutSupported(boolean supported) {
            m.setSupportsBackChannelLogout(supported);
            return this;
        }

        /**
         * Sets one of the national window's extra members, e.g. {@link PlatformMetadata#TRACKING_ENDPOINT}.
         *
         * @param name member name
         * @param uri  its URL
         * @return this builder
         */
        public Builder endpoint(String name, URI uri) {
            m.setCustomParameter(name, uri.toString());
            return this;
        }

        /**
         * @param window the payment verification window ({@link PlatformMetadata#VERIFY_WINDOW})
         * @return this builder
         */
        public Builder verifyWindow(java.time.Duration window) {
            m.setCustomParameter(VERIFY_WINDOW, window.toSeconds());
            return this;
        }

        /** @return the metadata */
        public PlatformMetadata build() {
            return new PlatformMetadata(m);
        }
    }
}
