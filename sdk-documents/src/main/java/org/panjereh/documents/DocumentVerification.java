package org.panjereh.documents;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link DocumentVerifier} found.
 *
 * @param valid    whether the signature is intact, covers the whole file and chains to a trusted root
 * @param reason   why not, when not valid
 * @param detail   what was seen, in English, for logs and support
 * @param signer   the signer's subject, when valid
 * @param signedAt the signing time ({@code M} of the signature dictionary), when valid
 * @param code     the verification code the document carries, when valid
 * @param sha256   SHA-256 of the bytes checked, lower-case hex
 */
public record DocumentVerification(boolean valid, Reason reason, String detail, String signer, Instant signedAt,
                                   Optional<VerificationCode> code, String sha256) {

    /** Why a document did not verify. */
    public enum Reason {
        /** Not a PDF, or one that cannot be read. */
        NOT_A_PDF("این پرونده PDF خوانا نیست."),
        /** No signature at all. */
        NOT_SIGNED("این سند امضای الکترونیکی ندارد."),
        /** A signature, but not PAdES. */
        NOT_PADES("امضای این سند از نوع امضای سند الکترونیکی دستگاه‌ها نیست."),
        /** Bytes were appended or changed after signing. */
        MODIFIED_AFTER_SIGNING("این سند پس از امضا تغییر کرده است."),
        /** The signature does not verify. */
        BAD_SIGNATURE("امضای این سند معتبر نیست."),
        /** The signer does not chain to a trusted root. */
        UNTRUSTED_SIGNER("امضاکنندهٔ این سند از سوی مرجع گواهی مورد اعتماد تأیید نشده است."),
        /** Signed, but the agency's registry has no document with this code and digest. */
        NOT_ISSUED("سندی با این کد و این محتوا از سوی دستگاه صادر نشده است."),
        /** Issued, then revoked by the agency. */
        REVOKED("این سند از سوی دستگاه صادرکننده باطل شده است.");

        private final String persian;

        Reason(String persian) {
            this.persian = persian;
        }

        /** @return the reason in Persian, for the verification page */
        public String persian() {
            return persian;
        }
    }

    static DocumentVerification invalid(Reason reason, String detail, String sha256) {
        return new DocumentVerification(false, reason, detail, null, null, Optional.empty(), sha256);
    }
}
