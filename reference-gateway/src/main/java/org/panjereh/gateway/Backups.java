package org.panjereh.gateway;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Online snapshots of the H2 store every {@code gateway.backup.interval} (default one hour) into
 * {@code gateway.backup.dir}, keeping the newest {@code gateway.backup.keep}. Restore with
 * {@code --restore=FILE} (docs/operations.md). With PostgreSQL the database's own backups apply instead.
 */
@Singleton
public class Backups {

    private static final Logger LOG = Logger.getLogger(Backups.class.getName());
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    @Inject
    Store store;
    private final GatewaySettings settings = GatewaySettings.current();
    Duration interval = settings.backupInterval();
    int keep = settings.backupKeep();
    Path dataDir = settings.dataDir();
    java.util.Optional<Path> backupDir = settings.backupDir();

    Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;

    /** Starts the periodic snapshots (H2 only); called by {@link GatewayStart}. */
    void start() {
        if (store.postgres() || interval.isZero() || interval.isNegative()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-backup");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::snapshotQuietly, interval.toSeconds(), interval.toSeconds(), TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * Takes a snapshot now and drops the oldest beyond {@code gateway.backup.keep}.
     *
     * @return the snapshot file
     */
    public Path snapshot() {
        Path dir = backupDir.orElse(dataDir.resolve("backups"));
        Path zip = dir.resolve("gateway-" + NAME.format(clock.instant()) + ".zip");
        store.backup(zip);
        try (Stream<Path> all = Files.list(dir)) {
            List<Path> old = all.filter(p -> p.getFileName().toString().matches("gateway-\\d{8}T\\d{6}Z\\.zip")).sorted().toList();
            for (int i = 0; i < old.size() - keep; i++) {
                Files.deleteIfExists(old.get(i));
            }
        } catch (IOException x) {
            LOG.log(Level.WARNING, "Old backups could not be pruned: {0}", x.getMessage());
        }
        return zip;
    }

    private void snapshotQuietly() {
        try {
            LOG.info(() -> "Backup written: " + snapshot().getFileName());
        } catch (RuntimeException x) {
            LOG.log(Level.SEVERE, "Backup failed: {0}", x.getMessage());
        }
    }
}
