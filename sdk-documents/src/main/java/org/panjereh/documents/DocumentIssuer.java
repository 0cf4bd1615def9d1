package org.panjereh.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Objects;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.documents.internal.CadesSigner;
import org.panjereh.documents.internal.PermitPdf;

/**
 * Issues permits as signed Persian PDFs (contract section 11): the page laid out as PDF/A-2u with the fonts embedded,
 * Persian text shaped and set right to left, Persian digits and Jalali dates, a 16-character verification code and a
 * QR code of the verification URL; then a PAdES baseline B-B signature (SubFilter {@code ETSI.CAdES.detached}) with
 * the agency's certificate, its chain embedded — B-T, with an RFC 3161 signature time stamp, when a time-stamp
 * authority is configured. Immutable and thread-safe.
 *
 * <pre>{@code
 * DocumentIssuer issuer = DocumentIssuer.builder("وزارت صنعت، معدن و تجارت",
 *         SigningCertificate.of(SigningKey.load(Path.of("/etc/panjereh/documents-key.pem"), null),
 *             Path.of("/etc/panjereh/documents-chain.pem")),
 *         URI.create("https://portal.example/verify/"))
 *     .build();
 * IssuedDocument permit = issuer.issue(new DocumentFacts(serviceId, trackingId, "پروانه کسب", "مریم احمدی",
 *     Instant.now(), List.of(new DocumentFacts.Line("نشانی محل کسب", address))));
 * }</pre>
 */
public final class DocumentIssuer {

    /** The signature dictionary's SubFilter for PAdES (ETSI EN 319 142-1). */
    public static final COSName ETSI_CADES_DETACHED = COSName.getPDFName("ETSI.CAdES.detached");

    private final String agencyName;
    private final SigningCertificate signer;
    private final URI verificationBase;
    private final Clock clock;
    private final URI timeStampAuthority;

    private DocumentIssuer(Builder b) {
        this.timeStampAuthority = b.timeStampAuthority;
        this.agencyName = b.agencyName;
        this.signer = b.signer;
        this.verificationBase = b.verificationBase;
        this.clock = b.clock;
    }

    /**
     * @param agencyName       the agency's name as printed at the top of every document
     * @param signer           the agency's document-signing key and certificate chain
     * @param verificationBase the verification page's base, e.g. {@code https://portal.example/verify/}
     * @return a builder; a time-stamp authority is optional
     */
    public static Builder builder(String agencyName, SigningCertificate signer, URI verificationBase) {
        return new Builder().agencyName(agencyName).signer(signer).verificationBase(verificationBase);
    }

    /**
     * @return a builder whose name, signer and verification base are still to be set
     * @deprecated give the required collaborators to {@link #builder(String, SigningCertificate, URI)}
     */
    @Deprecated(since = "0.2.0")
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param code a code
     * @return where anyone checks the document with that code
     */
    public URI verificationUrl(VerificationCode code) {
        return URI.create(verificationBase.toString() + code.value());
    }

    /**
     * Lays out and signs a permit with a new verification code.
     *
     * @param facts what it says
     * @return the signed document
     * @throws DocumentException when it cannot be signed; {@code TIME_STAMP_UNAVAILABLE} is retryable
     */
    public IssuedDocument issue(DocumentFacts facts) {
        return issue(facts, VerificationCode.generate());
    }

    /**
     * Lays out and signs a permit with a given code (for a re-issue that keeps its code).
     *
     * @param facts what it says
     * @param code  its verification code
     * @return the signed document
     * @throws DocumentException when it cannot be signed; {@code TIME_STAMP_UNAVAILABLE} is retryable
     */
    public IssuedDocument issue(DocumentFacts facts, VerificationCode code) {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(code, "code");
        long t0 = System.nanoTime();
        try (Telemetry.Span span = Telemetry.span("panjereh.documents.issue")) {
            span.attribute("panjereh.documents.timestamped", timeStampAuthority == null ? 0 : 1);
            try {
                URI url = verificationUrl(code);
                byte[] unsigned = PermitPdf.render(agencyName, facts, code, url);
                Instant now = clock.instant();
                byte[] signed = sign(unsigned, now);
                Telemetry.time("panjereh.documents.issued", System.nanoTime() - t0, "outcome", "signed");
                return new IssuedDocument(code, url, facts, signed, IssuedDocument.sha256(signed), now);
            } catch (RuntimeException e) {
                span.fail(e);
                Telemetry.time("panjereh.documents.issued", System.nanoTime() - t0, "outcome", "failed");
                throw e;
            }
        }
    }

    private byte[] sign(byte[] pdf, Instant when) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(ETSI_CADES_DETACHED);
            signature.setName(signer.chain().get(0).getSubjectX500Principal().getName());
            signature.setReason("صدور سند الکترونیکی");
            Calendar m = GregorianCalendar.from(when.atZone(java.time.ZoneOffset.UTC));
            signature.setSignDate(m);
            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(32 * 1024);
            doc.addSignature(signature, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 70_000);
            ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
            byte[] content = external.getContent().readAllBytes();
            external.setSignature(CadesSigner.sign(signer, content, timeStampAuthority));
            options.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new DocumentException(DocumentException.Reason.SIGNING_FAILED, "Cannot sign the document: " + e.getMessage(), e);
        }
    }

    /** Builder of {@link DocumentIssuer}. */
    public static final class Builder {
        private String agencyName;
        private SigningCertificate signer;
        private URI verificationBase;
        private Clock clock = Clock.systemUTC();
        private URI timeStampAuthority;

        private Builder() {
        }

        /**
         * @param tsa an RFC 3161 time-stamp authority: signatures become PAdES B-T (without one, B-B)
         * @return this builder
         */
        public Builder timeStampAuthority(URI tsa) {
            this.timeStampAuthority = tsa;
            return this;
        }

        /**
         * @param name the name
         * @return this builder
         * @deprecated pass it to {@link DocumentIssuer#builder(String, SigningCertificate, URI)}
         */
        @Deprecated(since = "0.2.0")
        public Builder agencyName(String name) {
            this.agencyName = name;
            return this;
        }

        /**
         * @param s the signer
         * @return this builder
         * @deprecated pass it to {@link DocumentIssuer#builder(String, SigningCertificate, URI)}
         */
        @Deprecated(since = "0.2.0")
        public Builder signer(SigningCertificate s) {
            this.signer = s;
            return this;
        }

        /**
         * @param base the base
         * @return this builder
         * @deprecated pass it to {@link DocumentIssuer#builder(String, SigningCertificate, URI)}
         */
        @Deprecated(since = "0.2.0")
        public Builder verificationBase(URI base) {
            this.verificationBase = base;
            return this;
        }

        /** @param c the clock for the signing time */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /**
         * @return the issuer
         * @throws PanjerehConfigurationException if something is missing
         */
        public DocumentIssuer build() {
            if (agencyName == null || agencyName.isBlank()) {
                throw new PanjerehConfigurationException("DocumentIssuer needs the agency's name");
            }
            if (signer == null) {
                throw new PanjerehConfigurationException("DocumentIssuer needs a SigningCertificate");
            }
            if (verificationBase == null || !verificationBase.toString().endsWith("/")) {
                throw new PanjerehConfigurationException("DocumentIssuer needs a verification base ending in /");
            }
            return new DocumentIssuer(this);
        }
    }
}
