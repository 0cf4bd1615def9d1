package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.core.TrackingId;

/**
 * The payment rules (contract section 10; ضوابط فنی ماده ۱۳ و تبصره): {@code payment.verified-before-delivery},
 * {@code payment.refund-on-reject} and {@code payment.receipt-once}, with the driver's paid service, the citizen of the
 * kit's journey and a staff member, reading what reached the platform from the sandbox's record.
 */
final class PaymentChecks {

    /** A browser the checks need, made or found when asked. */
    interface Browser {
        PortalBrowser get() throws IOException, Checks.Broken;
    }

    private final URI portal;
    private final SandboxAdmin sandbox;
    private final PortalDriver driver;
    private final Duration wait;
    private final Browser citizen;
    private final Browser staffLogin;
    private PortalBrowser staff;

    PaymentChecks(URI portal, SandboxAdmin sandbox, PortalDriver driver, Duration wait, Browser citizen, Browser staff) {
        this.portal = portal;
        this.sandbox = sandbox;
        this.driver = driver;
        this.wait = wait;
        this.citizen = citizen;
        this.staffLogin = staff;
    }

    /** The staff member, logged in once for all three rules. */
    private PortalBrowser staff() throws IOException, Checks.Broken {
        if (staff == null) {
            staff = staffLogin.get();
        }
        return staff;
    }

    /** Presses a button of the sandbox's payment page in the citizen's browser; follows the return, if any. */
    private PortalBrowser.Page payAtPlatform(URI nextUrl, String action) throws IOException, Checks.Broken {
        PortalBrowser citizen = this.citizen.get();
        PortalBrowser.Page page = citizen.open(nextUrl.toString());
        if (page.first("form input[name=token]").isEmpty()) {
            throw new Checks.Broken("The portal sent the citizen to " + nextUrl + ", which is not the national payment page: "
                    + Checks.excerpt(page));
        }
        return citizen.submit(page, "form", Map.of("action", action));
    }

    private static String paymentIdOf(URI nextUrl) {
        String p = nextUrl.getPath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** The portal's return URL the platform sent the citizen to, from the redirects a page went through. */
    private Optional<URI> returnOf(PortalBrowser.Page page, String paymentId) {
        return page.redirects().stream().filter(u -> u.toString().startsWith(portal.toString())
                && paymentId.equals(Checks.query(u).get("paymentId"))).findFirst();
    }

    /**
     * Staff deliver, again every 2 s (a portal may verify a payment in the background first), until a delivered event
     * reaches the platform or the wait runs out. In the last 2 s, a portal that says nothing is on its way and sent no
     * delivered event did not deliver: the answer is known then, without waiting out the rest.
     */
    private boolean deliveredAfterTrying(TrackingId t, Duration within) throws IOException, InterruptedException, Checks.Broken {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                driver.deliver(staff(), t);
            } catch (IOException e) {
                // the portal may refuse, or the request may already be delivered
            }
            long until = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(2).toNanos());
            while (System.nanoTime() < until) {
                if (hasEvent(t, "ir.gov.service.delivered")) {
                    return true;
                }
                if (until == deadline && sandbox.portalSettled()) {
                    return hasEvent(t, "ir.gov.service.delivered");
                }
                Thread.sleep(100); // events arrive from the portal's outbox, asynchronously
            }
            if (System.nanoTime() >= deadline) {
                return hasEvent(t, "ir.gov.service.delivered");
            }
        }
    }

    private boolean hasEvent(TrackingId t, String type) throws IOException {
        return sandbox.record("event").stream().anyMatch(e -> e.path("subject").asText().equals(t.value())
                && e.path("type").asText().equals(type));
    }

    private List<JsonNode> payments(String paymentId, String action) throws IOException {
        return sandbox.record("payment").stream().filter(p -> paymentId.equals(p.path("paymentId").asText())
                && action.equals(p.path("action").asText())).toList();
    }

    void verifiedBeforeDelivery() throws Checks.Broken, IOException, InterruptedException {
        PortalBrowser citizen = this.citizen.get();
        // A cancelled payment and a forged return: no delivery may follow.
        TrackingId unpaid = driver.applyForPaidService(citizen);
        URI next = driver.startPayment(citizen, unpaid);
        String cancelledId = paymentIdOf(next);
        PortalBrowser.Page afterCancel = payAtPlatform(next, "cancel");
        URI back = returnOf(afterCancel, cancelledId).orElseThrow(() -> new Checks.Broken("After cancelling, the platform's "
                + "return to the portal was not followed: " + afterCancel.redirects()));
        citizen.get(back.toString().replace(cancelledId, java.util.UUID.randomUUID().toString()));
        if (deliveredAfterTrying(unpaid, Duration.ofSeconds(2))) {
            throw new Checks.Broken("Request " + unpaid.value() + " was delivered although its only payment was cancelled (and a "
                    + "forged return for another payment id came)");
        }
        // Paid, the return repeated: verified with the platform, then delivered.
        TrackingId paid = driver.applyForPaidService(citizen);
        URI nextPaid = driver.startPayment(citizen, paid);
        String paidId = paymentIdOf(nextPaid);
        PortalBrowser.Page afterPay = payAtPlatform(nextPaid, "pay");
        URI backPaid = returnOf(afterPay, paidId).orElseThrow(() -> new Checks.Broken("After paying, the platform's return to the "
                + "portal was not followed: " + afterPay.redirects()));
        citizen.get(backPaid.toString());
        if (!deliveredAfterTrying(paid, wait)) {
            throw new Checks.Broken("Request " + paid.value() + " was paid and its return repeated, but staff could not deliver it");
        }
        if (payments(paidId, "verify").isEmpty()) {
            throw new Checks.Broken("Request " + paid.value() + " was delivered but the portal never verified payment " + paidId
                    + " with the platform: a return is no proof of payment");
        }
        // Paid, the browser closed before returning: the portal must still verify (before the window closes) to deliver.
        TrackingId lost = driver.applyForPaidService(citizen);
        URI nextLost = driver.startPayment(citizen, lost);
        payAtPlatform(nextLost, "pay-no-return");
        if (!deliveredAfterTrying(lost, wait)) {
            throw new Checks.Broken("Payment " + paymentIdOf(nextLost) + " of request " + lost.value() + " was paid but the citizen's "
                    + "browser never came back; the portal did not verify it within " + wait.toSeconds() + " s, so it could not "
                    + "be delivered (and the bank will reverse it)");
        }
        if (payments(paymentIdOf(nextLost), "verify").isEmpty()) {
            throw new Checks.Broken("Request " + lost.value() + " was delivered without its payment ever being verified");
        }
    }

    void refundOnReject() throws Checks.Broken, IOException, InterruptedException {
        PortalBrowser citizen = this.citizen.get();
        TrackingId t = driver.applyForPaidService(citizen);
        URI next = driver.startPayment(citizen, t);
        String id = paymentIdOf(next);
        payAtPlatform(next, "pay");
        driver.reject(staff(), t);
        List<JsonNode> rejected = sandbox.await("event", e -> e.path("subject").asText().equals(t.value()),
                list -> list.stream().anyMatch(e -> e.path("type").asText().equals("ir.gov.service.rejected")), wait);
        if (rejected.stream().noneMatch(e -> e.path("type").asText().equals("ir.gov.service.rejected"))) {
            throw new Checks.Broken("not checked: staff could not reject request " + t.value());
        }
        List<JsonNode> refunds = payments(id, "refund");
        if (refunds.isEmpty()) {
            throw new Checks.Broken("Request " + t.value() + " was paid (payment " + id + ") and rejected, but nothing was refunded");
        }
        JsonNode last = refunds.get(refunds.size() - 1);
        if (last.path("refundedRial").asLong() != last.path("amountRial").asLong()) {
            throw new Checks.Broken("Request " + t.value() + " was rejected but only " + last.path("refundedRial").asLong() + " of "
                    + last.path("amountRial").asLong() + " rial were refunded");
        }
    }

    void receiptOnce() throws Checks.Broken, IOException, InterruptedException {
        PortalBrowser citizen = this.citizen.get();
        TrackingId first = driver.applyForPaidService(citizen);
        TrackingId second = driver.applyForPaidService(citizen);
        long fee = feeOf(driver.paidServiceId().orElseThrow());
        JsonNode receipt = sandbox.newReceipt(fee);
        String rrn = receipt.path("rrn").asText();
        driver.enterReceipt(citizen, first, rrn, fee);
        if (!deliveredAfterTrying(first, wait)) {
            throw new Checks.Broken("A receipt of " + fee + " rial paid at a bank was entered for request " + first.value()
                    + ", but staff could not deliver it");
        }
        boolean confirmed = sandbox.record("payment").stream().anyMatch(p -> "confirm".equals(p.path("action").asText())
                && first.value().equals(p.path("trackingId").asText()));
        if (!confirmed) {
            throw new Checks.Broken("Request " + first.value() + " was delivered on a receipt the portal never confirmed with the platform");
        }
        driver.enterReceipt(citizen, second, rrn, fee);
        if (deliveredAfterTrying(second, Duration.ofSeconds(2))) {
            throw new Checks.Broken("The receipt that paid request " + first.value() + " paid request " + second.value() + " too");
        }
    }

    private long feeOf(String paidServiceId) throws IOException, Checks.Broken {
        for (JsonNode card : sandbox.cards(paidServiceId)) {
            if (card.path("fees").size() > 0) {
                return card.path("fees").get(0).path("amountRial").asLong();
            }
        }
        throw new Checks.Broken("not checked: service " + paidServiceId + " has no fee on its card");
    }
}
