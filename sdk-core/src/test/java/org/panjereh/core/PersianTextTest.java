package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PersianTextTest {

    @Test
    void arabicLettersBecomePersian() {
        assertEquals("علی کریمی", PersianText.normalize("علي كريمي"));
        assertEquals("موسی", PersianText.normalize("موسى"));
    }

    @Test
    void diacriticsKeshideAndBidiMarksAreDropped() {
        assertEquals("محمد", PersianText.normalize("مُحَمَّد"));
        assertEquals("تهران", PersianText.normalize("تهــــران"));
        assertEquals("تهران", PersianText.normalize("\u200Fتهران\u200E"));
    }

    @Test
    void whitespaceAndZwnjCollapse() {
        assertEquals("می\u200Cخواهم برگردم", PersianText.normalize("  می\u200C\u200Cخواهم   \t برگردم \u200C"));
        assertEquals("خانه ما", PersianText.normalize("خانه\u200C ما"));
    }

    @Test
    void digitsBecomeAscii() {
        assertEquals("پلاک 12", PersianText.normalize("پلاک ۱٢"));
        assertEquals("۱۴۰۳", PersianText.toPersianDigits("1403"));
        assertEquals("1403", PersianText.toAsciiDigits("۱۴۰۳"));
    }

    @Test
    void comparison() {
        assertTrue(PersianText.equalsNormalized("علي  رضايي", "علی رضایی"));
        assertNull(PersianText.normalize(null));
        assertTrue(PersianText.equalsNormalized(null, null));
    }
}
