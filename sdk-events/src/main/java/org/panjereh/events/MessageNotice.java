package org.panjereh.events;

import java.net.URI;
import java.util.Objects;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * A notice or document for the citizen's message box, کارپوشه (contract section 8). Unlike service
 * events it carries content, addressed to the citizen alone; it travels through the same durable outbox.
 *
 * @param recipient   whose box it goes to: a national code, a foreign national's FIDA code, or a company's
 *                    legal-entity id (contract section 8's {@code recipient})
 * @param serviceId   the service
 * @param trackingId  the request
 * @param title       short title, at most 200 characters
 * @param body        text, at most 10,000 characters
 * @param documentUrl link to the delivered document, or {@code null}
 */
public record MessageNotice(PartyIdentifier recipient, ServiceId serviceId, TrackingId trackingId, String title, String body,
                            URI documentUrl) {

    /** Checks the sizes the platform accepts. */
    public MessageNotice {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(trackingId, "trackingId");
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title must be 1-200 characters");
        }
        if (body == null || body.isBlank() || body.length() > 10_000) {
            throw new IllegalArgumentException("body must be 1-10000 characters");
        }
        if (documentUrl != null && !"https".equals(documentUrl.getScheme()) && !"http".equals(documentUrl.getScheme())) {
            throw new IllegalArgumentException("documentUrl must be an http(s) URL");
        }
    }

    /** Masks the recipient's number. */
    @Override
    public String toString() {
        return "MessageNotice[" + recipient + ", " + trackingId + ", " + title.length() + "-char title]";
    }
}
