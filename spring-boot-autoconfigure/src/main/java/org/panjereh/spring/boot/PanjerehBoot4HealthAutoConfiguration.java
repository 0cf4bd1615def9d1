package org.panjereh.spring.boot;

import org.panjereh.core.PlatformDiscovery;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.spring.boot.internal.HealthReport;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicators of {@link PanjerehActuatorAutoConfiguration} on Spring Boot 4, whose health API moved to
 * {@code org.springframework.boot.health}; the same reports, the same names ({@code panjerehPlatform},
 * {@code panjerehOutbox}, {@code panjerehExchange}), skipped on Boot 3.
 */
@AutoConfiguration(after = {PanjerehEventsAutoConfiguration.class, PanjerehExchangeAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class PanjerehBoot4HealthAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehBoot4HealthAutoConfiguration() {
    }

    /** Health of the platform. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("panjereh")
    static class PlatformHealth {
        @Bean
        @ConditionalOnBean(PlatformDiscovery.class)
        @ConditionalOnMissingBean(name = "panjerehPlatformHealthIndicator")
        HealthIndicator panjerehPlatformHealthIndicator(PlatformDiscovery discovery) {
            return () -> health(HealthReport.Platform.of(discovery));
        }
    }

    /** Health of the outbox (a class of its own: sdk-events may be absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ServiceEventPublisher.class)
    @ConditionalOnEnabledHealthIndicator("panjereh")
    static class OutboxHealth {
        @Bean
        @ConditionalOnBean(ServiceEventPublisher.class)
        @ConditionalOnMissingBean(name = "panjerehOutboxHealthIndicator")
        HealthIndicator panjerehOutboxHealthIndicator(ServiceEventPublisher publisher, PanjerehProperties properties) {
            return () -> health(HealthReport.Outbox.of(publisher, properties.getHealth().getOutboxMaxAge()));
        }
    }

    /** Health of the exchange's circuits (a class of its own: sdk-inquiry may be absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(NationalExchange.class)
    @ConditionalOnEnabledHealthIndicator("panjereh")
    static class ExchangeHealth {
        @Bean
        @ConditionalOnBean(NationalExchange.class)
        @ConditionalOnMissingBean(name = "panjerehExchangeHealthIndicator")
        HealthIndicator panjerehExchangeHealthIndicator(NationalExchange exchange) {
            return () -> health(HealthReport.Exchange.of(exchange));
        }
    }

    static Health health(HealthReport r) {
        return Health.status(r.status()).withDetails(r.details()).build();
    }
}
