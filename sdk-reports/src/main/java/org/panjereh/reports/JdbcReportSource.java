package org.panjereh.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.reports.internal.SdkTableFigures;

/**
 * A month's figures counted from the SDK's own tables, for a portal that keeps no request store of its own: the
 * service history ({@code ServiceHistory.jdbc}: events and forms opened), the payment ledger
 * ({@code PaymentLedger.jdbc}), the survey archive ({@code SurveyArchive.jdbc}) and the exchange audits
 * ({@code AuditSink.jdbc} as consumer, {@code ProviderAudit.jdbc} as provider), all on one database. A table the
 * portal does not use counts nothing. One figure per service of the agency's cards in the registry, with the card's
 * expected duration for {@code deliveredWithinExpected}; months in Tehran time.
 *
 * <pre>{@code
 * ReportSource figures = JdbcReportSource.builder(dataSource, ServiceRegistry.remote(platform), "1010")
 *         .portal(month -> visits.month(month))          // optional: the portal's visitors
 *         .build();
 * MonthlyReports reports = MonthlyReports.builder(platform, figures, ReportLedger.jdbc(dataSource)).build();
 * }</pre>
 */
public final class JdbcReportSource implements ReportSource {

    private final SdkTableFigures figures;
    private final ServiceRegistry registry;
    private final String agencyId;
    private final Function<JalaliMonth, MonthlyReport.PortalFigures> portal;

    private JdbcReportSource(Builder b) {
        this.figures = new SdkTableFigures(b.dataSource);
        this.registry = b.registry;
        this.agencyId = b.agencyId;
        this.portal = b.portal;
    }

    /**
     * @param dataSource the database holding the SDK's tables
     * @param registry   the agency's service cards
     * @param agencyId   the agency, 1-11 digits
     * @return a builder
     */
    public static Builder builder(DataSource dataSource, ServiceRegistry registry, String agencyId) {
        return new Builder(dataSource, registry, agencyId);
    }

    @Override
    public MonthlyReport compute(JalaliMonth month, Instant generatedAt) {
        SdkTableFigures.Tables tables = figures.tables();
        List<MonthlyReport.ServiceFigures> services = new ArrayList<>();
        for (ServiceCard card : registry.cards(agencyId)) {
            services.add(figures.service(tables, card.serviceId(), card.expectedDurationDays(), month.start(), month.end()));
        }
        return new MonthlyReport(agencyId, month, generatedAt, services, portal.apply(month),
                figures.exchange(tables, month.start(), month.end()));
    }

    /** Builds a {@link JdbcReportSource}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final ServiceRegistry registry;
        private final String agencyId;
        private Function<JalaliMonth, MonthlyReport.PortalFigures> portal = m -> null;

        private Builder(DataSource dataSource, ServiceRegistry registry, String agencyId) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.registry = Objects.requireNonNull(registry, "registry");
            if (agencyId == null || !agencyId.matches("[0-9]{1,11}")) {
                throw new PanjerehConfigurationException("agencyId is 1-11 ASCII digits");
            }
            this.agencyId = agencyId;
        }

        /**
         * @param portal the month's visitors, or {@code null} when not counted (default: not counted)
         * @return this builder
         */
        public Builder portal(Function<JalaliMonth, MonthlyReport.PortalFigures> portal) {
            this.portal = Objects.requireNonNull(portal, "portal");
            return this;
        }

        /** @return the source */
        public JdbcReportSource build() {
            return new JdbcReportSource(this);
        }
    }
}
