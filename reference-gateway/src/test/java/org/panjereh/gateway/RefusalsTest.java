package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.TrackingId;
import org.panjereh.testing.LogCapture;

/** Every refusal a person or an app sees carries an error id, and that id stands in exactly one log line. */
@QuarkusTest
class RefusalsTest {

    private static final Pattern ID = Pattern.compile("شناسه خطا(?: برای پشتیبانی)?: ([0-9a-f-]{36})");

    @Inject
    Platform platform;

    private final LogCapture log = new LogCapture();

    @BeforeEach
    void captureLogs() {
        log.attach();
    }

    @AfterEach
    void stopCapturing() {
        log.detach();
    }

    private void loggedOnce(String what, String body) {
        Matcher m = ID.matcher(body);
        assertTrue(m.find(), what + ": no error id on the page: " + body);
        String id = m.group(1);
        long lines = log.lines().stream().filter(l -> l.contains(id)).count();
        assertEquals(1, lines, what + ": the id " + id + " in " + lines + " log lines");
        for (String l : log.lines()) {
            RefusalsTest.noSecrets(l);
        }
    }

    static void noSecrets(String line) {
        SecurityTest.NATIONAL_CODES.forEach(code -> assertFalse(line.contains(code), "national code in the log: " + line));
        assertFalse(line.contains("eyJ"), "a token in the log: " + line);
    }

    @Test
    void eachKindOfRefusalHasItsIdInOneLogLine() throws Exception {
        Browser anyone = new Browser();
        loggedOnce("unknown page", anyone.get("/no/such/page").body());
        loggedOnce("malformed document code", anyone.get("/verify/NOT-A-CODE").body());
        loggedOnce("unknown document", anyone.get("/verify/0000000000000000").body());
        Browser maryam = new Browser();
        maryam.login(platform.embeddedSandbox().orElseThrow(), "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        loggedOnce("forged payment return", maryam.get("/payments/return?paymentId=" + UUID.randomUUID()).body());
        loggedOnce("stale CSRF token", maryam.post("/apply/10101234568", "csrf", "forged", "submission",
                UUID.randomUUID().toString(), "postalCode", "1991943711").body());
        TrackingId t = PaymentJourneyTest.applyForLicence(maryam);
        Browser staff = new Browser();
        staff.login(platform.embeddedSandbox().orElseThrow(), "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        loggedOnce("delivery of an unpaid request", PaymentJourneyTest.staffAct(staff, t, "deliver"));
        loggedOnce("not staff", maryam.get("/staff").body());
        loggedOnce("a receipt that does not exist", maryam.post("/my/requests/" + t.value() + "/receipt", "csrf",
                maryam.get("/my/requests/" + t.value()).field("csrf"), "fee", "licence", "rrn", "999999999999", "amount", "500000").body());
        Answer api = answer(ApiTest.call("GET", "/api/v1/documents/xyz", null, null, null));
        loggedOnce("API problem", api.detail);
        assertTrue(api.errorId.length() == 36, api.errorId);
    }

    @Test
    void loginExchangeAndTokenRefusalsToo() throws Exception {
        Browser.Page forged = new Browser().get("/callback?state=forged&code=stolen-code-value&iss=x");
        assertEquals(400, forged.status());
        loggedOnce("forged login callback", forged.body());
        assertTrue(log.lines().stream().noneMatch(l -> l.contains("stolen-code-value")), "no authorization code in the log");

        Browser maryam = new Browser();
        Browser.Page form = maryam.login(platform.embeddedSandbox().orElseThrow(), "citizen-maryam", "urn:ir:gov:loa:2",
                "/apply/10101234568");
        Browser.Page unknownPostcode = maryam.post("/apply/10101234568", "csrf", form.field("csrf"), "submission",
                form.field("submission"), "postalCode", "9999999999");
        assertEquals(422, unknownPostcode.status(), unknownPostcode.body());
        loggedOnce("postcode the exchange does not know", unknownPostcode.body());

        ApiTest.Answer garbage = ApiTest.call("GET", "/api/v1/requests", "eyJnot.a.token", null, null);
        assertEquals(401, garbage.status(), garbage.raw());
        loggedOnce("API token refused", garbage.json().path("detail").asText());
    }

    private record Answer(String detail, String errorId) {
    }

    private static Answer answer(ApiTest.Answer a) {
        return new Answer(a.json().path("detail").asText(), a.json().path("errorId").asText());
    }
}
