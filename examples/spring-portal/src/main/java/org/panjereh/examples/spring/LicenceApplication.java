package org.panjereh.examples.spring;

import java.time.Instant;
import java.util.UUID;

/**
 * The agency's own record of one application, in its own table.
 *
 * @param trackingId    the platform's tracking id
 * @param submission    the form's one-time key (a repeated submission finds this record)
 * @param subject       the applicant's platform subject
 * @param nationalCode  the applicant's national code
 * @param applicantName the name the civil registry gave
 * @param status        STARTED, IN_PROGRESS or DELIVERED
 * @param step          the current step's code, or {@code null}
 * @param surveyTicket  the survey ticket once delivered, or {@code null}
 * @param createdAt     when it was made
 * @param updatedAt     when it last moved
 * @param version       optimistic lock
 */
public record LicenceApplication(String trackingId, UUID submission, String subject, String nationalCode, String applicantName,
                                 String status, String step, String surveyTicket, Instant createdAt, Instant updatedAt,
                                 int version) {

    /** @return whether staff delivered it */
    public boolean delivered() {
        return "DELIVERED".equals(status);
    }

    /** @return the status in Persian */
    public String statusFa() {
        return switch (status) {
            case "STARTED" -> "ثبت شده";
            case "IN_PROGRESS" -> "در حال بررسی";
            case "DELIVERED" -> "تحویل شده";
            default -> status;
        };
    }
}
