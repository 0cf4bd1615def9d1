package org.panjereh.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/** Issued permits verify, and every kind of tampering is caught with its reason. */
class DocumentsTest {

    static TestCa ca;
    static DocumentIssuer issuer;
    static DocumentVerifier verifier;
    static IssuedDocument permit;
    static final TrackingId TRACKING = TrackingId.withCheckDigits("101012345670000001");

    @BeforeAll
    static void issue() throws Exception {
        ca = new TestCa("Panjereh Test Root");
        issuer = DocumentIssuer.builder("اتاق اصناف — دستگاه ۱۰۱۰",
                ca.agency("Agency 1010 documents"),
                URI.create("https://portal.example/verify/")).build();
        verifier = DocumentVerifier.builder(ca.root).build();
        permit = issuer.issue(new DocumentFacts(ServiceId.of("10101234567"), TRACKING, "پروانه کسب", "مریم احمدی",
                Instant.parse("2026-12-01T08:30:00Z"), List.of(new DocumentFacts.Line("نشانی محل کسب",
                        "تهران، خیابان ولیعصر، کوچه بهار، پلاک ۱۲"), new DocumentFacts.Line("رسته", "فروش لوازم التحریر"))));
        Path out = Path.of("target", "documents");
        Files.createDirectories(out);
        Files.write(out.resolve("permit.pdf"), permit.pdf());
    }

    @Test
    void anIssuedPermitVerifies() {
        DocumentVerification v = verifier.verify(permit.pdf());
        assertTrue(v.valid(), v.detail());
        assertEquals(permit.code(), v.code().orElseThrow());
        assertTrue(v.signer().contains("Agency 1010 documents"), v.signer());
        assertEquals(permit.sha256(), v.sha256());
        assertEquals(URI.create("https://portal.example/verify/" + permit.code().value()), permit.verificationUrl());
    }

    @Test
    void itIsPdfA2bWithItsFontsEmbeddedAndThePersianTextInIt() throws Exception {
        try (PDDocument doc = Loader.loadPDF(permit.pdf())) {
            String xmp = new String(doc.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertTrue(xmp.contains("pdfaid:part") && xmp.contains(">2<") || xmp.contains("pdfaid:part=\"2\""), xmp);
            assertEquals(1, doc.getDocumentCatalog().getOutputIntents().size());
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                assertTrue(doc.getPage(0).getResources().getFont(name).isEmbedded(), "font " + name + " embedded");
            }
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains(TRACKING.value()), text);
        }
    }

    @Test
    void veraPdfFindsItPdfA2uCompliant() throws Exception {
        org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider.initialise();
        for (byte[] pdf : List.of(permit.pdf(), unsignedPdf())) {
            try (org.verapdf.pdfa.PDFAParser parser = org.verapdf.pdfa.Foundries.defaultInstance().createParser(
                    new java.io.ByteArrayInputStream(pdf), org.verapdf.pdfa.flavours.PDFAFlavour.PDFA_2_U)) {
                org.verapdf.pdfa.results.ValidationResult r = org.verapdf.pdfa.Foundries.defaultInstance()
                        .createValidator(org.verapdf.pdfa.flavours.PDFAFlavour.PDFA_2_U, false).validate(parser);
                boolean issued = pdf == permit.pdf();
                assertEquals(issued, r.isCompliant(), (issued ? "the permit: " : "a plain PDF: ")
                        + r.getTestAssertions().stream().filter(t -> t.getStatus()
                        == org.verapdf.pdfa.results.TestAssertion.Status.FAILED).map(t -> t.getRuleId() + " " + t.getMessage())
                        .distinct().limit(5).toList());
            }
        }
    }

    private static byte[] unsignedPdf() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            doc.save(out);
        }
        return out.toByteArray();
    }

    @Test
    void popplerSaysTheSignatureIsValidAndCoversTheDocument() throws Exception {
        Path pdf = Path.of("target", "documents", "permit.pdf").toAbsolutePath();
        String sig = run("pdfsig", pdf.toString());
        assertTrue(sig.contains("Signature is Valid"), sig);
        assertTrue(sig.contains("Total document signed"), sig);
        assertTrue(sig.contains("ETSI.CAdES.detached"), sig);
        String text = run("pdftotext", pdf.toString(), "-");
        assertTrue(text.contains(TRACKING.value()), text);
        run("pdftoppm", "-png", "-r", "80", "-singlefile", pdf.toString(), pdf.resolveSibling("permit").toString());
        assertTrue(Files.size(pdf.resolveSibling("permit.png")) > 10_000);
    }

    @Test
    void oneByteFlippedAnywhereFails() {
        byte[] pdf = permit.pdf();
        int[] positions = {pdf.length / 10, pdf.length / 3, pdf.length / 2, pdf.length - 40, 200};
        for (int at : positions) {
            byte[] bad = pdf.clone();
            bad[at] ^= 0x01;
            DocumentVerification v = verifier.verify(bad);
            assertFalse(v.valid(), "flipped byte " + at + " of " + pdf.length);
            assertTrue(v.reason() != null && !v.detail().isBlank());
        }
    }

    @Test
    void anIncrementalUpdateAfterSigningFails() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(permit.pdf());
        try (PDDocument doc = Loader.loadPDF(permit.pdf())) {
            doc.getDocumentInformation().setTitle("پروانه کسب — دارنده دیگر");
            doc.getDocumentInformation().getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream inc = new ByteArrayOutputStream();
            doc.saveIncremental(inc);
            out.reset();
            out.write(inc.toByteArray());
        }
        byte[] updated = out.toByteArray();
        assertTrue(updated.length > permit.pdf().length);
        DocumentVerification v = verifier.verify(updated);
        assertFalse(v.valid());
        assertEquals(DocumentVerification.Reason.MODIFIED_AFTER_SIGNING, v.reason(), v.detail());
        assertEquals("این سند پس از امضا تغییر کرده است.", v.reason().persian());
    }

    @Test
    void aSignatureByAnotherAuthorityIsUntrusted() throws Exception {
        TestCa other = new TestCa("Someone Else");
        DocumentIssuer forger = DocumentIssuer.builder("اتاق اصناف",
                other.agency("Agency 1010 documents"),
                URI.create("https://portal.example/verify/")).build();
        IssuedDocument forged = forger.issue(permit.facts(), permit.code());
        DocumentVerification v = verifier.verify(forged.pdf());
        assertFalse(v.valid());
        assertEquals(DocumentVerification.Reason.UNTRUSTED_SIGNER, v.reason(), v.detail());
        assertTrue(DocumentVerifier.builder(other.root).build().verify(forged.pdf()).valid(),
                "the same document verifies for whoever trusts that authority");
    }

    @Test
    void garbageAndUnsignedPdfsAreRefusedWithAReason() throws Exception {
        assertEquals(DocumentVerification.Reason.NOT_A_PDF, verifier.verify("not a pdf".getBytes(StandardCharsets.UTF_8)).reason());
        ByteArrayOutputStream unsigned = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            doc.save(unsigned);
        }
        assertEquals(DocumentVerification.Reason.NOT_SIGNED, verifier.verify(unsigned.toByteArray()).reason());
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> DocumentVerifier.builder(List.of()),
                "no trust anchor: nothing could ever verify");
    }

    @Test
    void verificationCodesCatchATypo() {
        VerificationCode c = VerificationCode.generate();
        assertEquals(c, VerificationCode.parse(c.display().toLowerCase()));
        assertEquals(19, c.display().length());
        String v = c.value();
        int mistyped = 0;
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (int i = 0; i < 16; i++) {
            for (char x : alphabet.toCharArray()) {
                if (x == v.charAt(i)) {
                    continue;
                }
                String typo = v.substring(0, i) + x + v.substring(i + 1);
                assertThrows(IllegalArgumentException.class, () -> new VerificationCode(typo), typo);
                mistyped++;
            }
        }
        assertEquals(16 * 31, mistyped);
        assertThrows(IllegalArgumentException.class, () -> VerificationCode.parse("ABC"));
        assertThrows(IllegalArgumentException.class, () -> VerificationCode.parse(null));
        assertNotEquals(VerificationCode.generate(), VerificationCode.generate());
    }

    /** Runs one of poppler's tools (Debian package poppler-utils, which .ci/run installs). */
    static String run(String... cmd) throws Exception {
        org.panjereh.testing.RequiredTools.command(cmd[0], "poppler-utils");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
