package org.panjereh.gateway;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.RequestOptions;
import org.panjereh.reports.MonthlyReport;
import org.panjereh.survey.VisitCounter;

/**
 * The portal's visitors (ضوابط فنی، ماده ۳۶): sdk-survey's {@link VisitCounter} counts page views with a daily-keyed
 * hash of each visitor; at each Tehran midnight (and at shutdown) the day's counts are written to
 * {@code gateway_visits} first and then sent to the platform (contract section 6 {@code /visits}), so counts
 * survive a platform outage; monthly reports sum the days.
 */
@Singleton
public class Visits {

    private static final Logger LOG = Logger.getLogger(Visits.class.getName());

    @Inject
    Platform platform;
    @Inject
    Store store;

    private VisitCounter counter;
    private ScheduledExecutorService schedule;

    /** @return the counter, made on first use with a secret kept in the data directory */
    synchronized VisitCounter counter() {
        if (counter == null) {
            Config config = ConfigProvider.getConfig();
            byte[] key = java.util.Base64.getDecoder().decode(readSecret(DataDir.secret(DataDir.of(config).resolve("visits.key"), () -> {
                byte[] k = new byte[32];
                new java.security.SecureRandom().nextBytes(k);
                return java.util.Base64.getEncoder().encodeToString(k);
            })).strip());
            counter = VisitCounter.builder(key).build();
        }
        return counter;
    }

    private static String readSecret(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Starts the midnight flush. */
    synchronized void start() {
        if (schedule != null) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-visits");
            t.setDaemon(true);
            return t;
        });
        ZonedDateTime now = ZonedDateTime.now(JalaliDate.TEHRAN);
        long untilMidnight = java.time.Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(JalaliDate.TEHRAN)).toMillis();
        schedule.scheduleAtFixedRate(this::flushQuietly, untilMidnight, TimeUnit.DAYS.toMillis(1), TimeUnit.MILLISECONDS);
        schedule.scheduleWithFixedDelay(this::sendQuietly, 1, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes(notifyObserver = jakarta.enterprise.event.Reception.IF_EXISTS) ShutdownEvent e) {
        synchronized (this) {
            if (schedule != null) {
                schedule.shutdownNow();
            }
        }
        if (!flushQuietly()) {
            LOG.log(Level.WARNING, "Visitor counts not all sent at stop: kept unsent, sent after the next start");
        }
    }

    private boolean flushQuietly() {
        try {
            return flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Visitor counts not flushed: {0}", e.toString());
            return false;
        }
    }

    private void sendQuietly() {
        try {
            send();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Visitor counts not sent yet: {0}", e.toString());
        }
    }

    /**
     * Ends the period: its counts are stored, then every unsent period goes to the platform.
     *
     * @return whether every stored period reached the platform
     */
    boolean flush() {
        VisitCounter.Counts c;
        synchronized (this) {
            if (counter == null) {
                return true;
            }
            c = counter.drain();
        }
        if (c.visits() > 0) {
            try (Connection conn = store.dataSource().getConnection(); PreparedStatement p = conn.prepareStatement(
                    "INSERT INTO gateway_visits (from_at, to_at, visits, unique_visitors, peak_online, sent) VALUES (?,?,?,?,?,FALSE)")) {
                p.setTimestamp(1, Timestamp.from(c.from()));
                p.setTimestamp(2, Timestamp.from(c.to()));
                p.setLong(3, c.visits());
                p.setLong(4, c.uniqueVisitors());
                p.setLong(5, Math.min(c.peakOnline(), c.visits()));
                p.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot store visitor counts (SQL state " + e.getSQLState() + ")", e);
            }
        }
        return send();
    }

    /** @return whether every stored period reached the platform; the rest stay unsent, in order, for the next pass */
    private boolean send() {
        URI uri = URI.create(platform.client().metadata().surveyEndpoint().toString().replaceAll("/+$", "") + "/visits");
        try (Connection conn = store.dataSource().getConnection(); PreparedStatement p = conn.prepareStatement(
                "SELECT from_at, to_at, visits, unique_visitors, peak_online FROM gateway_visits WHERE sent = FALSE ORDER BY from_at");
             PreparedStatement mark = conn.prepareStatement("UPDATE gateway_visits SET sent = TRUE WHERE from_at = ?")) {
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("agencyId", platform.agencyId());
                    body.put("from", rs.getTimestamp(1).toInstant().toString());
                    body.put("to", rs.getTimestamp(2).toInstant().toString());
                    body.put("visits", rs.getLong(3));
                    body.put("uniqueVisitors", rs.getLong(4));
                    body.put("peakOnline", rs.getLong(5));
                    try {
                        platform.client().postJson(uri, body, RequestOptions.none());
                    } catch (PanjerehException e) {
                        return false; // stays unsent, in order; the hourly pass tries again
                    }
                    mark.setTimestamp(1, rs.getTimestamp(1));
                    mark.executeUpdate();
                }
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read visitor counts (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** The month's portal figures, from the stored days and the day under way; {@code null} without visits. */
    MonthlyReport.PortalFigures month(JalaliMonth month) {
        long visits = 0;
        long unique = 0;
        long peak = 0;
        try (Connection conn = store.dataSource().getConnection(); PreparedStatement p = conn.prepareStatement(
                "SELECT COALESCE(SUM(visits), 0), COALESCE(SUM(unique_visitors), 0), COALESCE(MAX(peak_online), 0) FROM gateway_visits "
                        + "WHERE from_at >= ? AND from_at < ?")) {
            p.setTimestamp(1, Timestamp.from(month.start()));
            p.setTimestamp(2, Timestamp.from(month.end()));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                visits = rs.getLong(1);
                unique = rs.getLong(2);
                peak = rs.getLong(3);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count visitors (SQL state " + e.getSQLState() + ")", e);
        }
        synchronized (this) {
            if (counter != null && month.contains(counter.counts().from())) {
                VisitCounter.Counts now = counter.counts();
                visits += now.visits();
                unique += now.uniqueVisitors();
                peak = Math.max(peak, Math.min(now.peakOnline(), now.visits()));
            }
        }
        return visits == 0 ? null : new MonthlyReport.PortalFigures(visits, Math.min(unique, visits), Math.min(peak, visits));
    }
}
