package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;

/**
 * The rule {@code card.public-and-complete} (contract section 3; ضوابط فنی ماده ۹ و تبصره‌های ۱ و ۲، پیوست ب): each
 * service the portal offers has an approved card holding every item, and the portal shows its citizen-facing items on a
 * page anyone can open. The card's completeness is judged here from the contract's table, not by the SDK's validator,
 * so that a mistake in one is caught by the other.
 */
final class CardChecks {

    private final URI portal;
    private final SandboxAdmin sandbox;
    private final PortalDriver driver;

    CardChecks(URI portal, SandboxAdmin sandbox, PortalDriver driver) {
        this.portal = portal;
        this.sandbox = sandbox;
        this.driver = driver;
    }

    void publicAndComplete() throws Checks.Broken, IOException {
        List<String> problems = new ArrayList<>();
        for (String serviceId : driver.offeredServices()) {
            List<JsonNode> cards = sandbox.cards(serviceId);
            if (cards.isEmpty()) {
                problems.add(serviceId + ": the service registry holds no card for it");
                continue;
            }
            JsonNode card = cards.get(0);
            String status = card.path("status").asText("");
            if (!status.equals("approved")) {
                problems.add(serviceId + ": its card is " + (status.isEmpty() ? "without a status" : status) + ", not approved");
            }
            for (String missing : missingItems(card)) {
                problems.add(serviceId + ": its card " + missing);
            }
            problems.addAll(publicPage(serviceId, card));
        }
        if (!problems.isEmpty()) {
            throw new Checks.Broken(String.join("; ", problems));
        }
    }

    /** Every item of the contract's table a card must carry, and its consistency rules. */
    static List<String> missingItems(JsonNode c) {
        List<String> out = new ArrayList<>();
        for (String text : List.of("title", "description", "legalBasis", "deliveryMethod", "deliveryLevel", "authLevel")) {
            if (c.path(text).asText("").isBlank()) {
                out.add("has no " + text);
            }
        }
        for (String list : List.of("eligible", "channels", "audience", "steps")) {
            if (!c.path(list).isArray() || c.path(list).isEmpty()) {
                out.add("has no " + list);
            }
        }
        if (!c.path("requiredData").isArray()) {
            out.add("has no requiredData");
        }
        if (!c.path("inPersonReasons").isArray()) {
            out.add("has no inPersonReasons");
        }
        if (!c.path("yearlyVolume").isObject()) {
            out.add("has no yearlyVolume");
        }
        for (String number : List.of("directCostRial", "costPriceRial", "expectedDurationDays")) {
            if (!c.path(number).isIntegralNumber() || c.path(number).asLong() < 0) {
                out.add("has no " + number);
            }
        }
        int maturity = c.path("maturity").asInt(0);
        if (maturity < 1 || maturity > 5) {
            out.add("has no maturity from 1 to 5");
        } else if (maturity == 5 && c.path("smartCriteria").asText("").isBlank()) {
            out.add("has maturity 5 without smartCriteria");
        }
        for (JsonNode fee : c.path("fees")) {
            if (fee.path("legalBasis").asText("").isBlank()) {
                out.add("has fee " + fee.path("code").asText() + " without its legalBasis");
            }
        }
        boolean counter = false;
        for (JsonNode ch : c.path("channels")) {
            counter |= ch.asText().equals("counter");
        }
        if (counter && !c.path("offices").isObject()) {
            out.add("has a counter channel but no offices");
        }
        try {
            java.time.OffsetDateTime reviewed = moment(c.path("reviewedAt").asText(""));
            java.time.OffsetDateTime valid = moment(c.path("validUntil").asText(""));
            if (valid.isAfter(reviewed.plusYears(1))) {
                out.add("is valid until " + valid + ", more than a year after its review on " + reviewed);
            }
        } catch (DateTimeParseException e) {
            out.add("has no reviewedAt and validUntil dates");
        }
        return out;
    }

    /** An RFC 3339 date-time, or a bare date taken as its start in UTC. */
    private static java.time.OffsetDateTime moment(String s) {
        return s.length() == 10 ? LocalDate.parse(s).atStartOfDay().atOffset(java.time.ZoneOffset.UTC)
                : java.time.OffsetDateTime.parse(s);
    }

    /** The card's page at the portal, opened by someone who never logged in, must show what a citizen needs. */
    private List<String> publicPage(String serviceId, JsonNode card) throws IOException {
        String path = driver.cardPage(serviceId);
        PortalBrowser anyone = new PortalBrowser(portal);
        PortalBrowser.Page page = anyone.open(path);
        if (!page.url().getAuthority().equals(portal.getAuthority()) || page.status() != 200) {
            return List.of(serviceId + ": its card page " + path + " is not public: without login it answered " + page.status()
                    + " at " + page.url().getHost() + page.url().getPath());
        }
        String shown = normalise(page.text());
        List<String> out = new ArrayList<>();
        List<String> items = new ArrayList<>(List.of(card.path("title").asText(), card.path("description").asText(),
                card.path("legalBasis").asText(), card.path("expectedDurationDays").asText()));
        card.path("fees").forEach(f -> {
            items.add(f.path("amountRial").asText());
            items.add(f.path("legalBasis").asText());
        });
        card.path("requiredData").forEach(f -> items.add(f.path("title").asText()));
        card.path("inPersonReasons").forEach(r -> items.add(r.asText()));
        for (String item : items) {
            if (!item.isBlank() && !shown.contains(normalise(item))) {
                out.add(serviceId + ": its public page " + path + " does not show «" + item + "»");
            }
        }
        return out;
    }

    /**
     * Digits in any script as ASCII, thousands separators and zero-width non-joiners dropped, Arabic letters as Persian,
     * whitespace collapsed: a page may write the card's items in any of the forms a Persian reader reads as the same.
     */
    static String normalise(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '\u06F0' && ch <= '\u06F9') {
                b.append((char) ('0' + ch - '\u06F0'));
            } else if (ch >= '\u0660' && ch <= '\u0669') {
                b.append((char) ('0' + ch - '\u0660'));
            } else if (ch == '\u066C' || ch == ',' || ch == '\u200C') {
                continue;
            } else if (ch == '\u064A') {
                b.append('\u06CC');
            } else if (ch == '\u0643') {
                b.append('\u06A9');
            } else if (Character.isWhitespace(ch) || ch == '\u00A0') {
                if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else {
                b.append(ch);
            }
        }
        return b.toString().trim();
    }
}
