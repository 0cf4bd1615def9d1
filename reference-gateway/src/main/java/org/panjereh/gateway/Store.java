package org.panjereh.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * The gateway's one database: its requests, the portal sessions and the event outbox. H2 in a file under
 * {@code gateway.data-dir} by default; PostgreSQL when {@code gateway.db} (or {@code --db=}) names one, which
 * is what several nodes share. The password comes from a file ({@code gateway.db.password-file}), never
 * from the command line.
 */
@jakarta.enterprise.context.ApplicationScoped
public class Store {

    private final HikariDataSource pool;
    private final boolean postgres;
    private final String previousRun;

    /**
     * Opens the pool and creates the gateway's tables when missing. Made on first use ({@link GatewayStart}).
     *
     * @param config {@code gateway.db}, {@code gateway.data-dir}, {@code gateway.db.*}
     */
    @jakarta.inject.Inject
    public Store(Config config) {
        GatewaySettings settings = GatewaySettings.of(config);
        Path dataDir = settings.dataDir();
        String url = settings.dbUrl()
                .orElse("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gateway") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        previousRun = url.startsWith("jdbc:h2:file:") ? previousRun(Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0]
                + ".mv.db")) : "the database recovers itself";
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        // Named, not found through DriverManager, which answers per class loader (test runners use several).
        if (url.startsWith("jdbc:h2:")) {
            hc.setDriverClassName("org.h2.Driver");
        } else if (url.startsWith("jdbc:postgresql:")) {
            hc.setDriverClassName("org.postgresql.Driver");
        }
        hc.setPoolName("gateway");
        hc.setMaximumPoolSize(settings.dbPoolSize());
        settings.dbUser().ifPresent(hc::setUsername);
        settings.dbPasswordFile().ifPresent(f -> hc.setPassword(read(f)));
        pool = new HikariDataSource(hc);
        postgres = url.startsWith("jdbc:postgresql:");
        createTables();
    }

    /**
     * How the last run left an H2 store, read from its file header before H2 opens (and rewrites) it: H2 marks the
     * header {@code clean} when it closes the store; a store without the mark was killed or crashed, and opening it
     * goes back to its last complete commit and rolls back what was not committed.
     */
    static String previousRun(Path file) {
        if (!Files.exists(file)) {
            return "a new store";
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            String header = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!header.startsWith("H:2,")) {
                return "a store whose header H2 will check";
            }
            return header.lines().findFirst().orElse("").contains(",clean:1") ? "closed cleanly, nothing to recover"
                    : "not closed cleanly (killed or crashed): opened at its last complete commit, uncommitted work rolled back";
        } catch (IOException e) {
            return "a store whose header cannot be read here (" + e.getMessage() + ")";
        }
    }

    /** @return how the last run left the store, for the start's recovery line */
    public String previousRun() {
        return previousRun;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read gateway.db.password-file " + file, e);
        }
    }

    private void createTables() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS gateway_request (tracking_id CHAR(20) PRIMARY KEY, "
                    + "service_id CHAR(11) NOT NULL, channel VARCHAR(16) DEFAULT 'web' NOT NULL, subject VARCHAR(255) NOT NULL, national_code CHAR(10) NOT NULL, "
                    + "applicant_name VARCHAR(200) NOT NULL, address VARCHAR(1000) NOT NULL, status VARCHAR(16) NOT NULL, "
                    + "step VARCHAR(64), survey_ticket VARCHAR(2000), created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL, version INT NOT NULL)");
            // Stores made before requests kept their channel: their requests all came through the web.
            s.execute("ALTER TABLE gateway_request ADD COLUMN IF NOT EXISTS channel VARCHAR(16) DEFAULT 'web' NOT NULL");
            // Foreign nationals and companies (issue 27): whom a request is for, as kind:digits; the national code,
            // when there is one, stays in its own column.
            s.execute("ALTER TABLE gateway_request ADD COLUMN IF NOT EXISTS recipient VARCHAR(40)");
            s.execute("ALTER TABLE gateway_request ALTER COLUMN national_code DROP NOT NULL");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_request_subject ON gateway_request (subject, created_at)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_request_status ON gateway_request (status, created_at)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_request_recipient ON gateway_request (recipient, created_at)");
            s.execute("CREATE TABLE IF NOT EXISTS gateway_timeline (event_id CHAR(36) PRIMARY KEY, "
                    + "tracking_id CHAR(20) NOT NULL, seq INT NOT NULL, type VARCHAR(40) NOT NULL, step VARCHAR(64), "
                    + "unit VARCHAR(64) NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL, published BOOLEAN NOT NULL, "
                    + "UNIQUE (tracking_id, seq))");
            // What monthly reports count beyond requests: forms opened (startedOnline) and inquiries made (issue 29).
            s.execute("CREATE TABLE IF NOT EXISTS gateway_form_opened (service_id CHAR(11) NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_form_opened_at ON gateway_form_opened (service_id, at)");
            s.execute("CREATE TABLE IF NOT EXISTS gateway_visits (from_at TIMESTAMP WITH TIME ZONE PRIMARY KEY, "
                    + "to_at TIMESTAMP WITH TIME ZONE NOT NULL, visits BIGINT NOT NULL, unique_visitors BIGINT NOT NULL, "
                    + "peak_online BIGINT NOT NULL, sent BOOLEAN NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS gateway_complaint (reference CHAR(10) PRIMARY KEY, subject VARCHAR(255) NOT NULL, "
                    + "kind VARCHAR(16) NOT NULL, tracking_id CHAR(20), body VARCHAR(2000) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, due_at TIMESTAMP WITH TIME ZONE NOT NULL, answer VARCHAR(2000), "
                    + "answered_at TIMESTAMP WITH TIME ZONE)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_complaint_subject ON gateway_complaint (subject, created_at)");
            s.execute("CREATE TABLE IF NOT EXISTS gateway_inquiry_made (at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_inquiry_made_at ON gateway_inquiry_made (at)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_timeline_unpublished ON gateway_timeline (published, tracking_id)");
            // The monthly report counts a service's requests and its terminal events by time (benchmarks/scripts/report-scale.sh).
            s.execute("CREATE INDEX IF NOT EXISTS gateway_request_service ON gateway_request (service_id, created_at)");
            s.execute("CREATE INDEX IF NOT EXISTS gateway_timeline_type ON gateway_timeline (type, at)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the gateway database: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a consistent snapshot of the whole H2 store (requests, timelines, sessions, outbox) while the
     * gateway runs ({@code BACKUP TO}, an online backup). PostgreSQL is backed up with its own tools
     * (docs/operations.md).
     *
     * @param zip the file to write
     */
    public void backup(Path zip) {
        if (postgres) {
            throw new IllegalStateException("PostgreSQL is backed up with pg_basebackup and WAL archiving (docs/operations.md)");
        }
        try {
            Files.createDirectories(zip.toAbsolutePath().getParent());
            try (Connection c = pool.getConnection(); java.sql.PreparedStatement s = c.prepareStatement("BACKUP TO ?")) {
                s.setString(1, zip.toAbsolutePath().toString());
                s.execute();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Backup to " + zip + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Restores an H2 snapshot into a data directory that has no store yet (the gateway is stopped). Started
     * on it, the gateway publishes what the snapshot had not published; the platform de-duplicates events
     * by id, so nothing is lost and nothing counts twice.
     *
     * @param zip     a file {@link #backup(Path)} wrote
     * @param dataDir the {@code gateway.data-dir} to restore into
     */
    public static void restore(Path zip, Path dataDir) {
        try {
            if (Files.exists(dataDir.resolve("gateway.mv.db"))) {
                throw new IllegalStateException("A store already exists in " + dataDir + "; move it away first");
            }
            Files.createDirectories(dataDir);
            org.h2.tools.Restore.execute(zip.toAbsolutePath().toString(), dataDir.toAbsolutePath().toString(), "gateway");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore " + zip, e);
        }
    }

    /** @return the pooled data source */
    public DataSource dataSource() {
        return pool;
    }

    /** @return whether the store is PostgreSQL (else H2) */
    public boolean postgres() {
        return postgres;
    }

    // Closes after everything that writes to it (the event publisher observes shutdown earlier).
    void stop(@Observes(notifyObserver = jakarta.enterprise.event.Reception.IF_EXISTS) @Priority(Integer.MAX_VALUE) ShutdownEvent e) {
        close();
    }

    /** Closes the pool. */
    public void close() {
        pool.close();
    }
}
