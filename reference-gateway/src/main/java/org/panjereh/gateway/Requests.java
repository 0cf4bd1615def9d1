package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.panjereh.core.Channel;
import org.panjereh.core.IdentifierKind;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.events.EventType;

/** The gateway's requests and their timelines, in the {@link Store}. Every change and its timeline entry commit together. */
@Singleton
public class Requests {

    private static final String COLUMNS = "tracking_id, service_id, subject, national_code, applicant_name, address, "
            + "status, step, survey_ticket, created_at, updated_at, version, channel, recipient";

    private final Store store;
    /** Committed changes on this node, so that a figure cached for the dashboard knows it may be out of date. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    /** @param store the database */
    @Inject
    public Requests(Store store) {
        this.store = store;
    }

    /**
     * Stores a new request with its {@code started} entry.
     *
     * @param r       the request
     * @param started its first timeline entry
     * @return false if a request with this tracking id already exists (a repeated submission)
     */
    public boolean create(CitizenRequest r, TimelineEntry started) {
        return inTransaction(c -> {
            if (!select(c, "SELECT 1 FROM gateway_request WHERE tracking_id = ?", 1, rs -> 1, r.trackingId().value()).isEmpty()) {
                return false;
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO gateway_request (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                p.setString(1, r.trackingId().value());
                p.setString(2, r.serviceId().value());
                p.setString(3, r.subject());
                // The national code column keeps the person's code where there is one; recipient says whom it is for.
                p.setString(4, r.recipient() instanceof NationalCode n ? n.value() : null);
                p.setString(5, r.applicantName());
                p.setString(6, r.address());
                p.setString(7, r.status().name());
                p.setString(8, r.step());
                p.setString(9, r.surveyTicket());
                p.setTimestamp(10, Timestamp.from(r.createdAt()));
                p.setTimestamp(11, Timestamp.from(r.updatedAt()));
                p.setInt(12, r.version());
                p.setString(13, r.channel().wireValue());
                p.setString(14, recipientColumn(r.recipient()));
                p.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false; // the same submission, a moment earlier, on another thread or node
                }
                throw e;
            }
            insert(c, started);
            return true;
        });
    }

    /**
     * Moves a request, if nobody moved it since {@code seen} was read.
     *
     * @param seen  the request as read (its version is checked)
     * @param moved the request after the move
     * @param entry the timeline entry of the move
     * @return false if someone else moved it first
     */
    public boolean move(CitizenRequest seen, CitizenRequest moved, TimelineEntry entry) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE gateway_request SET status = ?, step = ?, survey_ticket = ?, "
                    + "updated_at = ?, version = version + 1 WHERE tracking_id = ? AND version = ?")) {
                p.setString(1, moved.status().name());
                p.setString(2, moved.step());
                p.setString(3, moved.surveyTicket());
                p.setTimestamp(4, Timestamp.from(moved.updatedAt()));
                p.setString(5, seen.trackingId().value());
                p.setInt(6, seen.version());
                if (p.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
            }
            insert(c, entry);
            return true;
        });
    }

    /** @return how many changes this node has committed since it started */
    long changes() {
        return changes.get();
    }

    /**
     * @param t a tracking id
     * @return the request, if this agency has it
     */
    public Optional<CitizenRequest> find(TrackingId t) {
        return select("SELECT " + COLUMNS + " FROM gateway_request WHERE tracking_id = ?", 1, Requests::request, t.value())
                .stream().findFirst();
    }

    /**
     * @param subject the applicant's {@code sub}
     * @param limit   at most this many, newest first
     * @return the applicant's requests
     */
    public List<CitizenRequest> bySubject(String subject, int limit) {
        return select("SELECT " + COLUMNS + " FROM gateway_request WHERE subject = ? ORDER BY created_at DESC", limit,
                Requests::request, subject);
    }

    /**
     * @param applicant whom requests are for (a company's شناسه ملی, for its representatives' view)
     * @param limit     at most this many, newest first
     * @return the requests made for that applicant, by whoever filed them
     */
    public List<CitizenRequest> byRecipient(PartyIdentifier applicant, int limit) {
        return select("SELECT " + COLUMNS + " FROM gateway_request WHERE recipient = ? ORDER BY created_at DESC", limit,
                Requests::request, recipientColumn(applicant));
    }

    /**
     * @param limit at most this many, oldest first
     * @return requests not yet delivered or rejected
     */
    public List<CitizenRequest> open(int limit) {
        return select("SELECT " + COLUMNS + " FROM gateway_request WHERE status IN ('STARTED', 'IN_PROGRESS') "
                + "ORDER BY created_at", limit, Requests::request);
    }

    /**
     * @param t a tracking id
     * @return its timeline, oldest first
     */
    public List<TimelineEntry> timeline(TrackingId t) {
        return select("SELECT * FROM gateway_timeline WHERE tracking_id = ? ORDER BY seq", 0, Requests::entry, t.value());
    }

    /** @return requests with timeline entries stored but not yet handed to the outbox */
    public List<TrackingId> withUnpublished() {
        return select("SELECT DISTINCT tracking_id FROM gateway_timeline WHERE published = FALSE", 0,
                rs -> TrackingId.of(rs.getString(1).strip()));
    }

    /** Hands one timeline entry to the outbox. */
    public interface EntryPublisher {
        /**
         * @param e the entry
         * @return true once it is in the outbox; false to stop (it stays unpublished, in order)
         */
        boolean publish(TimelineEntry e);
    }

    /**
     * Publishes a request's unpublished entries in timeline order while holding its row lock, so that two
     * nodes moving the same request can never put its events into the outbox out of order.
     *
     * @param t         the request
     * @param publisher what publishes one entry
     */
    public void publishInOrder(TrackingId t, EntryPublisher publisher) {
        inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT version FROM gateway_request WHERE tracking_id = ? FOR UPDATE")) {
                lock.setString(1, t.value());
                lock.executeQuery().close();
            }
            List<TimelineEntry> pending = select(c, "SELECT * FROM gateway_timeline WHERE tracking_id = ? AND published = FALSE "
                    + "ORDER BY seq", 0, Requests::entry, t.value());
            try (PreparedStatement mark = c.prepareStatement("UPDATE gateway_timeline SET published = TRUE WHERE event_id = ?")) {
                for (TimelineEntry e : pending) {
                    if (!publisher.publish(e)) {
                        break;
                    }
                    mark.setString(1, e.eventId().toString());
                    mark.executeUpdate();
                }
            }
            return true;
        });
    }

    private static void insert(Connection c, TimelineEntry e) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO gateway_timeline (event_id, tracking_id, seq, type, step, "
                + "unit, at, published) VALUES (?,?,?,?,?,?,?,?)")) {
            p.setString(1, e.eventId().toString());
            p.setString(2, e.trackingId().value());
            p.setInt(3, e.seq());
            p.setString(4, e.type().wireType());
            p.setString(5, e.step());
            p.setString(6, e.unit());
            p.setTimestamp(7, Timestamp.from(e.at()));
            p.setBoolean(8, e.published());
            p.executeUpdate();
        }
    }

    /** Reads one row. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> select(String sql, int limit, Row<T> row, String... args) {
        try (Connection c = store.dataSource().getConnection()) {
            return select(c, sql, limit, row, args);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** At most {@code limit} rows ({@code 0}: all), the arguments bound in order. */
    private static <T> List<T> select(Connection c, String sql, int limit, Row<T> row, String... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            p.setMaxRows(limit);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        }
    }

    private static CitizenRequest request(ResultSet rs) throws SQLException {
        return new CitizenRequest(TrackingId.of(rs.getString(1).strip()), ServiceId.of(rs.getString(2).strip()),
                Channel.fromWire(rs.getString(13)), rs.getString(3), recipient(rs.getString(14), rs.getString(4)), rs.getString(5),
                rs.getString(6), CitizenRequest.Status.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9),
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(), rs.getInt(12));
    }

    /** Rows written before issue 27 have no recipient: their national code is it. */
    private static PartyIdentifier recipient(String stored, String nationalCode) {
        if (stored == null) {
            return NationalCode.of(nationalCode.strip());
        }
        int colon = stored.indexOf(':');
        return PartyIdentifier.parse(IdentifierKind.valueOf(stored.substring(0, colon)), stored.substring(colon + 1));
    }

    static String recipientColumn(PartyIdentifier p) {
        return p.kind().name() + ":" + p.value();
    }

    private static TimelineEntry entry(ResultSet rs) throws SQLException {
        return new TimelineEntry(UUID.fromString(rs.getString("event_id").strip()), TrackingId.of(rs.getString("tracking_id").strip()),
                rs.getInt("seq"), EventType.fromWire(rs.getString("type")), rs.getString("step"), rs.getString("unit"),
                rs.getTimestamp("at").toInstant(), rs.getBoolean("published"));
    }

    private interface Work {
        boolean run(Connection c) throws SQLException;
    }

    private boolean inTransaction(Work work) {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean done = work.run(c);
                if (done) {
                    c.commit();
                    changes.incrementAndGet();
                } else {
                    c.rollback();
                }
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The database failed; the user sees a Persian "try again" page, the log the SQL state. */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(SQLException cause) {
            super("Gateway database error (SQL state " + cause.getSQLState() + ")", cause);
        }
    }
}
