package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.panjereh.cards.CardDirectory;
import org.panjereh.core.ServiceCard;

/**
 * The staff console's reminder of a card's yearly review (ضوابط فنی، ماده ۹ تبصره ۱), over the gateway's own cards:
 * nothing 31 days before {@code validUntil}, a reminder within 30 days, and "passed" once the date has gone.
 */
class CardReviewReminderTest {

    private final ServiceCard permit = CardDirectory.load(Path.of("cards")).files().stream().map(CardDirectory.CardFile::card)
            .filter(c -> c.serviceId().value().equals("10101234567")).findFirst().orElseThrow();

    @Test
    void noReminderMoreThanThirtyDaysAhead() {
        assertEquals(List.of(), StaffConsole.reviewReminders(List.of(permit), permit.validUntil().minus(Duration.ofDays(31))));
    }

    @Test
    void aReminderWithinThirtyDaysNamesTheCardAndItsJalaliDate() {
        List<String> r = StaffConsole.reviewReminders(List.of(permit), permit.validUntil().minus(Duration.ofDays(29)));
        assertEquals(1, r.size());
        assertTrue(r.get(0).contains("«" + permit.title() + "»"), r.get(0));
        assertTrue(r.get(0).contains("۱ مهر ۱۴۰۶"), "2027-09-22T20:30Z is 1 Mehr 1406 in Tehran: " + r.get(0));
        assertTrue(r.get(0).endsWith("باید بازبینی و دوباره تأیید شود."), r.get(0));
    }

    @Test
    void aPassedReviewSaysSo() {
        Instant after = permit.validUntil().plusSeconds(1);
        List<String> r = StaffConsole.reviewReminders(List.of(permit), after);
        assertTrue(r.get(0).endsWith("مهلت آن گذشته است."), r.get(0));
    }
}
