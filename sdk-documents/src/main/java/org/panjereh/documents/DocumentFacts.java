package org.panjereh.documents;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * What a permit says: the service and request it is for, its title, the holder's name as printed, when it was
 * issued, and further lines («نشانی محل کسب: …»). Everything here is printed on the document and shown by its
 * verification page; nothing else about the holder is.
 *
 * @param serviceId  the service
 * @param trackingId the request
 * @param title      the permit's title, e.g. «پروانه کسب»
 * @param holderName the holder's name as printed
 * @param issuedAt   when it is issued
 * @param lines      further labelled lines, in order
 */
public record DocumentFacts(ServiceId serviceId, TrackingId trackingId, String title, String holderName, Instant issuedAt,
                            List<Line> lines) {

    /**
     * One labelled line.
     *
     * @param label Persian label
     * @param value its value
     */
    public record Line(String label, String value) {
        /** Both members are required and short. */
        public Line {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
            if (label.length() > 60 || value.length() > 200) {
                throw new IllegalArgumentException("A line's label is at most 60 characters and its value 200");
            }
        }
    }

    /** Checks the members. */
    public DocumentFacts {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(holderName, "holderName");
        Objects.requireNonNull(issuedAt, "issuedAt");
        lines = lines == null ? List.of() : List.copyOf(lines);
        if (title.isBlank() || title.length() > 100 || holderName.isBlank() || holderName.length() > 100) {
            throw new IllegalArgumentException("title and holderName are 1-100 characters");
        }
        if (lines.size() > 12) {
            throw new IllegalArgumentException("At most 12 further lines fit on the page");
        }
    }
}
