package org.panjereh.documents.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.xml.XmpSerializer;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.shared.Digits;
import org.panjereh.documents.DocumentException;
import org.panjereh.documents.DocumentFacts;
import org.panjereh.documents.VerificationCode;

/**
 * Lays out a permit on one A4 page as PDF/A-2u: Vazirmatn (OFL, shipped in this jar) embedded, every line shaped with
 * the font's own OpenType tables and set right to left ({@link TextShaper}), drawn by glyph id with its logical text
 * attached ({@link PageContent}), Persian digits and the Jalali date, the verification code, a QR code of the verification
 * URL, an sRGB output intent and XMP metadata that declares the conformance.
 */
public final class PermitPdf {

    private static final float MARGIN = 56;
    private static final String FONT = "/org/panjereh/documents/fonts/Vazirmatn-Regular.ttf";
    private static final String BOLD = "/org/panjereh/documents/fonts/Vazirmatn-Bold.ttf";

    private static final byte[] REGULAR_BYTES = resource(FONT);
    private static final byte[] BOLD_BYTES = resource(BOLD);
    /** Shaping needs only the font's tables, read once; the JDK's fonts are immutable and shared by all threads. */
    private static final TextShaper REGULAR_SHAPER = TextShaper.of(REGULAR_BYTES);
    private static final TextShaper BOLD_SHAPER = TextShaper.of(BOLD_BYTES);
    private static final ThreadLocal<org.apache.fontbox.ttf.TrueTypeFont[]> FONTS = ThreadLocal.withInitial(() -> {
        try {
            org.apache.fontbox.ttf.TrueTypeFont regular = new org.apache.fontbox.ttf.TTFParser()
                    .parse(new org.apache.pdfbox.io.RandomAccessReadBuffer(REGULAR_BYTES));
            org.apache.fontbox.ttf.TrueTypeFont bold = new org.apache.fontbox.ttf.TTFParser()
                    .parse(new org.apache.pdfbox.io.RandomAccessReadBuffer(BOLD_BYTES));
            // The text is shaped already (TextShaper) and drawn by glyph id: PDFBox only embeds the glyphs.
            regular.setEnableGsub(false);
            bold.setEnableGsub(false);
            return new org.apache.fontbox.ttf.TrueTypeFont[] {regular, bold};
        } catch (IOException e) {
            throw new IllegalStateException("The shipped Vazirmatn fonts cannot be read", e);
        }
    });

    /** An embedded font and the shaper of the same file. */
    private record Face(PDType0Font pdf, TextShaper shaper) {
    }

    private PermitPdf() {
    }

    private static byte[] resource(String name) {
        try (InputStream in = PermitPdf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing font " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read font " + name, e);
        }
    }

    /**
     * @param agencyName the agency's Persian name
     * @param facts      what the permit says
     * @param code       its verification code
     * @param url        its verification URL
     * @return the unsigned PDF
     */
    public static byte[] render(String agencyName, DocumentFacts facts, VerificationCode code, URI url) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            // The TrueType files are parsed once per thread, not once per document (PDFBox fonts are not thread-safe).
            Face regular = new Face(PDType0Font.load(doc, FONTS.get()[0], true), REGULAR_SHAPER);
            Face bold = new Face(PDType0Font.load(doc, FONTS.get()[1], true), BOLD_SHAPER);
            float width = page.getMediaBox().getWidth();
            float y = page.getMediaBox().getHeight() - MARGIN;
            PageContent cs = new PageContent();
            y = right(cs, bold, 13, agencyName, width, y);
            y = right(cs, regular, 10, "پنجره واحد دستگاه — سند الکترونیکی امضاشده", width, y - 4);
            y -= 18;
            y = centre(cs, bold, 22, facts.title(), width, y);
            y -= 18;
            y = line(cs, regular, "دارنده", facts.holderName(), width, y);
            y = line(cs, regular, "شناسه خدمت", Digits.toPersian(facts.serviceId().value()), width, y);
            y = line(cs, regular, "شناسه پیگیری", isolateLtr(facts.trackingId().toPersianDisplay()), width, y);
            y = line(cs, regular, "تاریخ صدور", JalaliDate.of(facts.issuedAt()).toPersianString(), width, y);
            for (DocumentFacts.Line l : facts.lines()) {
                y = line(cs, regular, l.label(), l.value(), width, y);
            }
            y -= 24;
            y = right(cs, bold, 12, "کد تصدیق: " + isolateLtr(code.display()), width, y);
            y = right(cs, regular, 10, "برای تصدیق این سند نشانی زیر را باز کنید یا رمزینه را بخوانید:", width, y - 4);
            y = left(cs, regular, 9, url.toString(), y - 2);
            qr(cs, url.toString(), MARGIN, y - 130, 120);
            // The tracking id in ASCII too, for text search and screen readers.
            left(cs, regular, 8, "Tracking id " + facts.trackingId().value() + " · verification code " + code.display(),
                    MARGIN - 20);
            cs.writeTo(doc, page);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(facts.title() + " — " + facts.trackingId().value());
            info.setAuthor(agencyName);
            info.setProducer("Panjereh sdk-documents");
            Calendar now = GregorianCalendar.from(facts.issuedAt().atZone(java.time.ZoneOffset.UTC));
            info.setCreationDate(now);
            info.setModificationDate(now);
            info.setCustomMetadataValue("PanjerehVerificationCode", code.value());
            info.setCustomMetadataValue("PanjerehTrackingId", facts.trackingId().value());
            pdfA(doc, facts, agencyName, now);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new DocumentException(DocumentException.Reason.LAYOUT_FAILED, "Cannot lay out the permit: " + e.getMessage(), e);
        }
    }

    /** XMP metadata (PDF/A-2u identification, Dublin Core, dates) and the sRGB output intent. */
    private static void pdfA(PDDocument doc, DocumentFacts facts, String agencyName, Calendar when) throws IOException {
        XMPMetadata xmp = XMPMetadata.createXMPMetadata();
        try {
            DublinCoreSchema dc = xmp.createAndAddDublinCoreSchema();
            dc.setTitle(facts.title() + " — " + facts.trackingId().value());
            dc.addCreator(agencyName);
            XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
            basic.setCreateDate(when);
            basic.setModifyDate(when);
            basic.setCreatorTool("Panjereh sdk-documents");
            org.apache.xmpbox.schema.AdobePDFSchema pdf = xmp.createAndAddAdobePDFSchema();
            pdf.setProducer("Panjereh sdk-documents");
            PDFAIdentificationSchema id = xmp.createAndAddPDFAIdentificationSchema();
            id.setPart(2);
            id.setConformance("U"); // 2u: every glyph drawn has its Unicode value (PageContent)
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new XmpSerializer().serialize(xmp, out, true);
            PDMetadata metadata = new PDMetadata(doc);
            metadata.importXMPMetadata(out.toByteArray());
            PDDocumentCatalog catalog = doc.getDocumentCatalog();
            catalog.setMetadata(metadata);
            catalog.setLanguage("fa-IR");
            ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
            PDOutputIntent intent = new PDOutputIntent(doc, new ByteArrayInputStream(srgb.getData()));
            intent.setInfo("sRGB IEC61966-2.1");
            intent.setOutputCondition("sRGB IEC61966-2.1");
            intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
            intent.setRegistryName("http://www.color.org");
            catalog.addOutputIntent(intent);
        } catch (org.apache.xmpbox.type.BadFieldValueException | javax.xml.transform.TransformerException e) {
            throw new IOException("Cannot write the XMP metadata: " + e.getMessage(), e);
        }
    }

    /**
     * @param ltr a run that must read left to right as one unit inside a Persian line (a grouped tracking id)
     * @return the run wrapped in a left-to-right isolate (U+2066 … U+2069)
     */
    static String isolateLtr(String ltr) {
        return "\u2066" + ltr + "\u2069";
    }

    private static float line(PageContent cs, Face regular, String label, String value, float width, float y) {
        return right(cs, regular, 12, label + ": " + Digits.toPersian(value), width, y - 6);
    }

    private static float right(PageContent cs, Face font, float size, String logical, float width, float y) {
        ShapedLine line = font.shaper().shape(logical);
        cs.text(font.pdf(), size, line, width - MARGIN - line.width(size), y - size);
        return y - size * 1.7f;
    }

    private static float centre(PageContent cs, Face font, float size, String logical, float width, float y) {
        ShapedLine line = font.shaper().shape(logical);
        cs.text(font.pdf(), size, line, (width - line.width(size)) / 2, y - size);
        return y - size * 1.7f;
    }

    private static float left(PageContent cs, Face font, float size, String text, float y) {
        cs.text(font.pdf(), size, font.shaper().shape(text), MARGIN, y - size);
        return y - size * 1.7f;
    }

    private static void qr(PageContent cs, String url, float x, float y, float size) throws IOException {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.ERROR_CORRECTION,
                    ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IOException("Cannot make the QR code: " + e.getMessage(), e);
        }
        float cell = size / m.getWidth();
        for (int row = 0; row < m.getHeight(); row++) {
            for (int col = 0; col < m.getWidth(); col++) {
                if (m.get(col, row)) {
                    cs.blackBox(x + col * cell, y + size - (row + 1) * cell, cell, cell);
                }
            }
        }
        cs.fillBlack();
    }

    static TimeZone utc() {
        return TimeZone.getTimeZone("UTC");
    }
}
