package org.panjereh.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * One service event (contract section 5). Its fields are exactly the contract's: the tracking id, the
 * service, the step code, the outcome, the channel and the responsible unit. There is no way to add
 * anything else, and the two free-text fields (step and unit) accept only short codes
 * ({@code [A-Za-z0-9._-]}, at most 64 characters, no run of 8 or more digits), so a name, a national
 * code or a mobile number cannot be smuggled in: that is the privacy guard at compile time and at
 * construction.
 *
 * <p>The event id is chosen once, here, before storage: a retry after a crash resends the same id,
 * and the platform de-duplicates on it.
 *
 * <pre>{@code
 * ServiceEvent e = ServiceEvent.step(trackingId, serviceId, "review", Channel.WEB, "U-1010-01");
 * }</pre>
 */
public final class ServiceEvent {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern LONG_DIGIT_RUN = Pattern.compile("[0-9]{8,}");

    private final UUID id;
    private final EventType type;
    private final TrackingId trackingId;
    private final ServiceId serviceId;
    private final String step;
    private final Channel channel;
    private final String responsibleUnit;
    private final Instant time;
    /** The outcome of a payment step (contract section 10); terminal events take theirs from the type. */
    private final String stepOutcome;

    private ServiceEvent(UUID id, EventType type, TrackingId trackingId, ServiceId serviceId, String step, Channel channel,
                         String responsibleUnit, Instant time) {
        this(id, type, trackingId, serviceId, step, channel, responsibleUnit, time, null);
    }

    private ServiceEvent(UUID id, EventType type, TrackingId trackingId, ServiceId serviceId, String step, Channel channel,
                         String responsibleUnit, Instant time, String stepOutcome) {
        this.stepOutcome = stepOutcome;
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.trackingId = Objects.requireNonNull(trackingId, "trackingId");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.responsibleUnit = code(responsibleUnit, "responsibleUnit");
        this.time = Objects.requireNonNull(time, "time");
        if (type == EventType.STEP && step == null) {
            throw new EventRefusedException(EventRefusedException.Reason.INVALID, "A step event needs a step code",
                    "رویداد مرحله باید کد مرحله داشته باشد");
        }
        this.step = step == null ? null : code(step, "step");
    }

    private static String code(String value, String field) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new EventRefusedException(EventRefusedException.Reason.PRIVACY, field
                    + " must be a code of 1-64 characters from [A-Za-z0-9._-]",
                    "کد " + (field.equals("step") ? "مرحله" : "واحد مسئول") + " باید یک شناسه کوتاه لاتین باشد، نه متن");
        }
        if (LONG_DIGIT_RUN.matcher(value).find()) {
            throw new EventRefusedException(EventRefusedException.Reason.PRIVACY, field
                    + " holds a long run of digits, which could be a personal identifier",
                    "رویداد خدمت نباید شناسه یا اطلاعات شخصی داشته باشد");
        }
        return value;
    }

    /** A new {@code started} event, now, with a new id. */
    public static ServiceEvent started(TrackingId trackingId, ServiceId serviceId, Channel channel, String responsibleUnit) {
        return of(EventType.STARTED, trackingId, serviceId, null, channel, responsibleUnit);
    }

    /** A new {@code step} event for a step code of the service card. */
    public static ServiceEvent step(TrackingId trackingId, ServiceId serviceId, String step, Channel channel,
                                    String responsibleUnit) {
        return of(EventType.STEP, trackingId, serviceId, step, channel, responsibleUnit);
    }

    /** The step code of a payment's progress (contract section 10). */
    public static final String PAYMENT_STEP = "payment";

    /** How a payment went, as a payment step's outcome (contract section 10). */
    public enum PaymentOutcome {
        /** Paid and verified, or confirmed as paid elsewhere. */
        COMPLETED,
        /** Not paid: failed, cancelled, expired or reversed. */
        FAILED,
        /** Paid, then given back. */
        REFUNDED;

        /** Wire value, lower case. */
        public String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A new payment step event: step {@code payment} with its outcome. It carries no amount, card number or bank
     * reference, by construction.
     *
     * @param trackingId      the request
     * @param serviceId       its service
     * @param outcome         how the payment went
     * @param channel         where the citizen is served
     * @param responsibleUnit organisational unit code
     * @return the event
     */
    public static ServiceEvent payment(TrackingId trackingId, ServiceId serviceId, PaymentOutcome outcome, Channel channel,
                                       String responsibleUnit) {
        Objects.requireNonNull(outcome, "outcome");
        return new ServiceEvent(UUID.randomUUID(), EventType.STEP, trackingId, serviceId, PAYMENT_STEP, channel,
                responsibleUnit, Instant.now(), outcome.wireValue());
    }

    /** A new {@code delivered} event (outcome {@code approved}). */
    public static ServiceEvent delivered(TrackingId trackingId, ServiceId serviceId, Channel channel, String responsibleUnit) {
        return of(EventType.DELIVERED, trackingId, serviceId, null, channel, responsibleUnit);
    }

    /** A new {@code rejected} event (outcome {@code rejected}). */
    public static ServiceEvent rejected(TrackingId trackingId, ServiceId serviceId, Channel channel, String responsibleUnit) {
        return of(EventType.REJECTED, trackingId, serviceId, null, channel, responsibleUnit);
    }

    /** A new {@code cancelled} event (outcome {@code cancelled}). */
    public static ServiceEvent cancelled(TrackingId trackingId, ServiceId serviceId, Channel channel, String responsibleUnit) {
        return of(EventType.CANCELLED, trackingId, serviceId, null, channel, responsibleUnit);
    }

    /**
     * Any event, now, with a new id.
     *
     * @param type            event type
     * @param trackingId      the request
     * @param serviceId       its service
     * @param step            step code, required for {@link EventType#STEP}, optional otherwise
     * @param channel         where the citizen is served
     * @param responsibleUnit organisational unit code
     * @return the event
     * @throws EventRefusedException if a code is malformed or could carry personal data
     */
    public static ServiceEvent of(EventType type, TrackingId trackingId, ServiceId serviceId, String step, Channel channel,
                                  String responsibleUnit) {
        return new ServiceEvent(UUID.randomUUID(), type, trackingId, serviceId, step, channel, responsibleUnit, Instant.now());
    }

    /**
     * The same event with another time (when it happened at the agency).
     *
     * @param when the time
     * @return a copy
     */
    public ServiceEvent at(Instant when) {
        return new ServiceEvent(id, type, trackingId, serviceId, step, channel, responsibleUnit, when, stepOutcome);
    }

    /**
     * The same event with a chosen id, for callers that derive ids from their own records so that a
     * replay after a crash cannot mint a second event.
     *
     * @param eventId the id
     * @return a copy
     */
    public ServiceEvent withId(UUID eventId) {
        return new ServiceEvent(eventId, type, trackingId, serviceId, step, channel, responsibleUnit, time, stepOutcome);
    }

    /** The CloudEvents id, chosen once. */
    public UUID id() {
        return id;
    }

    /** The type. */
    public EventType type() {
        return type;
    }

    /** The request (CloudEvents {@code subject}). */
    public TrackingId trackingId() {
        return trackingId;
    }

    /** The service. */
    public ServiceId serviceId() {
        return serviceId;
    }

    /** The step code, if any. */
    public Optional<String> step() {
        return Optional.ofNullable(step);
    }

    /**
     * The outcome: {@code approved|rejected|cancelled} on a terminal event, {@code completed|failed|refunded} on a
     * payment step, none otherwise.
     */
    public Optional<String> outcome() {
        return Optional.ofNullable(stepOutcome != null ? stepOutcome : type.outcome());
    }

    /** The channel. */
    public Channel channel() {
        return channel;
    }

    /** The responsible unit's code. */
    public String responsibleUnit() {
        return responsibleUnit;
    }

    /** When it happened at the agency. */
    public Instant time() {
        return time;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceEvent e && e.id.equals(id) && e.type == type && e.trackingId.equals(trackingId)
                && e.serviceId.equals(serviceId) && Objects.equals(e.step, step) && Objects.equals(e.stepOutcome, stepOutcome) && e.channel == channel
                && e.responsibleUnit.equals(responsibleUnit) && e.time.equals(time);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ServiceEvent[" + type.wireType() + " " + trackingId + (step == null ? "" : " step=" + step) + " id=" + id + "]";
    }
}
