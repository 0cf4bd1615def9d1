package org.panjereh.documents;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.documents.internal.JdbcDocumentRegistry;

/**
 * The agency's record of every document it issued (contract section 11): code → digest, service, tracking id,
 * title, issue time, and status {@code valid|revoked} with the reason and time of a revocation. What the
 * verification page and {@code GET /api/v1/documents/{code}} answer from; never the document's content.
 *
 * <p>{@link #jdbc(DataSource)} keeps it in H2 or PostgreSQL (table {@code panjereh_documents}, created if missing).
 */
public interface DocumentRegistry {

    /** A document's status. */
    enum Status {
        /** Issued and standing. */
        VALID,
        /** Withdrawn by the agency. */
        REVOKED
    }

    /**
     * One issued document.
     *
     * @param code             its verification code
     * @param sha256           SHA-256 of the issued PDF, lower-case hex
     * @param serviceId        the service
     * @param trackingId       the request
     * @param title            the printed title
     * @param issuedAt         when it was signed
     * @param status           valid or revoked
     * @param revocationReason why it was revoked, or {@code null}
     * @param revokedAt        when, or {@code null}
     */
    record Entry(VerificationCode code, String sha256, ServiceId serviceId, TrackingId trackingId, String title,
                 Instant issuedAt, Status status, String revocationReason, Instant revokedAt) {
        /** Requires the identifying members. */
        public Entry {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Records a document just issued; a second call with the same code changes nothing.
     *
     * @param document the document
     */
    void register(IssuedDocument document);

    /** @param code a code @return its entry, if the agency issued it */
    Optional<Entry> find(VerificationCode code);

    /** @param trackingId a request @return the latest document issued for it, if any */
    Optional<Entry> latestFor(TrackingId trackingId);

    /**
     * Revokes a document.
     *
     * @param code   its code
     * @param reason why (shown on the verification page), 1-255 characters
     * @param at     when
     * @return whether this call revoked it (false: unknown, or already revoked)
     */
    boolean revoke(VerificationCode code, String reason, Instant at);

    /**
     * @param dataSource H2 or PostgreSQL
     * @return the registry
     */
    static DocumentRegistry jdbc(DataSource dataSource) {
        return new JdbcDocumentRegistry(dataSource);
    }
}
