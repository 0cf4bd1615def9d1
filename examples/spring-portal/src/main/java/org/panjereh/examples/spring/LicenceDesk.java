package org.panjereh.examples.spring;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.NationalCode;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.inquiry.InquiryContext;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.PersonIdentity;
import org.panjereh.sso.Citizen;
import org.panjereh.survey.SurveyTickets;
import org.springframework.stereotype.Service;

/**
 * The licence application's journey: the civil registry confirms who applies (through the national exchange), the
 * platform issues the tracking id, the examinations are the card's steps, and delivery sends the result to the
 * citizen's message box and offers the survey.
 */
@Service
public class LicenceDesk {

    /** A refusal the citizen or staff member reads, in Persian. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param persian what went wrong */
        public Refused(String persian) {
            super(persian);
        }
    }

    private final Applications applications;
    private final Timeline timeline;
    private final TrackingIds trackingIds;
    private final NationalExchange exchange;
    private final ServiceRegistry registry;
    private final SurveyTickets tickets;
    private final LicenceSettings settings;
    private final org.panjereh.spring.boot.ApplicantCheck applicants;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param applications the portal's records
     * @param timeline     the events' way to the platform
     * @param trackingIds  the central tracking-id issuer (starter bean)
     * @param exchange     the national exchange (starter bean)
     * @param registry     the service cards (starter bean)
     * @param tickets      the survey tickets (starter bean)
     * @param settings     the service
     * @param applicants   who may apply, by the card (starter bean)
     */
    public LicenceDesk(Applications applications, Timeline timeline, TrackingIds trackingIds, NationalExchange exchange,
                       ServiceRegistry registry, SurveyTickets tickets, LicenceSettings settings,
                       org.panjereh.spring.boot.ApplicantCheck applicants) {
        this.applicants = applicants;
        this.applications = applications;
        this.timeline = timeline;
        this.trackingIds = trackingIds;
        this.exchange = exchange;
        this.registry = registry;
        this.tickets = tickets;
        this.settings = settings;
    }

    /** @return the service's card */
    public ServiceCard card() {
        return registry.card(settings.serviceId());
    }

    /**
     * Applies for a licence.
     *
     * @param citizen      the applicant
     * @param birthDateRaw the Jalali birth date as typed, when the SSO did not release it
     * @param submission   the form's one-time key
     * @return the application
     */
    public LicenceApplication apply(Citizen citizen, String birthDateRaw, UUID submission) {
        Optional<LicenceApplication> before = applications.bySubmission(submission);
        if (before.isPresent()) {
            return before.get();
        }
        try {
            applicants.require(citizen, card()); // the card admits natural persons and foreign nationals, not companies
        } catch (org.panjereh.spring.boot.ApplicantCheck.Refused e) {
            throw new Refused(e.persianMessage());
        }
        NationalCode person = citizen.nationalCodeIfAny()
                .orElseThrow(() -> new Refused("این خدمت برای دارندگان کد ملی است."));
        LocalDate birthDate = citizen.birthDate() != null ? citizen.birthDate() : parseBirthDate(birthDateRaw);
        ServiceCard card = card();
        PersonIdentity identity = exchange.personIdentity(person, birthDate, new InquiryContext(card.serviceId(), null, person));
        if (!identity.alive()) {
            throw new Refused("ثبت احوال این شخص را در قید حیات اعلام نکرده است.");
        }
        TrackingId t = trackingIds.issue(card.serviceId(), Channel.WEB, citizen.subject(),
                RequestOptions.builder().idempotencyKey(submission).build()).trackingId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LicenceApplication a = new LicenceApplication(t.value(), submission, citizen.subject(), person.value(),
                identity.givenName() + " " + identity.familyName(), "STARTED", null, null, now, now, 0);
        applications.create(a, new Applications.Entry(UUID.randomUUID(), t.value(), 0, "STARTED", null, now,
                "ثبت " + card.title(), "درخواست شما برای «" + card.title() + "» ثبت شد. شناسه پیگیری: " + t.toPersianDisplay(), null));
        timeline.publish(t.value());
        return applications.find(t.value()).orElseThrow();
    }

    /**
     * Records the next examination as done.
     *
     * @param trackingId the request
     * @param version    the version staff saw
     */
    public void advance(String trackingId, int version) {
        LicenceApplication seen = seen(trackingId, version);
        String next = nextStep(card(), seen).orElseThrow(() -> new Refused("همهٔ مراحل این درخواست انجام شده است؛ آن را تحویل دهید."))
                .code();
        move(seen, "IN_PROGRESS", next, null, "STEP", next, null, null, null);
    }

    /**
     * Delivers the licence: the result goes to the citizen's message box, the survey is offered.
     *
     * @param trackingId the request
     * @param version    the version staff saw
     */
    public void deliver(String trackingId, int version) {
        LicenceApplication seen = seen(trackingId, version);
        ServiceCard card = card();
        TrackingId t = TrackingId.of(trackingId);
        String ticket = tickets.mint(t, card.serviceId(), Channel.WEB, seen.subject());
        String document = settings.baseUrl() + "/my/requests/" + trackingId;
        move(seen, "DELIVERED", seen.step(), ticket, "DELIVERED", null, "تحویل " + card.title(),
                "خدمت «" + card.title() + "» با شناسه پیگیری " + t.toPersianDisplay()
                        + " تحویل شد. نتیجه در پیوند پیوست است؛ لطفاً در نظرسنجی خدمت شرکت کنید.", document);
    }

    private void move(LicenceApplication seen, String status, String step, String ticket, String type, String eventStep,
                      String noticeTitle, String noticeBody, String documentUrl) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LicenceApplication moved = new LicenceApplication(seen.trackingId(), seen.submission(), seen.subject(),
                seen.nationalCode(), seen.applicantName(), status, step, ticket, seen.createdAt(), now, seen.version() + 1);
        Applications.Entry entry = new Applications.Entry(UUID.randomUUID(), seen.trackingId(),
                applications.timelineSize(seen.trackingId()), type, eventStep, now, noticeTitle, noticeBody, documentUrl);
        if (!applications.move(seen, moved, entry)) {
            throw new Refused("این درخواست هم‌زمان به دست همکار دیگری تغییر کرد. صفحه را دوباره ببینید.");
        }
        timeline.publish(seen.trackingId());
    }

    private LicenceApplication seen(String trackingId, int version) {
        LicenceApplication a = applications.find(trackingId).orElseThrow(() -> new Refused("این درخواست پیدا نشد."));
        if (a.version() != version) {
            throw new Refused("این درخواست هم‌زمان به دست همکار دیگری تغییر کرد. صفحه را دوباره ببینید.");
        }
        if (a.delivered()) {
            throw new Refused("این درخواست پیش‌تر تحویل شده است.");
        }
        return a;
    }

    /**
     * @param card the service's card
     * @param a    an application of it
     * @return the card's step after its current one, or empty when only delivery is left
     */
    public static Optional<ServiceCard.Step> nextStep(ServiceCard card, LicenceApplication a) {
        List<ServiceCard.Step> steps = card.steps();
        int at = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).code().equals(a.step())) {
                at = i;
            }
        }
        return at + 1 < steps.size() ? Optional.of(steps.get(at + 1)) : Optional.empty();
    }

    private static LocalDate parseBirthDate(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 20) {
            throw new Refused("تاریخ تولد را به تاریخ شمسی بنویسید، مانند ۱۳۶۹/۰۲/۲۲.");
        }
        try {
            return JalaliDate.parse(raw.strip()).toLocalDate();
        } catch (RuntimeException e) {
            throw new Refused("تاریخ تولد را به تاریخ شمسی بنویسید، مانند ۱۳۶۹/۰۲/۲۲.");
        }
    }
}
