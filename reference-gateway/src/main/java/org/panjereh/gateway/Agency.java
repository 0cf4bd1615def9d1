package org.panjereh.gateway;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.inquiry.AuditSink;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.UserRefKey;
import org.panjereh.survey.SurveyArchive;
import org.panjereh.survey.SurveyResponseCourier;
import org.panjereh.survey.SurveyService;
import org.panjereh.survey.SurveyTickets;

/**
 * What the agency sends to the platform besides logins: service events and message-box notices through
 * the durable outbox in the gateway's database, exchange inquiries, and survey answers.
 */
@jakarta.enterprise.context.ApplicationScoped
public class Agency {

    private final ServiceEventPublisher events;
    private final NationalExchange exchange;
    private final SurveyTickets tickets;
    private final SurveyService survey;
    private final SurveyArchive surveyArchive;

    /**
     * @param platform the platform
     * @param store    the database holding the outbox
     */
    @Inject
    public Agency(Platform platform, Store store) {
        this(platform, store, ConfigProvider.getConfig());
    }

    /**
     * @param platform the platform
     * @param store    the database holding the outbox
     * @param config   {@code gateway.data-dir}, {@code panjereh.exchange.user-ref-key-file}, {@code panjereh.events.node-id}
     */
    public Agency(Platform platform, Store store, Config config) {
        Path dataDir = DataDir.of(config);
        try {
            java.nio.file.Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create gateway.data-dir " + dataDir, e);
        }
        surveyArchive = SurveyArchive.jdbc(store.dataSource());
        events = ServiceEventPublisher.builder(platform.client(), Outbox.jdbc(store.dataSource(), nodeId(config)))
                .registry(platform.registry()).courier(new SurveyResponseCourier(surveyArchive))
                .deadLetters(DeadLetterStore.jsonLines(dataDir.resolve("dead-letters.jsonl"))).build();
        exchange = NationalExchange.builder(platform.client(), userRefKey(config, platform))
                .audit(counted(AuditSink.jsonLines(dataDir.resolve("exchange-audit.jsonl")), store)).build();
        tickets = SurveyTickets.builder(platform.credentials().signingKey()).lifetime(Duration.ofDays(30)).build();
        survey = SurveyService.builder(platform.client(), events, tickets).archive(surveyArchive).build();
    }

    /** The audit file, and a row per inquiry for monthly reports (their {@code exchange.asked}): traffic only. */
    private static AuditSink counted(AuditSink file, Store store) {
        return r -> {
            file.record(r);
            try (java.sql.Connection c = store.dataSource().getConnection();
                 java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO gateway_inquiry_made (at) VALUES (?)")) {
                p.setTimestamp(1, java.sql.Timestamp.from(r.time()));
                p.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Cannot count an inquiry (SQL state " + e.getSQLState() + ")", e);
            }
        };
    }

    /**
     * This node's stable id in the shared outbox: after a crash it takes back at once what it was delivering.
     * Nodes sharing a database need distinct ids (default: the host name).
     */
    private static String nodeId(Config config) {
        return GatewaySettings.of(config).nodeId().orElseGet(() -> {
            try {
                String host = java.net.InetAddress.getLocalHost().getHostName();
                return host.length() > 64 ? host.substring(0, 64) : host;
            } catch (java.net.UnknownHostException e) {
                return "gateway";
            }
        });
    }

    private static UserRefKey userRefKey(Config config, Platform platform) {
        java.util.Optional<String> file = GatewaySettings.of(config).userRefKeyFile().map(Path::toString);
        if (file.isPresent()) {
            return UserRefKey.fromFile(Path.of(file.get()));
        }
        if (platform.embeddedSandbox().isEmpty()) {
            throw new org.panjereh.core.PanjerehConfigurationException(
                    "panjereh.exchange.user-ref-key-file is required with a real platform: the X-User-Ref key must survive restarts",
                    null);
        }
        // With the embedded sandbox: one key kept in the data directory, so references stay the same across restarts.
        return UserRefKey.fromFile(DataDir.secret(DataDir.of(config).resolve("embedded-user-ref.key"), () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return java.util.Base64.getEncoder().encodeToString(key);
        }));
    }

    void stop(@Observes(notifyObserver = jakarta.enterprise.event.Reception.IF_EXISTS) ShutdownEvent e) {
        close();
    }

    /** Stops delivery; what waits stays in the outbox. */
    public void close() {
        events.close();
    }

    /** @return the service-event and message-box publisher */
    public ServiceEventPublisher events() {
        return events;
    }

    /** @return the national exchange client */
    public NationalExchange exchange() {
        return exchange;
    }

    /** @return the survey tickets */
    public SurveyTickets tickets() {
        return tickets;
    }

    /** @return every survey response with its comment and the agency's reply */
    public SurveyArchive surveyArchive() {
        return surveyArchive;
    }

    /** @return the survey service */
    public SurveyService survey() {
        return survey;
    }
}
