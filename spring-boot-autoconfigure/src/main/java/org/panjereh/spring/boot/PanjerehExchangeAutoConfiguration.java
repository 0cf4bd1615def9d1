package org.panjereh.spring.boot;

import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.inquiry.AuditSink;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.UserRefKey;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Inquiries through the national information exchange, when {@code sdk-inquiry} is on the class path:
 * {@code panjereh.exchange.user-ref-key-file} is required (the {@code X-User-Ref} key must survive restarts), and
 * {@code panjereh.exchange.enabled=false} leaves the exchange out of a portal that makes no inquiries.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class)
@ConditionalOnClass(NationalExchange.class)
@ConditionalOnBean(PlatformClient.class)
@ConditionalOnBooleanProperty(name = "panjereh.exchange.enabled", matchIfMissing = true)
public class PanjerehExchangeAutoConfiguration {

    /** The key naming the X-User-Ref key's file. */
    public static final String USER_REF_KEY_FILE = "panjereh.exchange.user-ref-key-file";

    /** Creates the configuration. */
    public PanjerehExchangeAutoConfiguration() {
    }

    /**
     * @param client     the platform
     * @param properties {@code panjereh.exchange.*}
     * @param dataSource the application's database, if it has one: the audit goes there unless a file is named
     * @return the exchange client: verified, audited, with a circuit per provider
     */
    @Bean
    @ConditionalOnMissingBean
    public NationalExchange panjerehNationalExchange(PlatformClient client, PanjerehProperties properties,
                                                     org.springframework.beans.factory.ObjectProvider<javax.sql.DataSource> dataSource) {
        PanjerehProperties.Exchange e = properties.getExchange();
        if (e.getUserRefKeyFile() == null) {
            throw new PanjerehConfigurationException(USER_REF_KEY_FILE
                    + " is not set (or set panjereh.exchange.enabled=false in a portal that makes no inquiries)");
        }
        return NationalExchange.builder(client, UserRefKey.fromFile(e.getUserRefKeyFile()))
                .audit(audit(e, dataSource.getIfUnique())).build();
    }

    /** A file when one is named; else the application's database (what the monthly report counts); else the log. */
    private static AuditSink audit(PanjerehProperties.Exchange e, javax.sql.DataSource dataSource) {
        if (e.getAuditFile() != null) {
            return AuditSink.jsonLines(e.getAuditFile());
        }
        return dataSource != null ? AuditSink.jdbc(dataSource) : AuditSink.logger();
    }
}
