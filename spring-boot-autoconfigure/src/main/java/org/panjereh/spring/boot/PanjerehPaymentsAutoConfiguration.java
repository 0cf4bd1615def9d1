package org.panjereh.spring.boot;

import javax.sql.DataSource;
import org.panjereh.core.PlatformClient;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.Payments;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Fees (contract §10), when {@code sdk-payment} is on the class path and the application has a {@link DataSource}
 * and the event publisher: the JDBC payment ledger on that database and the {@link Payments} client.
 */
@AutoConfiguration(after = PanjerehEventsAutoConfiguration.class)
@ConditionalOnClass(Payments.class)
@ConditionalOnBean({DataSource.class, ServiceEventPublisher.class})
public class PanjerehPaymentsAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehPaymentsAutoConfiguration() {
    }

    /**
     * @param dataSource the application's database
     * @return the ledger (tables created if missing)
     */
    @Bean
    @ConditionalOnMissingBean
    public PaymentLedger panjerehPaymentLedger(DataSource dataSource) {
        return PaymentLedger.jdbc(dataSource);
    }

    /**
     * @param client    the platform
     * @param ledger    the ledger
     * @param publisher the event publisher (payment events go through the outbox)
     * @return the payments client
     */
    @Bean
    @ConditionalOnMissingBean
    public Payments panjerehPayments(PlatformClient client, PaymentLedger ledger, ServiceEventPublisher publisher) {
        return Payments.builder().platform(client).ledger(ledger).events(publisher).build();
    }
}
