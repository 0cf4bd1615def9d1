package org.panjereh.inquiry;

import java.time.Instant;

/**
 * The traffic data of one inquiry, and nothing of its content (ضوابط فنی، ماده ۳۱).
 *
 * @param time           when it was made
 * @param service        provider/service
 * @param purpose        the service id on whose behalf
 * @param trackingId     the request it served, or {@code null}
 * @param userRef        HMAC of the person who caused it
 * @param requestId      the call's X-Request-Id, or {@code null} when no call was made
 * @param requestBytes   size of the request body
 * @param responseBytes  size of the answer body (0 when none)
 * @param requestSha256  hex SHA-256 of the request body
 * @param responseSha256 hex SHA-256 of the answer body, or {@code null}
 * @param outcome        {@code ok}, {@code cached}, or the failure reason in lower case
 * @param attempts       calls made
 * @param latencyMicros  time taken
 */
public record AuditRecord(Instant time, String service, String purpose, String trackingId, String userRef, String requestId,
                          int requestBytes, int responseBytes, String requestSha256, String responseSha256, String outcome,
                          int attempts, long latencyMicros) {
}
