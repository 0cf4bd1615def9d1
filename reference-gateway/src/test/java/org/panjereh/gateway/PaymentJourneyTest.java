package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.PaymentPageDriver;

/**
 * «صدور پروانه کسب» with its fee: the amount in rials and tomans, pay at the national payment page, the return
 * verified (never trusted), delivery refused until paid, refunded when rejected, a bank receipt used once.
 */
@QuarkusTest
class PaymentJourneyTest {

    static final String LICENCE = "10101234567";

    @Inject
    Platform platform;
    @Inject
    Agency agency;
    @Inject
    Fees fees;

    static TrackingId applyForLicence(Browser citizen) throws Exception {
        Browser.Page form = citizen.get("/apply/" + LICENCE);
        assertEquals(200, form.status(), form.body());
        Browser.Page done = citizen.post("/apply/" + LICENCE, "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "1991943711");
        assertEquals(303, done.status(), done.body());
        return TrackingId.of(done.location().substring("/my/requests/".length()));
    }

    /** Presses «پرداخت» and returns the national payment page's address. */
    static URI pressPay(Browser citizen, TrackingId t) throws Exception {
        Browser.Page page = citizen.get("/my/requests/" + t.value());
        Browser.Page pay = citizen.post("/my/requests/" + t.value() + "/pay", "csrf", page.field("csrf"), "fee", "licence");
        assertEquals(303, pay.status(), pay.body());
        return URI.create(pay.location());
    }

    /** Staff press a button of the request on the console: {@code status body}. */
    static String staffAct(Browser staff, TrackingId t, String action) throws Exception {
        Browser.Page console = staff.get("/staff");
        Matcher m = Pattern.compile("action=\"/staff/requests/" + t.value() + "/" + action
                + "\"><input type=\"hidden\" name=\"csrf\" value=\"[^\"]*\"><input type=\"hidden\" name=\"version\" value=\"(\\d+)\"")
                .matcher(console.body());
        assertTrue(m.find(), console.body());
        Browser.Page done = staff.post("/staff/requests/" + t.value() + "/" + action, "csrf", console.field("csrf"),
                "version", m.group(1));
        return done.status() + " " + done.body();
    }

    List<String> events(URI sandbox, TrackingId t) throws Exception {
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)));
        List<String> types = new ArrayList<>();
        for (JsonNode e : JourneyTest.record(sandbox, "event")) {
            if (e.path("subject").asText().equals(t.value())) {
                types.add(e.path("type").asText().replace("ir.gov.service.", "") + e.path("data").path("step").asText("")
                        + e.path("data").path("outcome").asText(""));
            }
        }
        return types;
    }

    @Test
    void theFeeIsPaidVerifiedAndOnlyThenDelivered() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = applyForLicence(maryam);
        Browser.Page page = maryam.get("/my/requests/" + t.value());
        assertTrue(page.body().contains("۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)") && page.body().contains("پرداخت نشده"), page.body());
        assertTrue(page.body().contains("name=\"rrn\""), "a receipt can be entered instead");

        Browser staff = new Browser();
        staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        String refused = staffAct(staff, t, "deliver");
        assertTrue(refused.startsWith("409") && refused.contains("هنوز پرداخت و تأیید نشده"), refused);

        URI payPage = pressPay(maryam, t);
        assertTrue(payPage.toString().startsWith(sandbox + "/pay/"), payPage.toString());
        URI back = PaymentPageDriver.submit(payPage, PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        assertTrue(back.toString().startsWith(GatewayTest.BASE + "/payments/return?paymentId="), back.toString());
        Browser.Page returned = maryam.get(back.toString());
        assertEquals(303, returned.status(), returned.body());
        assertEquals("/my/requests/" + t.value(), returned.location());
        Browser.Page paid = maryam.get(returned.location());
        assertTrue(paid.body().contains("پرداخت و تأیید شده"), paid.body());
        assertFalse(paid.body().contains("action=\"/my/requests/" + t.value() + "/pay\""), "no second payment offered");

        // The return again (a reload), and a forged and a foreign one: nothing more is paid, nothing is refused silently.
        assertEquals(303, maryam.get(back.toString()).status());
        Browser.Page forged = maryam.get("/payments/return?paymentId=" + UUID.randomUUID());
        assertEquals(404, forged.status());
        assertTrue(forged.body().contains("ثبت نشده") && forged.body().contains("شناسه خطا"), forged.body());
        assertEquals(400, maryam.get("/payments/return?paymentId=%3Cscript%3E").status());
        Browser ali = new Browser();
        ali.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/my");
        Browser.Page foreign = ali.get(back.toString());
        assertEquals(403, foreign.status());
        assertTrue(foreign.body().contains("متعلق به شما نیست"), foreign.body());

        assertTrue(staff.get("/staff").body().contains("پرداخت و تأیید شده"));
        assertTrue(staffAct(staff, t, "deliver").startsWith("303"));
        assertEquals(List.of("started", "steppaymentcompleted", "deliveredapproved"), events(sandbox, t));
        for (JsonNode e : JourneyTest.record(sandbox, "event")) {
            assertFalse(e.toString().contains("500000"), "no amount in any event");
        }
    }

    @Test
    void aPaidRequestRejectedIsRefundedOnce() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = applyForLicence(maryam);
        URI back = PaymentPageDriver.submit(pressPay(maryam, t), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD)
                .orElseThrow();
        maryam.get(back.toString());
        Browser staff = new Browser();
        staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        assertTrue(staffAct(staff, t, "reject").startsWith("303"));
        Browser.Page mine = maryam.get("/my/requests/" + t.value());
        assertTrue(mine.body().contains("رد شده") && mine.body().contains("بازپرداخت: ۵۰۰٬۰۰۰ ریال"), mine.body());
        assertEquals(List.of("started", "steppaymentcompleted", "steppaymentrefunded", "rejectedrejected"), events(sandbox, t));
        int refunds = 0;
        for (JsonNode p : JourneyTest.record(sandbox, "payment")) {
            if (p.path("trackingId").asText().equals(t.value()) && p.path("action").asText().equals("refund")) {
                refunds++;
                assertEquals(500_000, p.path("refundedRial").asLong());
            }
        }
        assertEquals(1, refunds);
    }

    @Test
    void aBankReceiptPaysOneRequestOnly() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId first = applyForLicence(maryam);
        TrackingId second = applyForLicence(maryam);
        Browser.Page page = maryam.get("/my/requests/" + first.value());
        Browser.Page wrong = maryam.post("/my/requests/" + first.value() + "/receipt", "csrf", page.field("csrf"), "fee",
                "licence", "rrn", "999999999999", "amount", "500000");
        assertEquals(404, wrong.status());
        assertTrue(wrong.body().contains("یافت نشد"), wrong.body());
        Browser.Page ok = maryam.post("/my/requests/" + first.value() + "/receipt", "csrf", page.field("csrf"), "fee",
                "licence", "rrn", "۲۲۳۴۵۶۷۸۹۰۱۲", "amount", "۶۰۰٬۰۰۰");
        assertEquals(303, ok.status(), ok.body());
        assertTrue(maryam.get("/my/requests/" + first.value()).body().contains("رسید پرداخت بانکی"));
        Browser.Page again = maryam.post("/my/requests/" + second.value() + "/receipt", "csrf", page.field("csrf"), "fee",
                "licence", "rrn", "223456789012", "amount", "600000");
        assertEquals(409, again.status());
        assertTrue(again.body().contains("درخواست دیگری") && again.body().contains("شناسه خطا"), again.body());
        Browser.Page garbage = maryam.post("/my/requests/" + second.value() + "/receipt", "csrf", page.field("csrf"), "fee",
                "licence", "rrn", "223456789012", "amount", "پانصد");
        assertEquals(422, garbage.status());
    }

    @Test
    void aPaymentWhoseBrowserNeverCameBackIsVerifiedByTheReconciler() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = applyForLicence(maryam);
        Optional<URI> back = PaymentPageDriver.submit(pressPay(maryam, t), PaymentPageDriver.Action.PAY_NO_RETURN,
                PaymentPageDriver.GOOD_CARD);
        assertTrue(back.isEmpty());
        assertTrue(maryam.get("/my/requests/" + t.value()).body().contains("در انتظار پرداخت"));
        assertTrue(fees.reconciler().runOnce().paid() >= 1);
        assertTrue(maryam.get("/my/requests/" + t.value()).body().contains("پرداخت و تأیید شده"));
    }
}
