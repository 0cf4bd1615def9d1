package org.panjereh.spring.boot;

import javax.sql.DataSource;
import org.panjereh.core.PlatformClient;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.Payments;
import org.panjereh.payment.Reconciler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Fees (contract §10), when {@code sdk-payment} is on the class path and the application has a {@link DataSource}
 * and the event publisher: the JDBC payment ledger on that database, the {@link Payments} client, and its
 * {@link Reconciler}, started and stopped with the context, so that a payment whose browser never came back is
 * verified before the platform's verify window closes and the bank reverses it. Each is replaced by a bean of the
 * application's own type; {@code panjereh.payments.reconcile=false} leaves the reconciler out (on a node that must
 * not run it).
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
        return Payments.builder(client, ledger).events(publisher).build();
    }

    /**
     * @param payments   the payments client
     * @param properties {@code panjereh.payments.reconcile-interval}
     * @return the reconciler, running from the context's start (it runs once at once) until its close
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "panjereh.payments", name = "reconcile", havingValue = "true", matchIfMissing = true)
    public Reconciler panjerehPaymentReconciler(Payments payments, PanjerehProperties properties) {
        Reconciler.Builder b = Reconciler.builder(payments);
        if (properties.getPayments().getReconcileInterval() != null) {
            b.interval(properties.getPayments().getReconcileInterval());
        }
        return b.build();
    }
}
