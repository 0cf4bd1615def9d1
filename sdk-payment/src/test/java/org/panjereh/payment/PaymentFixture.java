package org.panjereh.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.MutableClock;

/** The sandbox with a 20 s verify window, agency 1010, and the SDK pieces an agency would build. */
final class PaymentFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ServiceId LICENCE = ServiceId.of("10101234567");
    static final URI RETURN = URI.create("https://portal.agency-1010.example/payments/return");
    static final String MARYAM = "citizen-maryam";
    static final Duration WINDOW = Duration.ofSeconds(20);

    /** A clock tests move by hand; the sandbox and the SDK share it. */
    final MutableClock clock = new MutableClock();
    final SigningKey key;
    final NationalSandbox sandbox;
    final PlatformClient platform;
    final ServiceCard card;
    final ServiceCard.Fee fee;
    final HttpClient http = HttpClient.newHttpClient();

    PaymentFixture() {
        try {
            key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).clock(clock).verifyWindow(WINDOW)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(RETURN), new JWKSet(key.publicJwk()), null, null))
                .build());
        platform = client();
        card = ServiceRegistry.remote(platform).card(LICENCE);
        fee = card.fee("licence").orElseThrow();
    }

    PlatformClient client() {
        RetryPolicy quick = RetryPolicy.builder().maxAttempts(2).sleeper(d -> { }).build();
        return PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).retryPolicy(quick).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .retryPolicy(quick).clock(clock).build();
    }

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    ServiceEventPublisher publisher(DataSource ds) {
        return ServiceEventPublisher.builder(platform, Outbox.jdbc(ds))
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).idleWait(Duration.ofMillis(20)).build();
    }

    Payments payments(PaymentLedger ledger, ServiceEventPublisher events) {
        return Payments.builder(platform, ledger).events(events).clock(clock).build();
    }

    /** A request the way a portal starts one: a tracking id and its started event. */
    TrackingId apply(ServiceEventPublisher events) {
        TrackingId t = TrackingIds.builder(platform).build().issue(LICENCE, Channel.WEB, MARYAM).trackingId();
        if (events != null) {
            events.publish(ServiceEvent.started(t, LICENCE, Channel.WEB, "U-1010-01"));
        }
        return t;
    }

    JsonNode admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.issuer() + path));
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    JsonNode record(String kind) throws IOException, InterruptedException {
        return admin("GET", "/admin/record/" + kind + "?limit=10000", null).get("items");
    }

    long recorded(String kind, String field, String value) throws IOException, InterruptedException {
        long n = 0;
        for (JsonNode e : record(kind)) {
            if (value.equals(e.path(field).asText())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
