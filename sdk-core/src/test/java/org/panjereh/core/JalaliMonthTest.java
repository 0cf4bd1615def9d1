package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JalaliMonthTest {

    @Test
    void monthsAreBoundedByTehranMidnights() {
        JalaliMonth azar = JalaliMonth.parse("1405-09");
        assertEquals(Instant.parse("2026-11-21T20:30:00Z"), azar.start());
        assertEquals(Instant.parse("2026-12-21T20:30:00Z"), azar.end());
        Instant lastEvening = Instant.parse("2026-12-21T20:20:00Z"); // 23:50 on 30 Azar in Tehran
        assertEquals(azar, JalaliMonth.containing(lastEvening));
        assertTrue(azar.contains(lastEvening));
        assertFalse(azar.contains(azar.end()));
        assertEquals(JalaliMonth.of(1405, 10), JalaliMonth.containing(azar.end()));
    }

    @Test
    void yearsTurnAndEsfandOfALeapYearHasThirtyDays() {
        JalaliMonth esfand = JalaliMonth.of(1403, 12);
        assertEquals(JalaliMonth.of(1404, 1), esfand.next());
        assertEquals(esfand, JalaliMonth.of(1404, 1).previous());
        assertEquals(Instant.parse("2025-03-20T20:30:00Z"), esfand.end()); // 1404/01/01 = 2025-03-21
        assertEquals(30, java.time.Duration.between(esfand.start(), esfand.end()).toDays());
    }

    @Test
    void digitsOfEveryScriptAreReadAndNonsenseIsRefused() {
        assertEquals(JalaliMonth.of(1405, 9), JalaliMonth.parse("۱۴۰۵-۰۹"));
        assertEquals(JalaliMonth.of(1405, 9), JalaliMonth.parse("١٤٠٥-٠٩"));
        assertEquals("1405-09", JalaliMonth.of(1405, 9).toString());
        assertEquals("آذر ۱۴۰۵", JalaliMonth.of(1405, 9).toPersianString());
        for (String bad : new String[] {"1405-13", "1405-00", "1405-9", "14059", "", "1405/09"}) {
            assertThrows(IllegalArgumentException.class, () -> JalaliMonth.parse(bad), bad);
        }
        assertTrue(JalaliMonth.of(1405, 1).compareTo(JalaliMonth.of(1404, 12)) > 0);
    }
}
