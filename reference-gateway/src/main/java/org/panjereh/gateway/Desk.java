package org.panjereh.gateway;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.panjereh.core.Channel;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.core.PostalCode;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.EventType;
import org.panjereh.events.MessageNotice;
import org.panjereh.events.ServiceEvent;
import org.panjereh.inquiry.ExchangeException;
import org.panjereh.inquiry.InquiryContext;
import org.panjereh.inquiry.LegalEntity;
import org.panjereh.inquiry.PersonIdentity;
import org.panjereh.inquiry.PostalAddress;
import org.panjereh.inquiry.RepresentationCheck;
import org.panjereh.inquiry.RepresentationRefused;
import org.panjereh.sso.Citizen;

/**
 * The agency's counter: a citizen applies, staff move the request through the card's steps, reject or
 * deliver it. Every move is stored with its timeline entry first and published second, so a crash in
 * between is repaired by {@link #reconcile()} at start and every half minute (the platform de-duplicates
 * on the entry's event id).
 *
 * <p>Why this class is long: it is the request's one state machine — applying (with the card's eligibility, a
 * company's representation and the exchange's inquiries), moving, delivering, and who may see a request — and each of
 * those reads and writes the same request and timeline under the same version check.
 */
@jakarta.enterprise.context.ApplicationScoped
public class Desk {

    private static final Logger LOG = Logger.getLogger(Desk.class.getName());
    static final String PERSON_IDENTITY = "civil-registry/person-identity";
    static final String ADDRESS = "post/address-by-postcode";
    static final String SHAHKAR = "shahkar/mobile-ownership";

    private final Platform platform;
    private final Agency agency;
    private final Requests requests;
    private final TrackingIds trackingIds;
    private final Violations violations;
    private final Fees fees;
    private final Documents documents;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService repair;

    /**
     * @param platform the platform
     * @param agency   events, exchange and survey
     * @param requests the store of requests
     * @param violations deliberate breaches for the conformance kit's demonstrations
     * @param fees     the request's payments
     * @param documents the permits issued on delivery
     */
    @Inject
    public Desk(Platform platform, Agency agency, Requests requests, Violations violations, Fees fees, Documents documents) {
        this.violations = violations;
        this.fees = fees;
        this.documents = documents;
        this.platform = platform;
        this.agency = agency;
        this.requests = requests;
        this.trackingIds = TrackingIds.builder(platform.client()).build();
    }

    /**
     * Repairs what a crash left half done (at once, then every half minute). Called by {@link GatewayStart} once the
     * platform is reachable, off the start thread.
     *
     * @return how many requests had events that had not reached the outbox, now handed to it
     */
    int startRepairs() {
        int republished = reconcile();
        repair = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-reconcile");
            t.setDaemon(true);
            return t;
        });
        repair.scheduleWithFixedDelay(this::reconcileQuietly, 30, 30, TimeUnit.SECONDS);
        return republished;
    }

    void stop(@Observes(notifyObserver = jakarta.enterprise.event.Reception.IF_EXISTS) ShutdownEvent e) {
        if (repair != null) {
            repair.shutdownNow();
        }
    }

    /**
     * Makes a request: the exchange answers who the applicant is and where they live, the platform issues
     * the tracking id, the request is stored, {@code started} is published and the citizen's message box
     * gets the tracking id.
     *
     * @param citizen       the logged-in applicant
     * @param serviceId     the service
     * @param channel       where the citizen asks: {@code WEB} from the pages, {@code MOBILE} from the JSON API
     * @param postalCodeRaw postal code as typed (Persian, Arabic or ASCII digits)
     * @param birthDateRaw  Jalali birth date as typed, when the SSO did not release it
     * @param submission    the form's one-time key: a repeated submission gets the same request
     * @return the request
     */
    public CitizenRequest apply(Citizen citizen, ServiceId serviceId, Channel channel, String postalCodeRaw, String birthDateRaw,
                                UUID submission) {
        ServiceCard card = card(serviceId);
        if (!card.channels().isEmpty() && !card.channels().contains(channel)) {
            throw new GatewayProblem(422, "gateway.channel_not_offered", "این خدمت از این راه ارائه نمی‌شود؛ راه‌های ارائه در "
                    + "شناسنامه خدمت آمده است.");
        }
        if (!card.admits(citizen.applicantKind()) || violations.has("foreigners-refused")
                && citizen.applicantKind() == ServiceCard.Eligibility.FOREIGN) {
            throw new GatewayProblem(422, "gateway.not_eligible", "این خدمت برای " + card.eligibleInPersian() + " است و "
                    + citizen.applicantKind().persian() + " نمی‌توانند آن را درخواست کنند.");
        }
        PostalCode postalCode = parsePostalCode(postalCodeRaw);
        PartyIdentifier person = citizen.person();
        LocalDate birthDate = !(person instanceof NationalCode) ? null
                : citizen.birthDate() != null ? citizen.birthDate() : parseBirthDate(birthDateRaw);
        InquiryContext ctx = new InquiryContext(serviceId, null, person);
        try {
            return applyChecked(citizen, card, channel, person, postalCode, birthDate, ctx, submission);
        } catch (ExchangeException e) {
            if (e.reason() == ExchangeException.Reason.NOT_FOUND) {
                throw new GatewayProblem(422, "gateway.not_found_at_provider", e.persianMessage());
            }
            throw e;
        }
    }

    private CitizenRequest applyChecked(Citizen citizen, ServiceCard card, Channel channel, PartyIdentifier person,
                                        PostalCode postalCode, LocalDate birthDate, InquiryContext ctx, UUID submission) {
        if (violations.has("no-inquiry")) {
            return record(citizen, card, channel, citizen.applicant(), citizen.displayName(), "کد پستی " + postalCode.value(),
                    submission);
        }
        String name;
        if (person instanceof NationalCode code) {
            PersonIdentity identity = agency.exchange().personIdentity(code, birthDate, ctx);
            if (!identity.alive()) {
                throw new GatewayProblem(422, "gateway.not_alive", "ثبت احوال این شخص را در قید حیات اعلام نکرده است.");
            }
            name = identity.givenName() + " " + identity.familyName();
        } else {
            // The civil registry knows Iranians only; a foreign national's name is the one the national SSO verified.
            name = citizen.displayName();
        }
        if (citizen.applicantKind() == ServiceCard.Eligibility.LEGAL) {
            name = representedCompany(citizen, card, person, ctx) + " (نماینده: " + name + ")";
        }
        PostalAddress address = agency.exchange().addressByPostcode(postalCode, ctx);
        if (card.requiredInquiries().contains(SHAHKAR) && person instanceof NationalCode code) {
            boolean owns = citizen.mobileIfAny().map(m -> agency.exchange().mobileOwnership(code, m, ctx)).orElse(false);
            if (!owns) {
                throw new GatewayProblem(422, "gateway.mobile_not_owned",
                        "شماره همراه تأییدشده شما در پنجره ملی به نام خودتان ثبت نشده است (استعلام شاهکار).");
            }
        }
        return record(citizen, card, channel, citizen.applicant(), name, describe(address), submission);
    }

    /**
     * The login only says whom the person claims to represent: the company registry must confirm it, with powers
     * current today and covering this service.
     */
    private String representedCompany(Citizen citizen, ServiceCard card, PartyIdentifier person, InquiryContext ctx) {
        if (violations.has("representation-unchecked")) {
            return agency.exchange().legalEntity(citizen.legalEntityId(), ctx).name(); // the login's claim, taken as it is
        }
        try {
            RepresentationCheck.builder(agency.exchange()).clock(clock).build().confirm(citizen.legalEntityId(), person, card);
        } catch (RepresentationRefused e) {
            throw new GatewayProblem(403, "gateway." + e.reason().code(), e.persianMessage());
        }
        LegalEntity company = agency.exchange().legalEntity(citizen.legalEntityId(), ctx);
        if (!company.isActive()) {
            throw new GatewayProblem(422, "gateway.company_inactive", "شرکت در سازمان ثبت فعال نیست.");
        }
        return company.name();
    }

    private CitizenRequest record(Citizen citizen, ServiceCard card, Channel channel, PartyIdentifier person, String name,
                                  String address, UUID submission) {
        ServiceId serviceId = card.serviceId();
        TrackingId t = violations.has("local-tracking-ids")
                ? TrackingId.withCheckDigits("1010" + String.format("%014d", Math.floorMod(submission.getLeastSignificantBits(), 100_000_000_000_000L)))
                : trackingIds.issue(serviceId, channel, citizen.subject(),
                        RequestOptions.builder().idempotencyKey(submission).build()).trackingId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CitizenRequest r = new CitizenRequest(t, serviceId, channel, citizen.subject(), person, name, address,
                CitizenRequest.Status.STARTED, null, null, now, now, 0);
        TimelineEntry started = new TimelineEntry(UUID.randomUUID(), t, 0, EventType.STARTED, null, unit(card, 0), now,
                violations.has("no-started-event"));
        if (requests.create(r, started)) {
            publish(card, channel, t, Map.of(started.eventId(), new MessageNotice(person, serviceId, t, "ثبت درخواست " + card.title(),
                    "درخواست شما برای «" + card.title() + "» ثبت شد. شناسه پیگیری: " + t.toPersianDisplay(), null)));
        }
        return requests.find(t).orElseThrow();
    }

    /**
     * Moves a request to the card's next step.
     *
     * @param t       the request
     * @param version the version the staff member saw
     * @return the request after the move
     */
    public CitizenRequest advance(TrackingId t, int version) {
        CitizenRequest seen = open(t, version);
        ServiceCard card = card(seen.serviceId());
        ServiceCard.Step next = nextStep(card, seen).orElseThrow(() -> new GatewayProblem(409, "gateway.no_next_step",
                "همه مراحل این درخواست انجام شده است؛ آن را تحویل دهید یا رد کنید."));
        return move(card, seen, CitizenRequest.Status.IN_PROGRESS, next.code(), null, EventType.STEP, null);
    }

    /**
     * Rejects a request.
     *
     * @param t       the request
     * @param version the version the staff member saw
     * @return the request after the move
     */
    public CitizenRequest reject(TrackingId t, int version) {
        CitizenRequest seen = open(t, version);
        ServiceCard card = card(seen.serviceId());
        if (!violations.has("no-refund-on-reject")) {
            fees.refundBeforeRejecting(t);
        }
        return move(card, seen, CitizenRequest.Status.REJECTED, seen.step(), null, EventType.REJECTED,
                new MessageNotice(seen.recipient(), seen.serviceId(), t, "نتیجه درخواست " + card.title(),
                        "درخواست شما با شناسه پیگیری " + t.toPersianDisplay() + " پذیرفته نشد."
                                + (fees.payments().ledgerFor(t).stream().anyMatch(e -> !e.refunded().isZero())
                                        ? " هزینهٔ پرداخت‌شده به کارت شما بازگردانده شد." : ""), null));
    }

    /**
     * Delivers a request: the document goes to the citizen's message box and the survey ticket is kept for them.
     *
     * @param t       the request
     * @param version the version the staff member saw
     * @return the request after the move
     */
    public CitizenRequest deliver(TrackingId t, int version) {
        CitizenRequest seen = open(t, version);
        ServiceCard card = card(seen.serviceId());
        if (!violations.has("deliver-unpaid")) {
            fees.requirePaid(card, t);
        }
        String ticket = agency.tickets().mint(t, seen.serviceId(), seen.channel(), seen.subject());
        // The signed permit itself, for its holder (a login is asked for if the message is opened elsewhere).
        URI document = URI.create(platform.base() + "/my/requests/" + t.value() + "/document");
        // The permit is signed and registered first; if the delivery then loses a race, it is revoked.
        org.panjereh.documents.IssuedDocument permit = documents.issue(card, seen);
        try {
            return move(card, seen, CitizenRequest.Status.DELIVERED, seen.step(), ticket, EventType.DELIVERED,
                    new MessageNotice(seen.recipient(), seen.serviceId(), t, "تحویل " + card.title(),
                            "خدمت «" + card.title() + "» با شناسه پیگیری " + t.toPersianDisplay()
                                    + " تحویل شد. سند امضاشده (کد تصدیق " + permit.code().display()
                                    + ") در پیوند پیوست است؛ لطفاً در نظرسنجی خدمت شرکت کنید.", document));
        } catch (GatewayProblem lost) {
            documents.registry().revoke(permit.code(), "تحویل انجام نشد", Instant.now());
            throw lost;
        }
    }

    /**
     * @param card a card
     * @param r    a request of it
     * @return the step after the request's current one, if any
     */
    static Optional<ServiceCard.Step> nextStep(ServiceCard card, CitizenRequest r) {
        List<ServiceCard.Step> steps = card.steps();
        int at = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).code().equals(r.step())) {
                at = i;
            }
        }
        return at + 1 < steps.size() ? Optional.of(steps.get(at + 1)) : Optional.empty();
    }

    private CitizenRequest move(ServiceCard card, CitizenRequest seen, CitizenRequest.Status status, String step,
                                String ticket, EventType type, MessageNotice notice) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CitizenRequest moved = new CitizenRequest(seen.trackingId(), seen.serviceId(), seen.channel(), seen.subject(),
                seen.recipient(), seen.applicantName(), seen.address(), status, step, ticket, seen.createdAt(), now,
                seen.version() + 1);
        int seq = requests.timeline(seen.trackingId()).size();
        TimelineEntry entry = new TimelineEntry(UUID.randomUUID(), seen.trackingId(), seq, type,
                type == EventType.STEP ? step : null, unit(card, seq), now, false);
        if (!requests.move(seen, moved, entry)) {
            throw new GatewayProblem(409, "gateway.moved_meanwhile",
                    "این درخواست هم‌زمان به دست همکار دیگری تغییر کرد. صفحه را دوباره ببینید.");
        }
        publish(card, seen.channel(), seen.trackingId(), notice == null ? Map.of() : Map.of(entry.eventId(), notice));
        return requests.find(seen.trackingId()).orElseThrow();
    }

    /**
     * Puts a request's stored, unpublished entries into the outbox, in timeline order, under the request's
     * row lock (two nodes never interleave one request's events). An entry whose event already reached the
     * outbox before a crash (its type is the outbox's last for the request) is only marked; a repeated step
     * goes again under the same event id, which the platform de-duplicates.
     */
    private void publish(ServiceCard card, Channel channel, TrackingId t, Map<UUID, MessageNotice> notices) {
        try {
            requests.publishInOrder(t, e -> {
                try {
                    Optional<EventType> last = agency.events().lastEvent(t);
                    if (e.type() != EventType.STEP && last.isPresent() && last.get() == e.type()) {
                        return true;
                    }
                    agency.events().publish(ServiceEvent.of(e.type(), t, card.serviceId(), e.step(), channel, e.unit())
                            .at(e.at()).withId(e.eventId()));
                    MessageNotice notice = notices.get(e.eventId());
                    if (notice != null && !violations.has("no-message-box")) {
                        agency.events().sendMessage(notice);
                    }
                    return true;
                } catch (PanjerehException x) {
                    // Stored, not yet published: reconcile() tries again under the same event id.
                    LOG.log(Level.WARNING, "Event {0} of a request is stored and waits for the outbox: {1}",
                            new Object[] {e.eventId(), x.getMessage()});
                    return false;
                }
            });
        } catch (Requests.StoreException x) {
            LOG.log(Level.WARNING, "Publishing a request''s events waits for the database: {0}", x.getMessage());
        }
    }

    /**
     * Publishes timeline entries that were stored but did not reach the outbox (a crash, a full outbox,
     * the database briefly away).
     *
     * @return requests repaired
     */
    public int reconcile() {
        List<TrackingId> waiting = requests.withUnpublished();
        for (TrackingId t : waiting) {
            requests.find(t).ifPresent(r -> publish(card(r.serviceId()), r.channel(), t, Map.of()));
        }
        return waiting.size();
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException x) {
            LOG.log(Level.WARNING, "Reconciling unpublished events failed; next try in 30 s: {0}", x.getMessage());
        }
    }

    /**
     * @param serviceId a service of this agency
     * @return its card
     */
    public ServiceCard card(ServiceId serviceId) {
        ServiceCard card = platform.registry().card(serviceId);
        if (!card.agencyId().equals(platform.agencyId())) {
            throw new GatewayProblem(404, "gateway.not_our_service", "این خدمت را این دستگاه ارائه نمی‌کند.");
        }
        return card;
    }

    /**
     * The requests a person sees in their own space: those they filed, and, for a company's representative, the
     * company's requests for each service the company registry confirms their powers cover today. Nobody else sees a
     * company's request; a representative whose powers ended sees only what they filed themselves.
     *
     * @param c     the person logged in
     * @param limit at most this many, newest first
     * @return the requests, and whether the company's could not be shown because the registry could not be asked
     */
    public Visible visibleTo(Citizen c, int limit) {
        List<CitizenRequest> own = requests.bySubject(c.subject(), limit);
        if (c.applicantKind() != ServiceCard.Eligibility.LEGAL || c.legalEntityId() == null) {
            return new Visible(own, false);
        }
        java.util.Map<TrackingId, CitizenRequest> all = new java.util.LinkedHashMap<>();
        own.forEach(r -> all.put(r.trackingId(), r));
        java.util.Map<ServiceId, Boolean> covered = new java.util.HashMap<>();
        try {
            for (CitizenRequest r : requests.byRecipient(c.legalEntityId(), limit)) {
                if (covered.computeIfAbsent(r.serviceId(), s -> represents(c, s))) {
                    all.putIfAbsent(r.trackingId(), r);
                }
            }
        } catch (ExchangeException e) {
            LOG.log(Level.FINE, "Company requests not shown: the registry could not be asked ({0})", e.reason());
            return new Visible(own, true);
        }
        List<CitizenRequest> sorted = new java.util.ArrayList<>(all.values());
        sorted.sort(java.util.Comparator.comparing(CitizenRequest::createdAt).reversed());
        return new Visible(sorted.subList(0, Math.min(limit, sorted.size())), false);
    }

    /**
     * One request, when {@link #visibleTo(Citizen, int)} would list it.
     *
     * @param c  the person logged in
     * @param id the tracking id as typed, in any digits
     * @return the request
     * @throws GatewayProblem 404 when there is no such request or this person may not see it
     */
    public CitizenRequest visibleTo(Citizen c, String id) {
        return TrackingPage.parse(id).flatMap(requests::find)
                .filter(r -> r.subject().equals(c.subject())
                        || c.applicantKind() == ServiceCard.Eligibility.LEGAL && r.recipient().equals(c.legalEntityId())
                        && represents(c, r.serviceId()))
                .orElseThrow(() -> new GatewayProblem(404, "gateway.unknown_request", "چنین درخواستی در پیشخوان شما نیست."));
    }

    private boolean represents(Citizen c, ServiceId service) {
        try {
            RepresentationCheck.builder(agency.exchange()).clock(clock).build().confirm(c.legalEntityId(), c.person(), card(service));
            return true;
        } catch (RepresentationRefused e) {
            return false;
        }
    }

    /**
     * What {@link #visibleTo(Citizen, int)} found.
     *
     * @param requests           newest first
     * @param companyUnavailable the company's requests are missing because the registry could not be asked now
     */
    public record Visible(List<CitizenRequest> requests, boolean companyUnavailable) {
    }

    /**
     * @param r a request
     * @return its service's title, or the service id in Persian digits when the card cannot be read now
     */
    public String title(CitizenRequest r) {
        try {
            return card(r.serviceId()).title();
        } catch (PanjerehException | GatewayProblem e) {
            return PersianText.toPersianDigits(r.serviceId().value());
        }
    }

    private CitizenRequest open(TrackingId t, int version) {
        CitizenRequest r = requests.find(t).orElseThrow(() -> new GatewayProblem(404, "gateway.unknown_request",
                "درخواستی با این شناسه پیگیری در این دستگاه نیست."));
        if (r.status().terminal()) {
            throw new GatewayProblem(409, "gateway.finished", "این درخواست پیش‌تر تحویل یا رد شده است.");
        }
        if (r.version() != version) {
            throw new GatewayProblem(409, "gateway.moved_meanwhile",
                    "این درخواست هم‌زمان به دست همکار دیگری تغییر کرد. صفحه را دوباره ببینید.");
        }
        return r;
    }

    private static String unit(ServiceCard card, int seq) {
        return card.units().isEmpty() ? "U-" + card.agencyId() : card.units().get(Math.min(seq, card.units().size() - 1));
    }

    private static String describe(PostalAddress a) {
        return PersianText.toPersianDigits(a.province() + "، " + a.city() + "، " + a.street() + "، پلاک " + a.plaque());
    }

    private static PostalCode parsePostalCode(String raw) {
        try {
            return PostalCode.of(raw == null ? "" : raw.strip());
        } catch (InvalidIdentifierException e) {
            throw new GatewayProblem(422, "gateway.postal_code", e.persianMessage());
        }
    }

    private static LocalDate parseBirthDate(String raw) {
        try {
            return JalaliDate.parse(raw).toLocalDate();
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(422, "gateway.birth_date", "تاریخ تولد را به شکل ۱۳۷۰/۰۲/۲۲ وارد کنید.");
        }
    }
}
