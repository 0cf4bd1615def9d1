package org.panjereh.payment.internal;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.panjereh.core.Channel;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.shared.Jdbc;
import org.panjereh.events.ServiceEvent;
import org.panjereh.payment.LedgerEntry;
import org.panjereh.payment.PaymentException;
import org.panjereh.payment.PaymentId;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.PaymentState;
import org.panjereh.payment.Refund;

/**
 * The payment ledger in H2 or PostgreSQL. Every change is one transaction; state changes are compare-and-set
 * on {@code (state, verified)}; a refund is reserved under {@code SELECT … FOR UPDATE} of its payment's row, so
 * two nodes cannot reserve together more than was paid; the service event a change owes is stored with it.
 */
public final class JdbcPaymentLedger implements PaymentLedger {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "payment_id, kind, service_id, tracking_id, fee_code, amount_rial, payer_sub, "
            + "channel, unit, state, verified, refunded_rial, next_url, created_at, expires_at, paid_at, updated_at";

    private final DataSource ds;
    private final Clock clock;

    /**
     * Connects and creates the tables when missing.
     *
     * @param ds    the database
     * @param clock clock for timestamps
     */
    public JdbcPaymentLedger(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (!product.contains("postgres") && !product.contains("h2")) {
                throw new PaymentException(PaymentException.Reason.LEDGER_FAILURE,
                        "The JDBC payment ledger supports PostgreSQL and H2, not " + product, null);
            }
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_payments (payment_id VARCHAR(80) PRIMARY KEY, "
                    + "kind VARCHAR(16) NOT NULL, service_id VARCHAR(11) NOT NULL, tracking_id VARCHAR(20) NOT NULL, "
                    + "fee_code VARCHAR(64) NOT NULL, amount_rial BIGINT NOT NULL, payer_sub VARCHAR(255), "
                    + "channel VARCHAR(20) NOT NULL, unit VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, "
                    + "verified BOOLEAN NOT NULL, refunded_rial BIGINT NOT NULL, next_url VARCHAR(2000), "
                    + "created_at BIGINT NOT NULL, expires_at BIGINT, paid_at BIGINT, updated_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_payments_request ON panjereh_payments (tracking_id, created_at)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_payments_open ON panjereh_payments (state, verified, created_at)");
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_payment_refunds (refund_key UUID PRIMARY KEY, "
                    + "payment_id VARCHAR(80) NOT NULL, amount_rial BIGINT NOT NULL, reason VARCHAR(255) NOT NULL, "
                    + "state VARCHAR(16) NOT NULL, refund_id VARCHAR(80), created_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_payment_refunds_payment ON panjereh_payment_refunds (payment_id)");
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_payment_events (event_id UUID PRIMARY KEY, "
                    + "payment_id VARCHAR(80) NOT NULL, outcome VARCHAR(16) NOT NULL, created_at BIGINT NOT NULL)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw failure("prepare the payment ledger", e);
        }
    }

    @Override
    public boolean record(LedgerEntry e) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_payments (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, e.paymentId().value());
                p.setString(2, e.kind().name());
                p.setString(3, e.serviceId().value());
                p.setString(4, e.trackingId().value());
                p.setString(5, e.feeCode());
                p.setLong(6, e.amount().rials());
                p.setString(7, e.payerSub());
                p.setString(8, e.channel().wireValue());
                p.setString(9, e.unit());
                p.setString(10, e.state().name());
                p.setBoolean(11, e.verified());
                p.setLong(12, e.refunded().rials());
                p.setString(13, e.nextUrl() == null ? null : e.nextUrl().toString());
                p.setLong(14, millis(e.createdAt() == null ? clock.instant() : e.createdAt()));
                setInstant(p, 15, e.expiresAt());
                setInstant(p, 16, e.paidAt());
                p.setLong(17, clock.millis());
                p.executeUpdate();
                return true;
            } catch (SQLException ex) {
                if (UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                    return false;
                }
                throw ex;
            }
        }, "record a payment");
    }

    @Override
    public Optional<LedgerEntry> find(PaymentId id) {
        List<LedgerEntry> l = select("WHERE payment_id = ?", id.value(), 1);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    @Override
    public List<LedgerEntry> forRequest(TrackingId trackingId) {
        return select("WHERE tracking_id = ? ORDER BY created_at, payment_id", trackingId.value(), 10_000);
    }

    @Override
    public List<LedgerEntry> needingVerify(int max) {
        return select("WHERE kind = 'GATEWAY' AND (state IN ('CREATED', 'SUBMITTED') OR (state = 'SUCCEEDED' AND NOT verified))"
                + " ORDER BY created_at, payment_id", null, max);
    }

    @Override
    public boolean transition(PaymentId id, PaymentState from, boolean fromVerified, PaymentState to, boolean toVerified,
                              Instant paidAt, DueEvent event) {
        return inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE panjereh_payments SET state = ?, verified = ?, "
                    + "paid_at = COALESCE(?, paid_at), updated_at = ? WHERE payment_id = ? AND state = ? AND verified = ?")) {
                u.setString(1, to.name());
                u.setBoolean(2, toVerified);
                setInstant(u, 3, paidAt);
                u.setLong(4, clock.millis());
                u.setString(5, id.value());
                u.setString(6, from.name());
                u.setBoolean(7, fromVerified);
                if (u.executeUpdate() != 1) {
                    return false;
                }
            }
            if (event != null) {
                insertEvent(c, event);
            }
            return true;
        }, "change a payment's state");
    }

    @Override
    public void reserveRefund(Refund refund, String reason) {
        inTransaction(c -> {
            long amount;
            long refunded;
            String state;
            boolean verified;
            String kind;
            try (PreparedStatement q = c.prepareStatement("SELECT amount_rial, refunded_rial, state, verified, kind "
                    + "FROM panjereh_payments WHERE payment_id = ? FOR UPDATE")) {
                q.setString(1, refund.paymentId().value());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new PaymentException(PaymentException.Reason.UNKNOWN_PAYMENT, "No payment "
                                + refund.paymentId() + " in the ledger", null);
                    }
                    amount = rs.getLong(1);
                    refunded = rs.getLong(2);
                    state = rs.getString(3);
                    verified = rs.getBoolean(4);
                    kind = rs.getString(5);
                }
            }
            if (!"SUCCEEDED".equals(state) || !verified || !"GATEWAY".equals(kind)) {
                throw new PaymentException(PaymentException.Reason.NOT_REFUNDABLE, "Payment " + refund.paymentId()
                        + " is " + state.toLowerCase(Locale.ROOT) + (verified ? "" : ", not verified")
                        + "; only a verified payment through the platform can be refunded", null);
            }
            if (refunded + refund.amount().rials() > amount) {
                throw new PaymentException(PaymentException.Reason.REFUND_EXCEEDS, "Refunds of payment "
                        + refund.paymentId() + " would total " + (refunded + refund.amount().rials()) + " rial, more than "
                        + amount, null);
            }
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE panjereh_payments SET refunded_rial = refunded_rial + ?, updated_at = ? WHERE payment_id = ?");
                 PreparedStatement i = c.prepareStatement("INSERT INTO panjereh_payment_refunds (refund_key, payment_id, "
                         + "amount_rial, reason, state, refund_id, created_at) VALUES (?, ?, ?, ?, 'pending', NULL, ?)")) {
                u.setLong(1, refund.amount().rials());
                u.setLong(2, clock.millis());
                u.setString(3, refund.paymentId().value());
                u.executeUpdate();
                i.setObject(1, refund.refundKey());
                i.setString(2, refund.paymentId().value());
                i.setLong(3, refund.amount().rials());
                i.setString(4, reason);
                i.setLong(5, clock.millis());
                i.executeUpdate();
            }
            return null;
        }, "reserve a refund");
    }

    @Override
    public boolean settleRefund(UUID refundKey, String state, String refundId) {
        if (!List.of("submitted", "succeeded", "failed").contains(state)) {
            throw new IllegalArgumentException("A refund settles as submitted, succeeded or failed");
        }
        return inTransaction(c -> {
            String paymentId;
            long amount;
            try (PreparedStatement q = c.prepareStatement("SELECT payment_id, amount_rial FROM panjereh_payment_refunds "
                    + "WHERE refund_key = ? AND state = 'pending' FOR UPDATE")) {
                q.setObject(1, refundKey);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    paymentId = rs.getString(1);
                    amount = rs.getLong(2);
                }
            }
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE panjereh_payment_refunds SET state = ?, refund_id = ? WHERE refund_key = ?")) {
                u.setString(1, state);
                u.setString(2, refundId);
                u.setObject(3, refundKey);
                u.executeUpdate();
            }
            if ("failed".equals(state)) {
                try (PreparedStatement u = c.prepareStatement("UPDATE panjereh_payments SET refunded_rial = refunded_rial - ?, "
                        + "updated_at = ? WHERE payment_id = ?")) {
                    u.setLong(1, amount);
                    u.setLong(2, clock.millis());
                    u.setString(3, paymentId);
                    u.executeUpdate();
                }
            } else {
                insertEvent(c, new DueEvent(UUID.nameUUIDFromBytes(("refund:" + refundKey).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)), new PaymentId(paymentId),
                        ServiceEvent.PaymentOutcome.REFUNDED));
            }
            return true;
        }, "settle a refund");
    }

    @Override
    public List<Refund> refunds(PaymentId id) {
        List<Refund> out = new ArrayList<>();
        for (PendingRefund p : selectRefunds("WHERE payment_id = ?", id.value(), 10_000)) {
            out.add(p.refund());
        }
        return out;
    }

    @Override
    public List<PendingRefund> pendingRefunds(int max) {
        return selectRefunds("WHERE state = 'pending'", null, max);
    }

    @Override
    public List<DueEvent> dueEvents(int max) {
        return query(c -> {
            List<DueEvent> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT event_id, payment_id, outcome FROM panjereh_payment_events "
                    + "ORDER BY created_at, event_id")) {
                q.setMaxRows(max);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DueEvent(rs.getObject(1, UUID.class), new PaymentId(rs.getString(2)),
                                ServiceEvent.PaymentOutcome.valueOf(rs.getString(3))));
                    }
                }
            }
            return out;
        }, "read owed events");
    }

    @Override
    public void eventPublished(UUID eventId) {
        inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM panjereh_payment_events WHERE event_id = ?")) {
                d.setObject(1, eventId);
                d.executeUpdate();
            }
            return null;
        }, "mark an event published");
    }

    @Override
    public void close() {
        // The data source belongs to the caller.
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void insertEvent(Connection c, DueEvent event) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO panjereh_payment_events (event_id, payment_id, outcome, "
                + "created_at) VALUES (?, ?, ?, ?)")) {
            i.setObject(1, event.eventId());
            i.setString(2, event.paymentId().value());
            i.setString(3, event.outcome().name());
            i.setLong(4, clock.millis());
            i.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // Already owed: the same change was recorded by another node first.
        }
    }

    private List<LedgerEntry> select(String where, String arg, int max) {
        return query(c -> {
            List<LedgerEntry> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM panjereh_payments " + where)) {
                if (arg != null) {
                    q.setString(1, arg);
                }
                q.setMaxRows(max);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        }, "read payments");
    }

    private List<PendingRefund> selectRefunds(String where, String arg, int max) {
        return query(c -> {
            List<PendingRefund> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT refund_key, payment_id, amount_rial, state, refund_id, reason "
                    + "FROM panjereh_payment_refunds " + where + " ORDER BY created_at, refund_key")) {
                if (arg != null) {
                    q.setString(1, arg);
                }
                q.setMaxRows(max);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingRefund(new Refund(rs.getObject(1, UUID.class), new PaymentId(rs.getString(2)),
                                Rial.of(rs.getLong(3)), rs.getString(4), rs.getString(5)), rs.getString(6)));
                    }
                }
            }
            return out;
        }, "read refunds");
    }

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        String next = rs.getString(13);
        return new LedgerEntry(new PaymentId(rs.getString(1)), LedgerEntry.Kind.valueOf(rs.getString(2)),
                ServiceId.of(rs.getString(3)), TrackingId.of(rs.getString(4)), rs.getString(5), Rial.of(rs.getLong(6)),
                rs.getString(7), Channel.fromWire(rs.getString(8)), rs.getString(9), PaymentState.valueOf(rs.getString(10)),
                rs.getBoolean(11), Rial.of(rs.getLong(12)), next == null ? null : URI.create(next), instant(rs, 14),
                instant(rs, 15), instant(rs, 16), instant(rs, 17));
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement p, int col, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(col, Types.BIGINT);
        } else {
            p.setLong(col, millis(t));
        }
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Work<T> work, String what) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T inTransaction(Work<T> work, String what) {
        try {
            return Jdbc.inTransaction(ds, work::run);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static PaymentException failure(String what, SQLException e) {
        return new PaymentException(PaymentException.Reason.LEDGER_FAILURE, "Cannot " + what + " in the payment ledger: "
                + e.getMessage(), e);
    }
}
