package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.ClosingProxy;

/**
 * Issue 16's report, replayed: the platform behind a proxy that closes each connection after answering
 * (no {@code Connection: close}), then behind one with a 1 s idle timeout. Login (PAR, then the code
 * exchange on the pooled connection the proxy closed), application and delivery all succeed, and no
 * request is sent twice where the platform may have processed it.
 */
@QuarkusTest
@QuarkusTestResource(value = ProxiedSandbox.class, restrictToAnnotatedClass = true)
class ClosingProxyTest {

    @Inject
    Agency agency;

    private void journey(Runnable betweenSteps) throws Exception {
        URI platform = ProxiedSandbox.sandbox.issuer();
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(platform, "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234568");
        assertEquals(200, form.status(), form.body());
        betweenSteps.run();
        Browser.Page applied = maryam.post("/apply/10101234568", "csrf", form.field("csrf"), "submission",
                form.field("submission"), "postalCode", "1991943711");
        assertEquals(303, applied.status(), applied.body());
        String t = applied.location().substring("/my/requests/".length());
        betweenSteps.run();
        Browser staff = new Browser();
        Browser.Page console = staff.login(platform, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        betweenSteps.run();
        Browser.Page delivered = staff.post("/staff/requests/" + t + "/deliver", "csrf", console.field("csrf"), "version", "0");
        assertEquals(303, delivered.status(), t + " " + delivered.body());
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)), agency.events().metrics().toString());
        assertEquals(0, agency.events().metrics().rejected(), "nothing refused, nothing sent twice");
    }

    @Test
    void everyConnectionClosedAfterItsAnswer() throws Exception {
        ClosingProxy proxy = ProxiedSandbox.proxy;
        proxy.mode(ClosingProxy.Mode.CLOSE_AFTER_EACH_ANSWER);
        int before = proxy.closedAfterAnswer();
        journey(() -> { });
        assertTrue(proxy.closedAfterAnswer() - before >= 10,
                "the journey crossed the proxy, which closed a connection after each answer: " + proxy.closedAfterAnswer());
    }

    @Test
    void idleConnectionsClosedAfterOneSecond() throws Exception {
        ClosingProxy proxy = ProxiedSandbox.proxy;
        proxy.mode(ClosingProxy.Mode.IDLE_TIMEOUT);
        // The 1 s timer runs for real; between steps the test also fires it at once, so every step finds the
        // connections it pooled closed, whatever the machine's speed.
        int before = proxy.closedIdle();
        journey(proxy::closeIdleConnections);
        assertTrue(proxy.closedIdle() - before >= 3, "pooled connections were closed while idle: " + proxy.closedIdle());
    }
}
