package org.panjereh.sso;

import java.net.URI;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformSettings;

/**
 * Builds a {@link NationalLogin} from configuration ({@link PlatformSettings} plus the {@code panjereh.sso.*}
 * keys), so that the same portal reaches the sandbox in either profile or the live national SSO with only
 * configuration changed. Keys and defaults: {@code docs/live-platform.md}.
 *
 * <pre>{@code
 * PlatformSettings settings = PlatformSettings.fromEnvironment();
 * NationalLogin sso = SsoSettings.loginBuilder(settings).build();
 * }</pre>
 */
public final class SsoSettings {

    /** The portal's registered callback URL (required). */
    public static final String REDIRECT_URI = "panjereh.sso.redirect-uri";
    /** Also read userinfo after login, checking its {@code sub} (default false). */
    public static final String USERINFO = "panjereh.sso.userinfo";
    /** Longest time between the start of a login and its callback (ISO-8601, default PT10M). */
    public static final String MAX_LOGIN_AGE = "panjereh.sso.max-login-age";
    /** Sign authorization requests as request objects even where the platform does not require it (default false). */
    public static final String SIGNED_REQUEST_OBJECT = "panjereh.sso.signed-request-object";
    /** Bind the citizen's tokens to a DPoP key (RFC 9449; default false). */
    public static final String DPOP = "panjereh.sso.dpop";
    /** Prefix of the claim-name keys, e.g. {@code panjereh.sso.claims.national-code=nationalCode}. */
    public static final String CLAIMS_PREFIX = "panjereh.sso.claims.";

    private SsoSettings() {
    }

    /**
     * A login builder with the platform, credentials, callback, claim names and userinfo use taken from
     * configuration; callers may set anything else (clock, HTTP client, fallback issuers) before building.
     *
     * @param settings the configuration
     * @return the builder
     * @throws PanjerehConfigurationException naming the first missing or malformed key
     */
    public static NationalLogin.Builder loginBuilder(PlatformSettings settings) {
        return loginBuilder(settings, settings.discovery(), settings.credentials());
    }

    /**
     * As {@link #loginBuilder(PlatformSettings)}, sharing the discovery and credentials the application
     * already holds (each read once: the credentials come from key and secret files).
     *
     * @param settings    the configuration
     * @param discovery   the platform's discovery
     * @param credentials the agency's credentials
     * @return the builder
     */
    public static NationalLogin.Builder loginBuilder(PlatformSettings settings, PlatformDiscovery discovery,
                                                     AgencyCredentials credentials) {
        URI redirect = settings.uri(REDIRECT_URI).orElseThrow(() -> new PanjerehConfigurationException(REDIRECT_URI + " is not set"));
        NationalLogin.Builder b = NationalLogin.builder(discovery, credentials, redirect)
                .claimNames(claimNames(settings)).useUserInfo(settings.flag(USERINFO, false))
                .signedRequestObjects(settings.flag(SIGNED_REQUEST_OBJECT, false)).dpop(settings.flag(DPOP, false));
        settings.duration(MAX_LOGIN_AGE).ifPresent(b::maxLoginAge);
        return b;
    }

    /**
     * @param settings the configuration
     * @return the contract's claim names, each replaced by its {@code panjereh.sso.claims.*} key when set
     */
    public static ClaimNames claimNames(PlatformSettings settings) {
        ClaimNames c = ClaimNames.contract();
        return new ClaimNames(
                settings.value(CLAIMS_PREFIX + "national-code").orElse(c.nationalCode()),
                settings.value(CLAIMS_PREFIX + "fida-code").orElse(c.fidaCode()),
                settings.value(CLAIMS_PREFIX + "person-type").orElse(c.personType()),
                settings.value(CLAIMS_PREFIX + "legal-entity-id").orElse(c.legalEntityId()),
                settings.value(CLAIMS_PREFIX + "given-name").orElse(c.givenName()),
                settings.value(CLAIMS_PREFIX + "family-name").orElse(c.familyName()),
                settings.value(CLAIMS_PREFIX + "birthdate").orElse(c.birthdate()),
                settings.value(CLAIMS_PREFIX + "phone-number").orElse(c.phoneNumber()));
    }
}
