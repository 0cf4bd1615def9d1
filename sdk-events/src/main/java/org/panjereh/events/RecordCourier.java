package org.panjereh.events;

import org.panjereh.core.PlatformClient;

/**
 * Delivers one kind of outbox record to the platform (SPI). The publisher delivers service events and
 * message-box notices itself; other modules add kinds (sdk-survey delivers survey responses). Records
 * share the outbox's durability and per-key order: a record keyed by a tracking id goes after that
 * request's earlier events.
 */
public interface RecordCourier {

    /** The record kind this courier delivers, e.g. {@code survey-response}. */
    String kind();

    /**
     * Delivers one record. Called from the delivery thread only.
     *
     * @param record   the record
     * @param platform the platform client
     * @return what happened
     */
    Outcome deliver(OutboxRecord record, PlatformClient platform);

    /**
     * What happened to one record.
     *
     * @param status what to do with the record
     * @param code   the platform's code, for refusals and retries
     * @param detail explanation, free of personal data
     */
    record Outcome(Status status, String code, String detail) {

        /** What to do with the record. */
        public enum Status {
            /** Settled: the platform has it. */
            DELIVERED,
            /** Settled: the platform already had it. */
            DUPLICATE,
            /** Settled as a dead letter: the platform refused it for good. */
            REFUSED,
            /** Not settled: try again later (the record stays pending). */
            RETRY
        }

        /** @return delivered */
        public static Outcome delivered() {
            return new Outcome(Status.DELIVERED, null, null);
        }

        /** @return already there */
        public static Outcome duplicate() {
            return new Outcome(Status.DUPLICATE, null, null);
        }

        /**
         * @param code   the platform's code
         * @param detail why
         * @return refused for good
         */
        public static Outcome refused(String code, String detail) {
            return new Outcome(Status.REFUSED, code, detail);
        }

        /**
         * @param code   the platform's code, or a short reason
         * @param detail why
         * @return try again later
         */
        public static Outcome retry(String code, String detail) {
            return new Outcome(Status.RETRY, code, detail);
        }
    }
}
