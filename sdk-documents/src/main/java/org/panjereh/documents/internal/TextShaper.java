package org.panjereh.documents.internal;

import com.ibm.icu.text.Bidi;
import com.ibm.icu.text.BidiRun;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Lays a line out with real OpenType shaping from the font's own GSUB and GPOS tables: joining forms for every
 * Arabic-script letter (Persian's پ چ ژ گ ک ی included), the lam-alef ligature, marks placed where the font says.
 * The JDK's text layout does the shaping (HarfBuzz since JDK 11); ICU's bidirectional algorithm splits the line into
 * runs and orders them right to left, so numbers and Latin text inside keep their own order.
 *
 * <p>Why not ICU4J's {@code ArabicShaping}: it maps letters to Unicode's presentation forms and knows only those of
 * the Forms-B block, which lacks Persian's letters (theirs are in Forms-A), so they were drawn isolated; and a font's
 * own tables, not a table of code points, are what decide how its letters join. Instances are thread-safe.
 */
public final class TextShaper {

    /** Glyph codes the JDK gives for characters it draws as nothing (bidi controls, zero-width joiners). */
    private static final int INVISIBLE = 0xFFFE;
    private static final FontRenderContext CONTEXT = new FontRenderContext(null, false, true);

    private final Font font;

    private TextShaper(Font font) {
        this.font = font;
    }

    /**
     * @param trueType the bytes of a TrueType or OpenType font file
     * @return a shaper for that font
     */
    public static TextShaper of(byte[] trueType) {
        try {
            // Size 1000: positions come out in thousandths of the font size, the unit of PDF glyph space.
            return new TextShaper(Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(trueType)).deriveFont(1000f));
        } catch (FontFormatException | IOException e) {
            throw new IllegalStateException("The JDK cannot read the font for text layout: " + e.getMessage(), e);
        }
    }

    /**
     * @param logical a line in logical (typing) order; Unicode isolates (U+2066 … U+2069) keep a run together
     * @return the line shaped, its glyphs in drawing order
     */
    public ShapedLine shape(String logical) {
        Bidi bidi = new Bidi(logical, Bidi.RTL);
        int capacity = logical.length() + 8;
        int[] glyphs = new int[capacity];
        float[] xs = new float[capacity];
        float[] ys = new float[capacity];
        String[] chars = new String[capacity];
        int n = 0;
        float pen = 0;
        for (int r = 0; r < bidi.countRuns(); r++) {
            BidiRun run = bidi.getVisualRun(r);
            char[] text = withoutControls(logical, run.getStart(), run.getLimit());
            if (text.length == 0) {
                continue;
            }
            GlyphVector gv = font.layoutGlyphVector(CONTEXT, text, 0, text.length,
                    run.isOddRun() ? Font.LAYOUT_RIGHT_TO_LEFT : Font.LAYOUT_LEFT_TO_RIGHT);
            int count = gv.getNumGlyphs();
            if (n + count > glyphs.length) {
                int grown = Math.max(glyphs.length * 2, n + count);
                glyphs = Arrays.copyOf(glyphs, grown);
                xs = Arrays.copyOf(xs, grown);
                ys = Arrays.copyOf(ys, grown);
                chars = Arrays.copyOf(chars, grown);
            }
            String[] clusters = clusters(gv, text, run.isOddRun());
            float[] positions = gv.getGlyphPositions(0, count + 1, null);
            for (int i = 0; i < count; i++) {
                int code = gv.getGlyphCode(i);
                if (code >= INVISIBLE) {
                    continue;
                }
                glyphs[n] = code;
                xs[n] = pen + positions[2 * i];
                ys[n] = -positions[2 * i + 1]; // the JDK's y grows down, PDF's up
                chars[n] = clusters[i];
                n++;
            }
            pen += positions[2 * count];
        }
        return new ShapedLine(withoutControls(logical), Arrays.copyOf(glyphs, n), Arrays.copyOf(xs, n), Arrays.copyOf(ys, n),
                Arrays.copyOf(chars, n), pen);
    }

    /**
     * The characters each glyph of a run stands for: from the character it was made from up to the next character
     * that starts another glyph, so a ligature stands for all of its letters. Where several glyphs come from one
     * character, the first of them stands for it and the others for nothing.
     *
     * <p>In a right-to-left run a glyph standing for several letters (lam-alef) lists them right to left, as drawn:
     * text extractors (poppler, pdf.js, PDFBox) spread a glyph's letters left to right across it and then read the
     * whole right-to-left line backwards, so this is what gives back «پلاک» rather than «پالک».
     */
    private static String[] clusters(GlyphVector gv, char[] text, boolean rightToLeft) {
        int count = gv.getNumGlyphs();
        boolean[] starts = new boolean[text.length + 1];
        starts[text.length] = true;
        for (int i = 0; i < count; i++) {
            starts[gv.getGlyphCharIndex(i)] = true;
        }
        boolean[] given = new boolean[text.length];
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            int from = gv.getGlyphCharIndex(i);
            if (given[from]) {
                out[i] = "";
                continue;
            }
            given[from] = true;
            int to = from + 1;
            while (!starts[to]) {
                to++;
            }
            String letters = new String(text, from, to - from);
            out[i] = rightToLeft && letters.length() > 1 ? new StringBuilder(letters).reverse().toString() : letters;
        }
        return out;
    }

    private static String withoutControls(String s) {
        return new String(withoutControls(s, 0, s.length()));
    }

    private static char[] withoutControls(String s, int start, int limit) {
        StringBuilder b = new StringBuilder(limit - start);
        for (int i = start; i < limit; i++) {
            char c = s.charAt(i);
            if (!isBidiControl(c)) {
                b.append(c);
            }
        }
        char[] out = new char[b.length()];
        b.getChars(0, out.length, out, 0);
        return out;
    }

    private static boolean isBidiControl(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
