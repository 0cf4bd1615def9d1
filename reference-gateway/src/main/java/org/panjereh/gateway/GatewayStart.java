package org.panjereh.gateway;

import io.quarkus.runtime.Quarkus;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Connects the gateway to its store and platform once the HTTP server is open, not before: on a thread of its own
 * it opens the database, makes the {@link Platform} (starting the embedded sandbox, or reading the live platform's
 * discovery), the outbox's delivery, the documents' signer and the payments' ledger, then starts the backups, the
 * crash repairs and the payment reconciler, and gives the memory the start left behind back to the operating
 * system ({@link StartupHeapRelease}; {@code gateway.start.release-heap=false} keeps it). Until that is done the
 * readiness check ({@code /q/health/ready}, {@link PlatformReadiness}) answers DOWN and a page or API call that
 * needs the platform waits for it; static files, liveness and metrics answer at once.
 * <p>
 * A platform that cannot be reached or configured stops the gateway, as it did when this ran before the server
 * opened: the reason is logged once and the process exits with status 1.
 */
@Singleton
public class GatewayStart {

    private static final Logger LOG = Logger.getLogger(GatewayStart.class.getName());

    @Inject
    Platform platform;
    @Inject
    Documents documents;
    @Inject
    Desk desk;
    @Inject
    Fees fees;
    @Inject
    Backups backups;
    @Inject
    Store store;
    @Inject
    PermitExchange permits;
    @Inject
    MonthlyFigures figures;
    @Inject
    CardPublication cards;
    @Inject
    Visits visits;
    private final boolean releaseHeap = GatewaySettings.current().releaseHeap();

    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    // After the server opened: until then the two share the CPU with Quarkus' own start for nothing.
    void start(@ObservesAsync HttpServerStart e) {
        begin();
    }

    void start(@ObservesAsync HttpsServerStart e) {
        begin();
    }

    private void begin() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::connect, "gateway-start");
        t.setDaemon(true);
        t.start();
    }

    private void connect() {
        try {
            long t0 = System.nanoTime();
            backups.start(); // opens the store
            platform.agencyId(); // makes the platform: the embedded sandbox starts here
            documents.registry();
            publishProvidedServices();
            cards.publishAtStart();
            int republished = desk.startRepairs();
            int toVerify = fees.startReconciler();
            LOG.info(() -> "Recovery: store " + store.previousRun() + "; " + republished
                    + " requests' events handed to the outbox again; " + toVerify + " payments to verify with the platform");
            long connected = (System.nanoTime() - t0) / 1_000_000;
            // Before readiness, so that the one full collection's pause never meets traffic.
            String heap = !releaseHeap ? "" : StartupHeapRelease.unavailable().map(why -> "; heap not released: " + why)
                    .orElseGet(() -> "; start-up garbage released, " + StartupHeapRelease.run());
            ready.complete(null);
            // Last, once the store, the outbox and the platform are all up: their first runs read and write beside them.
            try {
                visits.start();
                figures.reports().start(); // every finished month owed until the platform holds it (contract section 13)
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Monthly reports and visitor counts did not start: {0}", e.toString());
            }
            LOG.info(() -> "Platform ready" + platform.embeddedSandbox().map(i -> " (embedded sandbox " + i + ")").orElse("")
                    + " in " + connected + " ms" + heap);
        } catch (RuntimeException | Error e) {
            ready.completeExceptionally(e);
            LOG.log(Level.SEVERE, "The gateway cannot reach or set up its platform; stopping", e);
            Quarkus.asyncExit(1);
        }
    }

    /** A provider the exchange cannot hear of is still a working portal: the failure is logged, not fatal. */
    private void publishProvidedServices() {
        try {
            permits.provider().publish();
            LOG.info(() -> "Exchange: " + permits.provider().services().keySet() + " published as provider");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Exchange: the provided services could not be published: {0}", e.getMessage());
        }
    }

    /** @return completes when the platform and everything built on it are ready, or with the start's failure */
    public CompletionStage<Void> whenReady() {
        return ready.minimalCompletionStage();
    }

    /** @return the readiness check's answer: {@code platform}, UP once ready, with the state and any failure's type */
    HealthCheckResponse health() {
        var b = HealthCheckResponse.named("platform");
        if (!ready.isDone()) {
            return b.down().withData("state", "STARTING").build();
        }
        // join() after isDone() does not wait; a failure comes wrapped in a CompletionException.
        try {
            ready.join();
            return b.up().withData("state", "UP").build();
        } catch (java.util.concurrent.CompletionException e) {
            return b.down().withData("state", "FAILED").withData("failure", e.getCause().getClass().getSimpleName()).build();
        }
    }
}
