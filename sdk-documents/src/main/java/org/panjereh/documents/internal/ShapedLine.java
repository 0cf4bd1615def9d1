package org.panjereh.documents.internal;

/**
 * One line laid out by {@link TextShaper}: the font's glyph ids in visual (left-to-right drawing) order, where each
 * is drawn, and the text the line says in logical order (for copying, search and screen readers).
 *
 * @param text    the line in logical (typing) order, without bidirectional controls
 * @param glyphs  glyph ids of the font, left to right
 * @param x       where each glyph's origin is, in thousandths of the font size from the line's start
 * @param y       each glyph's vertical offset (marks placed by the font's GPOS), in thousandths, up positive
 * @param chars   the characters each glyph stands for, in logical order (two for a lam-alef ligature, none for the
 *                second glyph of a character drawn as two)
 * @param advance the line's width in thousandths of the font size
 */
public record ShapedLine(String text, int[] glyphs, float[] x, float[] y, String[] chars, float advance) {

    /**
     * @param size the font size in points
     * @return the line's width at that size
     */
    public float width(float size) {
        return advance / 1000f * size;
    }
}
