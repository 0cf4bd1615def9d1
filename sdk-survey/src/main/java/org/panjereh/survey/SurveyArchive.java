package org.panjereh.survey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.survey.internal.JdbcSurveyArchive;

/**
 * The agency's own copy of each survey response (contract section 6): its satisfaction score and comment, the id the
 * platform gave it once delivered, and the agency's reply. What staff read and answer (مصوبه ۱ ماده ۲), what the
 * citizen sees on their request, and what monthly reports count (section 13). Comments are the citizen's words:
 * kept here, shown to staff, never logged.
 */
public interface SurveyArchive {

    /**
     * One response.
     *
     * @param key          the response's idempotency key (the outbox record id)
     * @param serviceId    the service
     * @param trackingId   the request
     * @param submittedAt  when it was answered
     * @param satisfaction the satisfaction answer, 1 to 5
     * @param comment      the free comment, or {@code null}
     * @param responseId   the platform's id, once delivered, or {@code null}
     * @param replyAction  {@code noted}, {@code applied} or {@code rejected}, once answered, or {@code null}
     * @param replyText    the agency's answer, or {@code null}
     * @param repliedAt    when it answered, or {@code null}
     */
    record Response(UUID key, ServiceId serviceId, TrackingId trackingId, Instant submittedAt, int satisfaction, String comment,
                    String responseId, String replyAction, String replyText, Instant repliedAt) {

        /** Whether the agency answered the comment. */
        public boolean replied() {
            return replyAction != null;
        }

        /** Does not show the comment. */
        @Override
        public String toString() {
            return "SurveyArchive.Response[" + trackingId + ", " + satisfaction + (comment != null ? ", with comment" : "")
                    + (replied() ? ", replied" : "") + "]";
        }
    }

    /**
     * A month's figures for one service.
     *
     * @param responses        responses submitted in the period
     * @param satisfactionMean their mean satisfaction, or {@code null} without responses
     * @param replied          of them, those the agency answered
     */
    record Stats(long responses, Double satisfactionMean, long replied) {
    }

    /** Stores a response; a second call with the same key changes nothing. */
    void add(Response r);

    /** Records the platform's id of a delivered response. */
    void delivered(UUID key, String responseId);

    /**
     * Records the agency's reply, once: a second reply to the same response is refused.
     *
     * @return whether this call recorded it
     */
    boolean replied(UUID key, String action, String text, Instant at);

    /** @param key a response @return it, if stored */
    Optional<Response> find(UUID key);

    /** @param t a request @return its response, if answered */
    Optional<Response> forRequest(TrackingId t);

    /** @param max most to return @return responses with a comment, unanswered first, newest first */
    List<Response> comments(int max);

    /** @return the figures of a service for {@code [from, to)} */
    Stats stats(ServiceId serviceId, Instant from, Instant to);

    /**
     * @param dataSource H2 or PostgreSQL; table {@code panjereh_survey_responses}
     * @return the archive
     */
    static SurveyArchive jdbc(DataSource dataSource) {
        return new JdbcSurveyArchive(dataSource);
    }
}
