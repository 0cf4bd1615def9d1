package org.panjereh.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.panjereh.core.PanjerehMetrics;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.spring.boot.internal.HealthReport;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.inquiry.NationalExchange;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator health indicators and Micrometer metrics of the SDK, when the actuator (or Micrometer) is on the class
 * path. Health: {@code panjerehPlatform} (the platform's metadata can be read), {@code panjerehOutbox} (backlog and
 * the oldest undelivered record's age; {@code DEGRADED} past {@code panjereh.health.outbox-max-age}) and
 * {@code panjerehExchange} (each exchange service's circuit; {@code DEGRADED} while one is open). Metrics: every
 * {@code panjereh.*} meter of {@link PanjerehMetrics} in the application's registry.
 *
 * <p>{@code DEGRADED} is not {@code DOWN} on purpose: a slow platform or one provider's outage must not make a
 * load balancer take the portal out, since the outbox keeps what waits. Add it to
 * {@code management.endpoint.health.status.order} to rank it.
 */
@AutoConfiguration(after = {PanjerehEventsAutoConfiguration.class, PanjerehExchangeAutoConfiguration.class},
        afterName = {"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
public class PanjerehActuatorAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehActuatorAutoConfiguration() {
    }

    /** Micrometer: the SDK's meters in the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        PanjerehMeterBinder panjerehMeterBinder() {
            return new PanjerehMeterBinder();
        }
    }

    /** Binds {@link PanjerehMetrics} to each registry Spring Boot hands it, and unbinds when the context closes. */
    static final class PanjerehMeterBinder implements io.micrometer.core.instrument.binder.MeterBinder, DisposableBean {
        private final List<PanjerehMetrics> bound = new ArrayList<>();

        @Override
        public synchronized void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
            bound.add(PanjerehMetrics.bindTo(registry));
        }

        @Override
        public synchronized void destroy() {
            bound.forEach(PanjerehMetrics::close);
            bound.clear();
        }
    }

    /** Health on Spring Boot 3's actuator API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("panjereh")
    static class PlatformHealth {
        @Bean
        @ConditionalOnBean(PlatformDiscovery.class)
        @ConditionalOnMissingBean(name = "panjerehPlatformHealthIndicator")
        HealthIndicator panjerehPlatformHealthIndicator(PlatformDiscovery discovery) {
            return () -> Boot3.health(HealthReport.Platform.of(discovery));
        }
    }

    /** Health of the outbox (a class of its own: sdk-events may be absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ServiceEventPublisher.class})
    @ConditionalOnEnabledHealthIndicator("panjereh")
    static class OutboxHealth {
        @Bean
        @ConditionalOnBean(ServiceEventPublisher.class)
        @ConditionalOnMissingBean(name = "panjerehOutboxHealthIndicator")
        HealthIndicator panjerehOutboxHealthIndicator(ServiceEventPublisher publisher, PanjerehProperties properties) {
            return () -> Boot3.health(HealthReport.Outbox.of(publisher, properties.getHealth().getOutboxMaxAge()));
        }
    }

    /** Health of the exchange's circuits (a class of its own: sdk-inquiry may be absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, NationalExchange.class})
    @ConditionalOnEnabledHealthIndicator("panjereh")
    static class ExchangeHealth {
        @Bean
        @ConditionalOnBean(NationalExchange.class)
        @ConditionalOnMissingBean(name = "panjerehExchangeHealthIndicator")
        HealthIndicator panjerehExchangeHealthIndicator(NationalExchange exchange) {
            return () -> Boot3.health(HealthReport.Exchange.of(exchange));
        }
    }

    /**
     * Boot 3's health type, kept out of this class's own members: Spring introspects them, and on Boot 4 the type
     * does not exist.
     */
    static final class Boot3 {
        private Boot3() {
        }

        static Health health(HealthReport r) {
            return Health.status(r.status()).withDetails(r.details()).build();
        }
    }
}
