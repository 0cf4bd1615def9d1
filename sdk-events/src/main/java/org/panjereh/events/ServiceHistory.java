package org.panjereh.events;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.events.internal.JdbcServiceHistory;

/**
 * What the monthly report counts (contract §13), kept after the outbox has delivered and forgotten an event: each
 * service event's type, service, channel, tracking id and time, and each application form a logged-in person opened.
 * Nothing about a person, no content, the same as what events already carry. The publisher writes the history
 * before the outbox ({@link ServiceEventPublisher.Builder#history(ServiceHistory)}), so a delivered event is always
 * in it; an event whose publish failed may be in it too, and is counted once when it is published again with the
 * same id (records are idempotent by event id).
 *
 * <pre>{@code
 * ServiceHistory history = ServiceHistory.jdbc(dataSource);
 * ServiceEventPublisher events = ServiceEventPublisher.builder(platform, outbox).history(history).build();
 * history.formOpened(serviceId, Channel.WEB, clock.instant());   // when a logged-in person opens the form
 * MonthlyReports reports = MonthlyReports.builder(platform, JdbcReportSource.builder(dataSource, registry, "1010").build(), ledger).build();
 * }</pre>
 */
public interface ServiceHistory {

    /**
     * Records events; an event id already recorded is left as it is.
     *
     * @param events the events, as published
     * @throws OutboxException when they could not be stored (retryable)
     */
    void record(List<ServiceEvent> events);

    /**
     * Records that a logged-in person opened a service's application form: what {@code startedOnline} counts.
     *
     * @param service the service
     * @param channel web or mobile
     * @param at      when
     * @throws OutboxException when it could not be stored (retryable)
     */
    void formOpened(ServiceId service, Channel channel, Instant at);

    /**
     * Tables {@code panjereh_service_history} and {@code panjereh_forms_opened} on H2 or PostgreSQL, created if missing.
     *
     * @param dataSource the database
     * @return the history
     */
    static ServiceHistory jdbc(DataSource dataSource) {
        return new JdbcServiceHistory(dataSource);
    }
}
