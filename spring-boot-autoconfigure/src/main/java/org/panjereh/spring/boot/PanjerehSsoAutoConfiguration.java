package org.panjereh.spring.boot;

import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformSettings;
import org.panjereh.sso.AccessTokenVerifier;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.SsoSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The national login's beans, when {@code sdk-sso} is on the class path: the relying party
 * ({@code panjereh.sso.redirect-uri} is required), the back-channel logout validator, and the verifier of the
 * platform access tokens that mobile apps present to JSON APIs.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class)
@ConditionalOnClass(NationalLogin.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnBean(PlatformDiscovery.class)
public class PanjerehSsoAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehSsoAutoConfiguration() {
    }

    /**
     * @param settings    the settings
     * @param discovery   the platform
     * @param credentials the agency
     * @return the relying party
     */
    @Bean
    @ConditionalOnMissingBean
    public NationalLogin panjerehNationalLogin(PlatformSettings settings, PlatformDiscovery discovery,
                                               AgencyCredentials credentials) {
        return SsoSettings.loginBuilder(settings, discovery, credentials).build();
    }

    /**
     * @param discovery   the platform
     * @param credentials the agency (the logout token's audience)
     * @return the logout-token validator
     */
    @Bean
    @ConditionalOnMissingBean
    public BackChannelLogout panjerehBackChannelLogout(PlatformDiscovery discovery, AgencyCredentials credentials) {
        return BackChannelLogout.builder(discovery, credentials).build();
    }

    /**
     * @param discovery the platform
     * @return the access-token verifier (each token verified once, then trusted until it expires)
     */
    @Bean
    @ConditionalOnMissingBean
    public AccessTokenVerifier panjerehAccessTokenVerifier(PlatformDiscovery discovery) {
        return AccessTokenVerifier.builder(discovery).build();
    }
}
