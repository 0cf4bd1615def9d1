package org.panjereh.documents;

import java.net.URI;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed permit as issued: its code, where anyone checks it, the PDF's bytes and their SHA-256.
 *
 * @param code            the printed verification code
 * @param verificationUrl {@code {agency}/verify/{code}}, also in the QR code
 * @param facts           what it says
 * @param pdf             the signed PDF
 * @param sha256          SHA-256 of the PDF, lower-case hex
 * @param issuedAt        when it was signed
 */
public record IssuedDocument(VerificationCode code, URI verificationUrl, DocumentFacts facts, byte[] pdf, String sha256,
                             Instant issuedAt) {

    /** Requires every member. */
    public IssuedDocument {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(verificationUrl, "verificationUrl");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /**
     * @param pdf bytes
     * @return their SHA-256 in lower-case hex
     */
    public static String sha256(byte[] pdf) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes stay out of logs. */
    @Override
    public String toString() {
        return "IssuedDocument[" + code + ", " + pdf.length + " bytes, sha256=" + sha256 + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IssuedDocument d && d.code.equals(code) && d.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }
}
