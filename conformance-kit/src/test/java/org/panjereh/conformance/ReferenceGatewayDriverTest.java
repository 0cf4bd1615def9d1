package org.panjereh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.util.OptionalLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The reference gateway's outbox backlog, as its driver reads it from the gateway's Prometheus metrics. */
class ReferenceGatewayDriverTest {

    @StartStop
    final MockWebServer gateway = new MockWebServer();

    private OptionalLong backlog(String metrics) throws Exception {
        gateway.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain").body(metrics).build());
        OptionalLong n = new ReferenceGatewayDriver().undeliveredRecords(new PortalBrowser(URI.create(gateway.url("/").toString())));
        RecordedRequest r = gateway.takeRequest();
        assertEquals("/q/metrics", r.getUrl().encodedPath());
        return n;
    }

    @Test
    void theOutboxGaugeIsTheBacklog() throws Exception {
        assertEquals(OptionalLong.of(3), backlog("""
                # TYPE panjereh_outbox_pending gauge
                # HELP panjereh_outbox_pending Records stored and not yet accepted by the platform
                panjereh_outbox_pending 3.0
                panjereh_outbox_pending_other 9.0
                """));
    }

    @Test
    void labelsAddedByTheRegistryAreRead() throws Exception {
        assertEquals(OptionalLong.of(0), backlog("panjereh_outbox_pending{application=\"gateway\"} 0.0\n"));
    }

    @Test
    void aGatewayWithoutTheGaugeCannotTell() throws Exception {
        assertEquals(OptionalLong.empty(), backlog("http_server_active_requests 1.0\n"));
    }

    @Test
    void aGaugeTheGatewayCouldNotReadIsNoZero() throws Exception {
        assertEquals(OptionalLong.empty(), backlog("panjereh_outbox_pending NaN\n"));
    }

    @Test
    void aGaugeThatIsNoNumberIsAnError() {
        assertThrows(IOException.class, () -> backlog("panjereh_outbox_pending NaNish\n"));
    }
}
