package org.panjereh.events.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.shared.Jdbc;
import org.panjereh.events.OutboxException;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceHistory;

/**
 * {@link ServiceHistory} in two tables. Times are epoch milliseconds, as in the SDK's other tables, so that the
 * report's durations are integer differences on both databases. The table layout is read by sdk-reports'
 * {@code JdbcReportSource}: change both together.
 */
public final class JdbcServiceHistory implements ServiceHistory {

    private final DataSource ds;

    /** @param ds H2 or PostgreSQL */
    public JdbcServiceHistory(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "dataSource");
        try {
            Jdbc.inTransaction(ds, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS panjereh_service_history (event_id VARCHAR(36) PRIMARY KEY, "
                            + "tracking_id VARCHAR(20) NOT NULL, service_id VARCHAR(11) NOT NULL, type VARCHAR(64) NOT NULL, "
                            + "channel VARCHAR(16) NOT NULL, at BIGINT NOT NULL)");
                    s.execute("CREATE INDEX IF NOT EXISTS panjereh_service_history_month ON panjereh_service_history "
                            + "(service_id, type, at)");
                    s.execute("CREATE INDEX IF NOT EXISTS panjereh_service_history_request ON panjereh_service_history "
                            + "(tracking_id, type)");
                    s.execute("CREATE TABLE IF NOT EXISTS panjereh_forms_opened (service_id VARCHAR(11) NOT NULL, "
                            + "channel VARCHAR(16) NOT NULL, at BIGINT NOT NULL)");
                    s.execute("CREATE INDEX IF NOT EXISTS panjereh_forms_opened_month ON panjereh_forms_opened (service_id, at)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("prepare", e);
        }
    }

    @Override
    public void record(List<ServiceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            Jdbc.inTransaction(ds, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_service_history (event_id, tracking_id, "
                        + "service_id, type, channel, at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                        + "(SELECT 1 FROM panjereh_service_history WHERE event_id = ?)")) {
                    for (ServiceEvent e : events) {
                        p.setString(1, e.id().toString());
                        p.setString(2, e.trackingId().value());
                        p.setString(3, e.serviceId().value());
                        p.setString(4, e.type().wireType());
                        p.setString(5, e.channel().wireValue());
                        p.setLong(6, e.time().toEpochMilli());
                        p.setString(7, e.id().toString());
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("record events in", e);
        }
    }

    @Override
    public void formOpened(ServiceId service, Channel channel, Instant at) {
        try {
            Jdbc.inTransaction(ds, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_forms_opened (service_id, channel, at) "
                        + "VALUES (?, ?, ?)")) {
                    p.setString(1, service.value());
                    p.setString(2, channel.wireValue());
                    p.setLong(3, at.toEpochMilli());
                    p.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("record a form opened in", e);
        }
    }

    private static OutboxException failure(String what, SQLException e) {
        return new OutboxException("Cannot " + what + " the service history (SQL state " + e.getSQLState() + ")", e, true);
    }
}
