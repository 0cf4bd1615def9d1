package org.panjereh.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * A time-stamp authority that is down, overloaded or answering garbage: the permit is not issued, and the error
 * is typed — retryable when the authority could not answer, not when it answered something unusable.
 */
class TimeStampFailureTest {

    static TestCa ca;
    static HttpServer tsa;

    @BeforeAll
    static void start() throws Exception {
        ca = new TestCa("Panjereh Test Root");
        tsa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tsa.createContext("/busy", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        tsa.createContext("/garbage", x -> {
            byte[] b = "<html>not a time stamp</html>".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        tsa.start();
    }

    @AfterAll
    static void stop() {
        tsa.stop(0);
    }

    private static DocumentException issueWith(URI authority) throws Exception {
        DocumentIssuer issuer = DocumentIssuer.builder("اتاق اصناف",
                ca.agency("Agency 1010 documents"),
                URI.create("https://portal.example/verify/")).timeStampAuthority(authority).build();
        return assertThrows(DocumentException.class, () -> issuer.issue(new DocumentFacts(ServiceId.of("10101234567"),
                TrackingId.withCheckDigits("101012345670000004"), "پروانه کسب", "مریم احمدی", Instant.now(), List.of())));
    }

    @Test
    void anAuthorityThatIsDownOrBusyIsRetryable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        for (URI down : List.of(URI.create("http://127.0.0.1:" + closed + "/tsa"),
                URI.create("http://127.0.0.1:" + tsa.getAddress().getPort() + "/busy"))) {
            DocumentException e = issueWith(down);
            assertEquals(DocumentException.Reason.TIME_STAMP_UNAVAILABLE, e.reason(), e.getMessage());
            assertTrue(e.isRetryable());
            assertTrue(e.persianMessage().contains("مهر زمانی"), e.persianMessage());
        }
    }

    @Test
    void anAuthorityAnsweringGarbageIsNotRetryable() throws Exception {
        DocumentException e = issueWith(URI.create("http://127.0.0.1:" + tsa.getAddress().getPort() + "/garbage"));
        assertEquals(DocumentException.Reason.TIME_STAMP_INVALID, e.reason(), e.getMessage());
        assertFalse(e.isRetryable());
    }
}
