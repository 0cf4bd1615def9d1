package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.PaymentPageDriver;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.MutableClock;

/**
 * The built gateway killed with SIGKILL between two citizens paying and the verifies (their browsers never came
 * back). The platform's clock then moves on so that one payment is still inside its 20 s verify window and the
 * other is past it. Restarted on the same data: the first is verified and deliverable, the second was reversed
 * by the platform — not deliverable, and its citizen is told.
 */
class PaymentCrashIT {

    private static final int PORT = 18691;
    private static final String BASE = "http://127.0.0.1:" + PORT;

    /** The platform's clock, moved by hand. */
    @TempDir
    Path dir;

    @Test
    void aKilledGatewayVerifiesInsideTheWindowAndNeverDeliversAReversedPayment() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        URI callback = URI.create(BASE + "/callback");
        MutableClock clock = new MutableClock();
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).clock(clock)
                .verifyWindow(Duration.ofSeconds(20)).agency(new AgencyRegistration("1010", "agency-1010",
                        List.of(callback, URI.create(BASE + "/payments/return")), new JWKSet(key.publicJwk()), null, null, null))
                .build())) {
            Map<String, String> settings = GatewayNode.settings(sandbox, key, dir, callback);
            String issuer = settings.remove("panjereh.platform.issuer");
            settings.put("gateway.data-dir", dir.resolve("data").toString());
            settings.put("gateway.base-url", BASE);
            List<String> options = List.of("--platform=" + issuer);
            // The first process reconciles only at start, so that nothing but the restart can save these payments.
            Map<String, String> first = new java.util.HashMap<>(settings);
            first.put("gateway.payments.reconcile-interval", "PT10M");
            GatewayProcess gateway = GatewayProcess.start(PORT, first, options, Map.of(), dir.resolve("first.log"));
            Browser maryam = new Browser(BASE);
            maryam.login(sandbox.issuer(), "citizen-maryam", "urn:ir:gov:loa:2", "/my");
            TrackingId late = PaymentJourneyTest.applyForLicence(maryam);
            TrackingId early = PaymentJourneyTest.applyForLicence(maryam);
            URI latePage = PaymentJourneyTest.pressPay(maryam, late);
            URI earlyPage = PaymentJourneyTest.pressPay(maryam, early);

            PaymentPageDriver.submit(latePage, PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD);
            clock.advance(Duration.ofSeconds(16));
            PaymentPageDriver.submit(earlyPage, PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD);
            gateway.kill(); // SIGKILL before any reconciler run could verify either (its first run was at start)
            clock.advance(Duration.ofSeconds(6)); // late: 22 s after paying, past the window; early: 6 s, inside

            GatewayProcess again = GatewayProcess.start(PORT, settings, options, Map.of(), dir.resolve("second.log"));
            try {
                String earlyId = paymentId(earlyPage);
                String lateId = paymentId(latePage);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(verified(sandbox, earlyId) && reversedSeen(maryam, late)) && System.nanoTime() < until) {
                    Thread.sleep(100); // the restarted process's reconciler runs on its own schedule
                }
                assertTrue(verified(sandbox, earlyId), "the payment inside the window was verified after the restart: "
                        + again.log());
                Browser.Page latePageNow = maryam.get("/my/requests/" + late.value());
                assertTrue(latePageNow.body().contains("تأیید نشد و مبلغ به حساب پرداخت‌کننده بازگشت"), latePageNow.body());
                Browser staff = new Browser(BASE);
                staff.login(sandbox.issuer(), "citizen-ali", "urn:ir:gov:loa:2", "/staff");
                String refused = PaymentJourneyTest.staffAct(staff, late, "deliver");
                assertTrue(refused.startsWith("409") && refused.contains("هنوز پرداخت و تأیید نشده"), refused);
                assertTrue(PaymentJourneyTest.staffAct(staff, early, "deliver").startsWith("303"));
                assertEquals(0, countAction(sandbox, lateId, "verify"), "a reversed payment is never verified");
            } finally {
                again.close();
            }
        }
    }

    private static String paymentId(URI page) {
        return page.getPath().substring(page.getPath().lastIndexOf('/') + 1);
    }

    private static boolean verified(NationalSandbox sandbox, String paymentId) throws Exception {
        return countAction(sandbox, paymentId, "verify") == 1;
    }

    private static boolean reversedSeen(Browser citizen, TrackingId t) throws Exception {
        return citizen.get("/my/requests/" + t.value()).body().contains("مبلغ به حساب پرداخت‌کننده بازگشت");
    }

    private static long countAction(NationalSandbox sandbox, String paymentId, String action) throws Exception {
        long n = 0;
        for (JsonNode p : JourneyTest.record(sandbox.issuer(), "payment")) {
            if (paymentId.equals(p.path("paymentId").asText()) && action.equals(p.path("action").asText())) {
                n++;
            }
        }
        return n;
    }
}
