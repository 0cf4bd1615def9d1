package org.panjereh.spring.boot;

import javax.sql.DataSource;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.events.ServiceHistory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Service events and message-box notices, when {@code sdk-events} is on the class path and the application has a
 * {@link DataSource}: the JDBC outbox on that database (its tables created if missing), and the publisher whose
 * delivery thread starts with the context and stops when it closes; what waits stays in the outbox for the
 * next start.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class,
        afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnClass(ServiceEventPublisher.class)
@ConditionalOnBean({DataSource.class, PlatformClient.class})
public class PanjerehEventsAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehEventsAutoConfiguration() {
    }

    /**
     * @param dataSource the application's database
     * @param properties {@code panjereh.events.node-id}
     * @return the outbox
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Outbox panjerehOutbox(DataSource dataSource, PanjerehProperties properties) {
        return Outbox.jdbc(dataSource, nodeId(properties.getEvents().getNodeId()));
    }

    /**
     * @param dataSource the application's database
     * @return each published event's type, service, channel and time, kept for the monthly report after the outbox
     *         has delivered it
     */
    @Bean
    @ConditionalOnMissingBean
    public ServiceHistory panjerehServiceHistory(DataSource dataSource) {
        return ServiceHistory.jdbc(dataSource);
    }

    /**
     * @param client     the platform
     * @param registry   the service cards (event order is checked against them)
     * @param outbox     the outbox
     * @param history    where published events are kept for the monthly report
     * @param properties {@code panjereh.events.*}
     * @return the publisher, delivering
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ServiceEventPublisher panjerehEventPublisher(PlatformClient client, ServiceRegistry registry, Outbox outbox,
                                                       ServiceHistory history, PanjerehProperties properties) {
        PanjerehProperties.Events e = properties.getEvents();
        ServiceEventPublisher.Builder b = ServiceEventPublisher.builder(client, outbox).registry(registry)
                .history(history).deliver(e.isDeliver());
        if (e.getDeadLetterFile() != null) {
            b.deadLetters(DeadLetterStore.jsonLines(e.getDeadLetterFile()));
        }
        if (isPresent("org.panjereh.survey.SurveyResponseCourier")) {
            // Survey answers wait in the same outbox; their courier forwards them to the platform.
            b.courier(new org.panjereh.survey.SurveyResponseCourier());
        }
        return b.build();
    }

    private static boolean isPresent(String type) {
        return org.springframework.util.ClassUtils.isPresent(type, PanjerehEventsAutoConfiguration.class.getClassLoader());
    }

    /** The host name when none is configured: stable across restarts of one node, distinct between nodes. */
    static String nodeId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName();
            return host.length() > 64 ? host.substring(0, 64) : host;
        } catch (java.net.UnknownHostException ex) {
            return "portal";
        }
    }
}
