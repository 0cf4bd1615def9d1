package org.panjereh.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the citizen on the sandbox's payment page (contract section 10) without a browser, for tests, the
 * conformance kit and load runs: open {@code nextUrl}, choose a test card and press a button, the way the page's
 * form would be submitted.
 *
 * <pre>{@code
 * Optional<URI> back = PaymentPageDriver.submit(start.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD);
 * // back is returnUrl?paymentId=…, or empty when no return happens (lost return, "close the browser")
 * }</pre>
 */
public final class PaymentPageDriver {

    /** The test card that pays. */
    public static final String GOOD_CARD = "6037990000000006";
    /** The test card the bank refuses (insufficient funds). */
    public static final String REFUSED_CARD = "6104330000000004";

    /** The page's buttons. */
    public enum Action {
        /** Pay and return to the agency. */
        PAY("pay"),
        /** Cancel and return to the agency. */
        CANCEL("cancel"),
        /** Pay, then close the browser: no return happens. */
        PAY_NO_RETURN("pay-no-return");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }
    }

    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private PaymentPageDriver() {
    }

    /**
     * Opens the payment page and submits it.
     *
     * @param nextUrl the {@code nextUrl} of the created payment
     * @param action  the button
     * @param card    the test card number
     * @return where the page sends the citizen back, or empty when it does not (a lost return, or pay-no-return)
     * @throws IOException if the page cannot be used (already paid, expired, unknown: the message says which status)
     */
    public static Optional<URI> submit(URI nextUrl, Action action, String card) throws IOException {
        try {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(nextUrl).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (page.statusCode() != 200) {
                throw new IOException("The payment page answered " + page.statusCode());
            }
            Matcher m = TOKEN.matcher(page.body());
            if (!m.find()) {
                throw new IOException("The payment page has no form");
            }
            String form = "token=" + m.group(1) + "&action=" + action.wire + "&card="
                    + URLEncoder.encode(card, StandardCharsets.UTF_8);
            HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(nextUrl)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (done.statusCode() == 303) {
                return done.headers().firstValue("Location").map(URI::create);
            }
            if (done.statusCode() == 200) {
                return Optional.empty();
            }
            throw new IOException("The payment page refused the form: " + done.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }
}
