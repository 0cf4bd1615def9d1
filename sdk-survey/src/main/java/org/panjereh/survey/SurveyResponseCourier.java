package org.panjereh.survey;

import java.net.URI;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.RequestOptions;
import org.panjereh.events.OutboxRecord;
import org.panjereh.events.RecordCourier;

/**
 * Delivers stored survey responses to the national evaluation service (contract section 6), with the
 * record id as the {@code Idempotency-Key}. {@code 409 survey.already_answered} is done;
 * {@code 409 survey.not_delivered} waits (the delivered event may still be on its way); other refusals
 * are parked; failures are retried.
 */
public final class SurveyResponseCourier implements RecordCourier {

    /** The outbox record kind. */
    public static final String KIND = "survey-response";

    private final SurveyArchive archive;

    /** A courier that keeps nothing. */
    public SurveyResponseCourier() {
        this(null);
    }

    /** @param archive where the platform's id of each delivered response is recorded, or {@code null} */
    public SurveyResponseCourier(SurveyArchive archive) {
        this.archive = archive;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome deliver(OutboxRecord record, PlatformClient platform) {
        URI uri = URI.create(platform.metadata().surveyEndpoint().toString().replaceAll("/+$", "") + "/responses");
        try {
            var answer = platform.post(uri, record.payload(), "application/json",
                    RequestOptions.builder().idempotencyKey(record.id()).build());
            if (archive != null) {
                String responseId = responseId(answer.body());
                if (responseId != null) {
                    archive.delivered(record.id(), responseId);
                }
            }
            return Outcome.delivered();
        } catch (PlatformException e) {
            if ("survey.already_answered".equals(e.code())) {
                return Outcome.duplicate();
            }
            if ("survey.not_delivered".equals(e.code()) || e.isRetryable() || e.statusCode() == 401 || e.statusCode() == 403) {
                return Outcome.retry(e.code(), e.problem().detail());
            }
            return Outcome.refused(e.code(), e.problem().detail());
        } catch (PanjerehException e) {
            return Outcome.retry("unreachable", e.getMessage());
        }
    }

    private static String responseId(byte[] body) {
        try {
            String id = org.panjereh.core.shared.Json.MAPPER.readTree(body).path("responseId").asText(null);
            return id != null && id.matches("[A-Za-z0-9-]{1,64}") ? id : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
