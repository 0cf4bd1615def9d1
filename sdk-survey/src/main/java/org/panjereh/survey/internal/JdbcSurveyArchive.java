package org.panjereh.survey.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.survey.SurveyArchive;

/** {@link SurveyArchive#jdbc}: one row per response, keyed by its idempotency key. */
public final class JdbcSurveyArchive implements SurveyArchive {

    private static final String COLUMNS = "response_key, service_id, tracking_id, submitted_at, satisfaction, comment_text, "
            + "response_id, reply_action, reply_text, replied_at";
    private final DataSource ds;

    /** @param ds H2 or PostgreSQL */
    public JdbcSurveyArchive(DataSource ds) {
        this.ds = ds;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_survey_responses (response_key VARCHAR(36) PRIMARY KEY, "
                    + "service_id VARCHAR(11) NOT NULL, tracking_id VARCHAR(20) NOT NULL, submitted_at BIGINT NOT NULL, "
                    + "satisfaction INT NOT NULL, comment_text VARCHAR(2000), response_id VARCHAR(64), reply_action VARCHAR(16), "
                    + "reply_text VARCHAR(2000), replied_at BIGINT)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_survey_responses_service ON panjereh_survey_responses (service_id, submitted_at)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_survey_responses_request ON panjereh_survey_responses (tracking_id)");
            commit(c);
        } catch (SQLException e) {
            throw failure("prepare", e);
        }
    }

    @Override
    public void add(Response r) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_survey_responses ("
                + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL WHERE NOT EXISTS "
                + "(SELECT 1 FROM panjereh_survey_responses WHERE response_key = ?)")) {
            p.setString(1, r.key().toString());
            p.setString(2, r.serviceId().value());
            p.setString(3, r.trackingId().value());
            p.setLong(4, r.submittedAt().toEpochMilli());
            p.setInt(5, r.satisfaction());
            p.setString(6, r.comment());
            p.setString(7, r.key().toString());
            p.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw failure("store a response", e);
            }
        }
    }

    @Override
    public void delivered(UUID key, String responseId) {
        update("UPDATE panjereh_survey_responses SET response_id = ? WHERE response_key = ?", responseId, key.toString());
    }

    @Override
    public boolean replied(UUID key, String action, String text, Instant at) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("UPDATE panjereh_survey_responses "
                + "SET reply_action = ?, reply_text = ?, replied_at = ? WHERE response_key = ? AND reply_action IS NULL")) {
            p.setString(1, action);
            p.setString(2, text);
            p.setLong(3, at.toEpochMilli());
            p.setString(4, key.toString());
            int n = p.executeUpdate();
            commit(c);
            return n == 1;
        } catch (SQLException e) {
            throw failure("store a reply", e);
        }
    }

    @Override
    public Optional<Response> find(UUID key) {
        return select("WHERE response_key = ?", 1, key.toString()).stream().findFirst();
    }

    @Override
    public Optional<Response> forRequest(TrackingId t) {
        return select("WHERE tracking_id = ? ORDER BY submitted_at DESC", 1, t.value()).stream().findFirst();
    }

    @Override
    public List<Response> comments(int max) {
        return select("WHERE comment_text IS NOT NULL ORDER BY CASE WHEN reply_action IS NULL THEN 0 ELSE 1 END, submitted_at DESC",
                max, null);
    }

    @Override
    public Stats stats(ServiceId serviceId, Instant from, Instant to) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT COUNT(*), AVG(CAST(satisfaction "
                + "AS DOUBLE PRECISION)), SUM(CASE WHEN reply_action IS NULL THEN 0 ELSE 1 END) FROM panjereh_survey_responses "
                + "WHERE service_id = ? AND submitted_at >= ? AND submitted_at < ?")) {
            p.setString(1, serviceId.value());
            p.setLong(2, from.toEpochMilli());
            p.setLong(3, to.toEpochMilli());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long n = r.getLong(1);
                double mean = r.getDouble(2);
                return new Stats(n, n == 0 ? null : mean, r.getLong(3));
            }
        } catch (SQLException e) {
            throw failure("count responses", e);
        }
    }

    private void update(String sql, String a, String b) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, a);
            p.setString(2, b);
            p.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            throw failure("update a response", e);
        }
    }

    private List<Response> select(String where, int max, String arg) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                + " FROM panjereh_survey_responses " + where)) {
            p.setMaxRows(max);
            if (arg != null) {
                p.setString(1, arg);
            }
            List<Response> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long replied = r.getLong(10);
                    Instant repliedAt = r.wasNull() ? null : Instant.ofEpochMilli(replied);
                    out.add(new Response(UUID.fromString(r.getString(1)), ServiceId.of(r.getString(2)), TrackingId.of(r.getString(3)),
                            Instant.ofEpochMilli(r.getLong(4)), r.getInt(5), r.getString(6), r.getString(7), r.getString(8),
                            r.getString(9), repliedAt));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read responses", e);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static PanjerehException failure(String what, SQLException e) {
        return new PanjerehException("Cannot " + what + " in the survey archive (SQL state " + e.getSQLState() + ")", e, true);
    }
}
