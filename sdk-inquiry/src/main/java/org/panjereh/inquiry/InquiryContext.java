package org.panjereh.inquiry;

import java.util.Objects;
import java.util.Optional;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * Why an inquiry is made and for whom (contract section 7): the service on whose behalf (its legal
 * basis, {@code X-Purpose}), the request it serves ({@code X-Tracking-Id}), and the person who caused
 * it, who is sent only as an HMAC ({@code X-User-Ref}) that the agency alone can tie back to them.
 *
 * @param purpose    the service id
 * @param trackingId the citizen request, or {@code null}
 * @param causedBy   who caused the call: a citizen's or officer's national code, a foreign national's FIDA code, or
 *                   the company a representative acts for
 */
public record InquiryContext(ServiceId purpose, TrackingId trackingId, PartyIdentifier causedBy) {

    /** Purpose and person are required. */
    public InquiryContext {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(causedBy, "causedBy");
    }

    /**
     * The constructor of 0.1, before foreign nationals and companies: kept so that code compiled against it still links.
     *
     * @param purpose    the service id
     * @param trackingId the citizen request, or {@code null}
     * @param causedBy   national code of who caused the call
     */
    public InquiryContext(ServiceId purpose, TrackingId trackingId, org.panjereh.core.NationalCode causedBy) {
        this(purpose, trackingId, (PartyIdentifier) causedBy);
    }

    /**
     * An inquiry for a citizen request.
     *
     * @param purpose    the service
     * @param trackingId the request
     * @param causedBy   who caused it
     * @return the context
     */
    public static InquiryContext forRequest(ServiceId purpose, TrackingId trackingId, PartyIdentifier causedBy) {
        return new InquiryContext(purpose, Objects.requireNonNull(trackingId, "trackingId"), causedBy);
    }

    /** The request, if any. */
    public Optional<TrackingId> tracking() {
        return Optional.ofNullable(trackingId);
    }

    /** Masks the person. */
    @Override
    public String toString() {
        return "InquiryContext[purpose=" + purpose + ", trackingId=" + trackingId + ", causedBy=" + causedBy + "]";
    }
}
