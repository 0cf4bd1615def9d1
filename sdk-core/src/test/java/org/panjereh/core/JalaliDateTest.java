package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JalaliDateTest {

    @ParameterizedTest
    @CsvSource({
        "1375/12/30, 1997-03-20",
        "1404/01/01, 2025-03-21",
        "1403/12/30, 2025-03-20",
        "1403/01/01, 2024-03-20",
        "1402/12/29, 2024-03-19",
        "1399/12/30, 2021-03-20",
        "1405/10/01, 2026-12-22"})
    void knownConversions(String jalali, String gregorian) {
        JalaliDate j = JalaliDate.parse(jalali);
        assertEquals(LocalDate.parse(gregorian), j.toLocalDate());
        assertEquals(j, JalaliDate.from(LocalDate.parse(gregorian)));
        assertEquals(jalali, j.toString());
    }

    @Test
    void leapYears() {
        assertTrue(JalaliDate.isLeapYear(1403));
        assertFalse(JalaliDate.isLeapYear(1402));
        assertFalse(JalaliDate.isLeapYear(1404));
        assertEquals(30, JalaliDate.lengthOfMonth(1403, 12));
        assertEquals(29, JalaliDate.lengthOfMonth(1402, 12));
        assertThrows(IllegalArgumentException.class, () -> JalaliDate.of(1402, 12, 30));
        assertThrows(IllegalArgumentException.class, () -> JalaliDate.of(1403, 7, 31));
        assertThrows(IllegalArgumentException.class, () -> JalaliDate.of(1403, 13, 1));
    }

    @Test
    void roundTripEveryDayAcrossLeapYears() {
        LocalDate d = LocalDate.of(2020, 1, 1);
        JalaliDate prev = null;
        while (d.isBefore(LocalDate.of(2030, 1, 1))) {
            JalaliDate j = JalaliDate.from(d);
            assertEquals(d, JalaliDate.of(j.year(), j.month(), j.day()).toLocalDate());
            assertEquals(j, JalaliDate.parse(j.toPersianDigits()));
            if (prev != null) {
                assertTrue(prev.compareTo(j) < 0);
            }
            prev = j;
            d = d.plusDays(1);
        }
    }

    @Test
    void persianFormsAndParsing() {
        JalaliDate j = JalaliDate.parse("۱۴۰۳/۱۲/۳۰");
        assertEquals("۳۰ اسفند ۱۴۰۳", j.toPersianString());
        assertEquals("۱۴۰۳/۱۲/۳۰", j.toPersianDigits());
        assertEquals(j, JalaliDate.parse("1403-12-30"));
        assertThrows(IllegalArgumentException.class, () -> JalaliDate.parse("1403/12"));
        assertThrows(IllegalArgumentException.class, () -> JalaliDate.parse(null));
    }

    @Test
    void instantsUseTehranTime() {
        // 20:30 UTC on 20 March 2025 is 00:00 on 21 March in Tehran: Nowruz 1404.
        assertEquals(JalaliDate.of(1404, 1, 1), JalaliDate.of(Instant.parse("2025-03-20T20:30:00Z")));
        assertEquals(JalaliDate.of(1403, 12, 30), JalaliDate.of(Instant.parse("2025-03-20T20:29:59Z")));
    }
}
