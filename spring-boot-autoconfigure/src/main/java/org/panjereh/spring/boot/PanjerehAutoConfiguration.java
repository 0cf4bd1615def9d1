package org.panjereh.spring.boot;

import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformSettings;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.TrackingIds;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The platform beans every portal needs: its settings, the platform's discovery, the agency's credentials, the
 * machine-to-machine {@link PlatformClient}, the service registry and the tracking-id issuer. Each is made only
 * when the application has not declared its own; a missing or malformed {@code panjereh.*} key stops the start
 * with the key's name ({@code panjereh.enabled=false} turns the starter off).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "panjereh.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PanjerehProperties.class)
public class PanjerehAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehAutoConfiguration() {
    }

    /**
     * @param properties the bound {@code panjereh.*} keys
     * @return the settings the SDK reads
     */
    @Bean
    @ConditionalOnMissingBean
    public PlatformSettings panjerehPlatformSettings(PanjerehProperties properties) {
        return properties.toSettings();
    }

    /**
     * @param settings the settings
     * @return the platform's discovery (its refreshes stop with the context)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PlatformDiscovery panjerehDiscovery(PlatformSettings settings) {
        return settings.discovery();
    }

    /**
     * @param settings the settings
     * @return the agency's ids and signing key, read once from the key file
     */
    @Bean
    @ConditionalOnMissingBean
    public AgencyCredentials panjerehCredentials(PlatformSettings settings) {
        return settings.credentials();
    }

    /**
     * @param discovery   the platform
     * @param credentials the agency
     * @return the client of the platform's APIs
     */
    @Bean
    @ConditionalOnMissingBean
    public PlatformClient panjerehPlatformClient(PlatformDiscovery discovery, AgencyCredentials credentials) {
        return PlatformClient.builder(discovery, credentials).build();
    }

    /**
     * @param client the platform client
     * @return the agency's service cards, kept with their ETags between requests
     */
    @Bean
    @ConditionalOnMissingBean
    public ServiceRegistry panjerehServiceRegistry(PlatformClient client) {
        return ServiceRegistry.remote(client);
    }

    /**
     * @param client the platform client
     * @return the central tracking-id issuer's client
     */
    @Bean
    @ConditionalOnMissingBean
    public TrackingIds panjerehTrackingIds(PlatformClient client) {
        return TrackingIds.builder(client).build();
    }
}
