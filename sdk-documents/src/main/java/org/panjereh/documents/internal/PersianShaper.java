package org.panjereh.documents.internal;

import com.ibm.icu.text.ArabicShaping;
import com.ibm.icu.text.ArabicShapingException;
import com.ibm.icu.text.Bidi;

/**
 * Persian text made ready for a PDF content stream, which draws glyphs left to right and does no shaping: ICU4J
 * joins the letters (their presentation forms) and reorders the line right to left with the Unicode bidirectional
 * algorithm, so numbers and Latin runs inside stay in their own order.
 */
public final class PersianShaper {

    private PersianShaper() {
    }

    /**
     * @param ltr a run that must read left to right as one unit inside a Persian line (a grouped tracking id)
     * @return the run wrapped in a left-to-right isolate (U+2066 … U+2069)
     */
    public static String isolateLtr(String ltr) {
        return "\u2066" + ltr + "\u2069";
    }

    /**
     * @param logical a line in logical (typing) order
     * @return the same line in visual order with joined letters, to be drawn left to right
     */
    public static String visual(String logical) {
        try {
            ArabicShaping shaper = new ArabicShaping(ArabicShaping.LETTERS_SHAPE | ArabicShaping.TEXT_DIRECTION_LOGICAL
                    | ArabicShaping.LENGTH_GROW_SHRINK);
            String shaped = shaper.shape(logical);
            Bidi bidi = new Bidi(shaped, Bidi.RTL);
            return bidi.writeReordered(Bidi.DO_MIRRORING | Bidi.REMOVE_BIDI_CONTROLS);
        } catch (ArabicShapingException e) {
            throw new IllegalArgumentException("Cannot shape the text: " + e.getMessage(), e);
        }
    }
}
