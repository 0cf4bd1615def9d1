package org.panjereh.documents.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A page's content stream written operator by operator, because shaped text is drawn by glyph id: PDFBox's own
 * content stream only draws characters through the font's character map, which would undo the shaping. Each font's
 * {@code /ToUnicode} map then says which letters each drawn glyph stands for (a joined ی is still U+06CC, a lam-alef
 * ligature is ل and ا), so text extraction, search and screen readers get the letters as typed, never presentation
 * forms, and every glyph has its Unicode value as PDF/A-2u asks.
 */
final class PageContent {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder ops = new StringBuilder(16 * 1024);
    private final PDResources resources = new PDResources();
    /** For each font drawn with: the characters each glyph id stands for (the first seen, if a glyph serves two). */
    private final Map<PDType0Font, Map<Integer, String>> unicode = new LinkedHashMap<>();

    /**
     * Draws a shaped line with its logical text attached.
     *
     * @param font the embedded font the line was shaped with
     * @param size the font size in points
     * @param line the line
     * @param x    where its left edge is
     * @param y    its baseline
     */
    void text(PDType0Font font, float size, ShapedLine line, float x, float y) {
        COSName name = resources.add(font);
        Map<Integer, String> glyphText = unicode.computeIfAbsent(font, f -> new TreeMap<>());
        ops.append("BT\n/").append(name.getName()).append(' ').append(number(size)).append(" Tf\n");
        float scale = size / 1000f;
        for (int i = 0; i < line.glyphs().length; i++) {
            int glyph = line.glyphs()[i];
            if (!line.chars()[i].isEmpty()) {
                glyphText.putIfAbsent(glyph, line.chars()[i]);
            }
            ops.append("1 0 0 1 ").append(number(x + line.x()[i] * scale)).append(' ')
                    .append(number(y + line.y()[i] * scale)).append(" Tm <");
            for (byte b : font.encodeGlyphId(glyph)) {
                hex(ops, b);
            }
            ops.append("> Tj\n");
        }
        ops.append("ET\n");
    }

    /** Fills a rectangle in black. */
    void blackBox(float x, float y, float w, float h) {
        ops.append(number(x)).append(' ').append(number(y)).append(' ').append(number(w)).append(' ').append(number(h))
                .append(" re\n");
    }

    /** Fills the rectangles added since the last fill, in black. */
    void fillBlack() {
        ops.append("0 g\nf\n");
    }

    /**
     * Makes this the page's content and resources, and embeds the subset of each font with its Unicode map.
     *
     * @param doc  the document
     * @param page the page
     */
    void writeTo(PDDocument doc, PDPage page) throws IOException {
        page.setResources(resources);
        page.setContents(new PDStream(doc, new ByteArrayInputStream(ops.toString().getBytes(StandardCharsets.US_ASCII)),
                COSName.FLATE_DECODE));
        for (Map.Entry<PDType0Font, Map<Integer, String>> e : unicode.entrySet()) {
            PDType0Font font = e.getKey();
            font.addGlyphsToSubset(e.getValue().keySet());
            // Subset now (PDFBox would only for fonts set through its own content stream), then replace the Unicode
            // map PDFBox derives from the font's cmap, which knows nominal glyphs only.
            font.subset();
            font.getCOSObject().setItem(COSName.TO_UNICODE, new PDStream(doc, new ByteArrayInputStream(toUnicode(e.getValue())),
                    COSName.FLATE_DECODE));
        }
    }

    /** A ToUnicode CMap (PDF 32000-1, 9.10.3) from 2-byte glyph ids (CIDs, Identity-H) to UTF-16 text. */
    private static byte[] toUnicode(Map<Integer, String> glyphText) {
        StringBuilder b = new StringBuilder(64 + glyphText.size() * 24);
        b.append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
                .append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
                .append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
                .append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        List<Map.Entry<Integer, String>> entries = new ArrayList<>(glyphText.entrySet());
        for (int from = 0; from < entries.size(); from += 100) { // at most 100 entries a block
            List<Map.Entry<Integer, String>> block = entries.subList(from, Math.min(entries.size(), from + 100));
            b.append(block.size()).append(" beginbfchar\n");
            for (Map.Entry<Integer, String> e : block) {
                int cid = e.getKey();
                b.append('<');
                hex(b, (byte) (cid >> 8));
                hex(b, (byte) cid);
                b.append("> <");
                for (byte x : e.getValue().getBytes(StandardCharsets.UTF_16BE)) {
                    hex(b, x);
                }
                b.append(">\n");
            }
            b.append("endbfchar\n");
        }
        b.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void hex(StringBuilder to, byte b) {
        to.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }

    /** A number as PDF writes it: up to three decimals, no exponent, no locale. */
    private static String number(float f) {
        long milli = Math.round(f * 1000.0);
        StringBuilder b = new StringBuilder(12);
        if (milli < 0) {
            b.append('-');
            milli = -milli;
        }
        b.append(milli / 1000);
        int frac = (int) (milli % 1000);
        if (frac != 0) {
            b.append('.').append((char) ('0' + frac / 100));
            if (frac % 100 != 0) {
                b.append((char) ('0' + frac / 10 % 10));
                if (frac % 10 != 0) {
                    b.append((char) ('0' + frac % 10));
                }
            }
        }
        return b.toString();
    }
}
