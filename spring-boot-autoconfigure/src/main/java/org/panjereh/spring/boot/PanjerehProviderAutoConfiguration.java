package org.panjereh.spring.boot;

import java.util.List;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.inquiry.ExchangeProvider;
import org.panjereh.inquiry.ExchangeProviderServlet;
import org.panjereh.inquiry.ProvidedService;
import org.panjereh.inquiry.ProviderAudit;
import org.panjereh.inquiry.ReplayCache;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * The provider side of the exchange (contract §12), when the application declares {@link ProvidedService} beans:
 * the shared replay cache and the provider audit on its {@link DataSource}, an {@link ExchangeProvider} serving every
 * such bean under {@code panjereh.exchange.provider.endpoint}, its descriptors published when the context starts,
 * and, in a servlet application, {@link ExchangeProviderServlet} mapped at {@code panjereh.exchange.provider.path}
 * ({@code /exchange/*}). A provided service declared as a bean is thus served and published with no further wiring.
 * Each bean is replaced by one of the application's own type.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class,
        afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnClass(ExchangeProvider.class)
@ConditionalOnBean({PlatformClient.class, ProvidedService.class, DataSource.class})
public class PanjerehProviderAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehProviderAutoConfiguration() {
    }

    /**
     * @param dataSource the application's database, shared by every node
     * @return the replay cache
     */
    @Bean
    @ConditionalOnMissingBean
    public ReplayCache panjerehReplayCache(DataSource dataSource) {
        return ReplayCache.jdbc(dataSource);
    }

    /**
     * @param dataSource the application's database
     * @return the traffic audit
     */
    @Bean
    @ConditionalOnMissingBean
    public ProviderAudit panjerehProviderAudit(DataSource dataSource) {
        return ProviderAudit.jdbc(dataSource);
    }

    /**
     * @param client     the platform
     * @param replays    the replay cache
     * @param audit      the audit
     * @param services   the application's provided services
     * @param properties {@code panjereh.exchange.provider.endpoint}
     * @return the provider
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ExchangeProvider panjerehExchangeProvider(PlatformClient client, ReplayCache replays, ProviderAudit audit,
                                                     List<ProvidedService> services, PanjerehProperties properties) {
        if (properties.getExchange().getProvider().getEndpoint() == null) {
            throw new PanjerehConfigurationException("panjereh.exchange.provider.endpoint is not set: the public URL the "
                    + "provided services are served under");
        }
        ExchangeProvider.Builder b = ExchangeProvider.builder(client, replays, audit)
                .endpoint(properties.getExchange().getProvider().getEndpoint());
        services.forEach(b::service);
        return b.build();
    }

    /**
     * @param provider   the provider
     * @param properties {@code panjereh.exchange.provider.publish-on-start}
     * @return publishes every descriptor once the context has started
     */
    @Bean
    public SmartLifecycle panjerehProviderPublication(ExchangeProvider provider, PanjerehProperties properties) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (properties.getExchange().getProvider().isPublishOnStart()) {
                    provider.publish();
                }
                running = true;
            }

            @Override
            public void stop() {
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    /** The servlet, in a servlet application. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.boot.web.servlet.ServletRegistrationBean")
    static class Servlet {

        /**
         * @param provider   the provider
         * @param properties {@code panjereh.exchange.provider.path}
         * @return the servlet's registration
         */
        @Bean
        @ConditionalOnMissingBean(name = "panjerehExchangeProviderServlet")
        org.springframework.boot.web.servlet.ServletRegistrationBean<ExchangeProviderServlet> panjerehExchangeProviderServlet(
                ExchangeProvider provider, PanjerehProperties properties) {
            return new org.springframework.boot.web.servlet.ServletRegistrationBean<>(new ExchangeProviderServlet(provider),
                    properties.getExchange().getProvider().getPath());
        }
    }
}
