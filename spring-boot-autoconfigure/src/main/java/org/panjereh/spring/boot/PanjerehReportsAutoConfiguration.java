package org.panjereh.spring.boot;

import javax.sql.DataSource;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.reports.JdbcReportSource;
import org.panjereh.reports.MonthlyReports;
import org.panjereh.reports.ReportLedger;
import org.panjereh.reports.ReportSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Monthly performance reports (contract §13), when {@code sdk-reports} is on the class path: the figures from the
 * application's {@link ReportSource} bean, or else counted from the SDK's own tables ({@link JdbcReportSource};
 * {@code panjereh.reports.from-sdk-tables=false} turns that default off); the owed-months ledger on the application's
 * {@link DataSource}, and {@link MonthlyReports} started and stopped with the context, so every finished month is
 * sent, oldest first, however long the platform was away. {@code panjereh.reports.enabled=false} turns it off;
 * {@code .interval} and {@code .first-month} tune it. Each bean is replaced by one of the application's own type.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class,
        afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnClass(MonthlyReports.class)
@ConditionalOnProperty(prefix = "panjereh.reports", name = "enabled", matchIfMissing = true)
public class PanjerehReportsAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehReportsAutoConfiguration() {
    }

    /**
     * The figures counted from the SDK's own tables (service history, payment ledger, survey archive, exchange
     * audits) on the application's database, when it declares no {@link ReportSource} of its own.
     *
     * @param dataSource the application's database
     * @param registry   the agency's service cards
     * @param client     the platform (its credentials name the agency)
     * @return the source
     */
    @Bean
    @ConditionalOnMissingBean(ReportSource.class)
    @ConditionalOnBean({DataSource.class, ServiceRegistry.class, PlatformClient.class})
    @ConditionalOnProperty(prefix = "panjereh.reports", name = "from-sdk-tables", matchIfMissing = true)
    public JdbcReportSource panjerehReportSource(DataSource dataSource, ServiceRegistry registry, PlatformClient client) {
        return JdbcReportSource.builder(dataSource, registry, client.credentials().agencyId()).build();
    }

    /**
     * @param dataSource the application's database
     * @return the ledger (table created if missing)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({DataSource.class, ReportSource.class})
    public ReportLedger panjerehReportLedger(DataSource dataSource) {
        return ReportLedger.jdbc(dataSource);
    }

    /**
     * @param client     the platform
     * @param source     the application's figures
     * @param ledger     owed and sent months
     * @param properties {@code panjereh.reports.*}
     * @return the sender, catching up from the context's start until its close
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean({PlatformClient.class, ReportSource.class, ReportLedger.class})
    public MonthlyReports panjerehMonthlyReports(PlatformClient client, ReportSource source, ReportLedger ledger,
                                                 PanjerehProperties properties) {
        PanjerehProperties.Reports r = properties.getReports();
        MonthlyReports.Builder b = MonthlyReports.builder(client, source, ledger).interval(r.getInterval());
        if (r.getFirstMonth() != null && !r.getFirstMonth().isBlank()) {
            try {
                b.firstMonth(JalaliMonth.parse(r.getFirstMonth()));
            } catch (IllegalArgumentException e) {
                throw new org.panjereh.core.PanjerehConfigurationException("panjereh.reports.first-month: " + e.getMessage(), e);
            }
        }
        return b.build();
    }
}
