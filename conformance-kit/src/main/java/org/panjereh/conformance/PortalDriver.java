package org.panjereh.conformance;

import java.io.IOException;
import java.util.Optional;
import org.panjereh.core.TrackingId;

/**
 * What the kit cannot guess about a portal: how to apply for its sample service, how staff deliver a
 * request, and where the survey is offered. An agency implements this for its portal (the
 * {@link ReferenceGatewayDriver} is the example); logins go through the sandbox's login page, which the kit
 * drives itself.
 */
public interface PortalDriver {

    /** @return a page that needs a login (the kit starts every login there), e.g. {@code /my} */
    String protectedPath();

    /**
     * @return the page where a logged-in person sees their profile and the «انتقال به پنجره ملی» link (default:
     *         {@link #protectedPath()}, which is that page in most portals)
     */
    default String profilePath() {
        return protectedPath();
    }

    /** @return the id of the sample service {@link #apply} applies for, e.g. {@code 10101234568} */
    String serviceId();

    /** @return the sandbox test citizen who applies, e.g. {@code citizen-maryam} */
    default String citizen() {
        return "citizen-maryam";
    }

    /** @return the sandbox test citizen who is staff at the portal, e.g. {@code citizen-ali} */
    default String staff() {
        return "citizen-ali";
    }

    /**
     * Applies for the sample service as a logged-in citizen.
     *
     * @param citizen the citizen's browser, logged in
     * @return the tracking id the portal showed
     * @throws IOException if the portal did not answer
     */
    TrackingId apply(PortalBrowser citizen) throws IOException;

    /**
     * Takes the request through its steps to delivery as staff.
     *
     * @param staff the staff member's browser, logged in
     * @param t     the request
     * @throws IOException if the portal did not answer
     */
    void deliver(PortalBrowser staff, TrackingId t) throws IOException;

    /**
     * Where the portal offers the survey of a delivered request to its citizen.
     *
     * @param citizen the citizen's browser, logged in
     * @param t       the delivered request
     * @return the survey page, or empty when none is offered
     * @throws IOException if the portal did not answer
     */
    Optional<PortalBrowser.Page> survey(PortalBrowser citizen, TrackingId t) throws IOException;

    /**
     * Answers the survey on its page. The default fills the SDK's survey form ({@code csat-v1}: the satisfaction
     * score and a comment), which every portal placing {@code SurveyServlet} or {@code SurveyResource} shows.
     *
     * @param citizen the citizen's browser
     * @param survey  the survey page {@link #survey} found
     * @return the page after answering
     * @throws IOException if the portal did not answer
     */
    default PortalBrowser.Page answer(PortalBrowser citizen, PortalBrowser.Page survey) throws IOException {
        return citizen.submit(survey, "form", java.util.Map.of("q.satisfaction", "5", "comment", "بررسی انطباق"));
    }

    /**
     * The services the portal offers, for the rule {@code card.public-and-complete}: each must have an approved,
     * complete, current card and a public page. The default is {@link #serviceId()} and {@link #paidServiceId()}.
     *
     * @return the service ids
     */
    default java.util.List<String> offeredServices() {
        java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of(serviceId()));
        paidServiceId().filter(id -> !ids.contains(id)).ifPresent(ids::add);
        return ids;
    }

    /**
     * Where the portal publishes a service's card to anyone, without login (ضوابط فنی، ماده ۹ تبصره ۱). The default is
     * {@code /services/{serviceId}}, the reference gateway's and the Spring portal example's path.
     *
     * @param serviceId a service of {@link #offeredServices()}
     * @return the page's path at the portal
     */
    default String cardPage(String serviceId) {
        return "/services/" + serviceId;
    }

    /**
     * A service with a fee, for the payment rules; empty (the default) when the portal charges none, and the payment
     * rules are then not applicable.
     *
     * @return the paid service's id, e.g. {@code 10101234567}
     */
    default Optional<String> paidServiceId() {
        return Optional.empty();
    }

    /**
     * Answers, as staff, the comment the kit left in the survey of a delivered request, for the rule
     * {@code survey.feedback-answered}; {@code false} (the default) when the portal has no such page, and the rule is
     * not applicable.
     *
     * @param staff the kit's logged-in staff member
     * @param t     the delivered request whose survey the kit answered with a comment
     * @return whether the driver answered it
     * @throws IOException if the portal cannot be used
     */
    default boolean answerFeedback(PortalBrowser staff, TrackingId t) throws IOException {
        return false;
    }

    /**
     * Has the portal send the month in progress, as it stands, to the platform's monthly reports (contract section 13),
     * as staff would, for the rule {@code report.monthly}: the kit cannot wait for the month to end, so it asks for the
     * month so far, which the portal corrects with the final figures when the month has ended. {@code false} (the
     * default) when the portal cannot, and the rule is not applicable.
     *
     * @param staff the kit's logged-in staff member
     * @return whether the portal sent it
     * @throws IOException if the portal cannot be used
     */
    default boolean reportMonthSoFar(PortalBrowser staff) throws IOException {
        return false;
    }

    /**
     * The portal's services for foreign nationals, for the rule {@code identity.foreign-nationals}; empty (the default)
     * when it serves none, and the rule is not applicable.
     *
     * @return the sandbox's foreign national and two services, one whose card admits foreign nationals and one whose
     *         card does not
     */
    default Optional<ForeignNationalProbe> foreignNationals() {
        return Optional.empty();
    }

    /**
     * A foreign national and two services.
     *
     * @param person     the sandbox test person with a FIDA code, e.g. {@code citizen-john}
     * @param admitted   a service whose card admits foreign nationals
     * @param notAdmitted a service whose card does not
     */
    record ForeignNationalProbe(String person, String admitted, String notAdmitted) {
    }

    /**
     * The portal's services for companies, for the rule {@code identity.legal-representation}; empty (the default)
     * when it serves none, and the rule is not applicable.
     *
     * @return the sandbox's representatives and the services they apply for
     */
    default Optional<RepresentationProbe> representation() {
        return Optional.empty();
    }

    /**
     * Representatives of the sandbox's test company and what they apply for.
     *
     * @param director         a representative with full powers, e.g. {@code citizen-sara}
     * @param service          a service for companies the director applies for
     * @param outOfScope       a representative whose powers do not cover {@code outOfScopeService}
     * @param outOfScopeService the service outside those powers
     * @param ended            a representative whose powers have ended, who applies for {@code service}
     */
    record RepresentationProbe(String director, String service, String outOfScope, String outOfScopeService, String ended) {
    }

    /**
     * Applies for a service as the logged-in person, for the identity rules: the portal's form for that service filled
     * as the driver knows how.
     *
     * @param person    the person's browser, logged in
     * @param serviceId the service
     * @return the page the portal answered with, and the tracking id it showed, if any
     * @throws IOException if the portal did not answer
     */
    default Application applyFor(PortalBrowser person, String serviceId) throws IOException {
        throw new IOException("This driver cannot apply for a service by its id");
    }

    /**
     * What applying answered.
     *
     * @param page       the page after submitting
     * @param trackingId the tracking id shown, or empty when the portal refused
     */
    record Application(PortalBrowser.Page page, Optional<TrackingId> trackingId) {
    }

    /**
     * What the portal serves to other agencies, for the provider rules (contract section 12); empty (the default) for a
     * portal that provides nothing, and those rules are not applicable. Called after the kit's journey delivered a
     * request, so a driver may point at what that delivery produced.
     *
     * @param citizen   the kit's logged-in citizen
     * @param delivered the request the kit had delivered
     * @return the service, the purpose the sandbox's test consumer (agency 9999) is listed with, and a request the
     *         portal answers with a record
     * @throws IOException if the portal cannot be read
     */
    default Optional<ProviderProbe> providerProbe(PortalBrowser citizen, TrackingId delivered) throws IOException {
        return Optional.empty();
    }

    /**
     * @param staff    the kit's logged-in staff member
     * @param consumer a consumer agency
     * @return how many calls of that consumer the portal's provider audit holds, as the portal shows it to staff
     * @throws IOException if the portal cannot be read
     */
    default java.util.OptionalLong auditedCalls(PortalBrowser staff, String consumer) throws IOException {
        return java.util.OptionalLong.empty();
    }

    /**
     * How many records the portal has stored for the platform — service events, message-box notices, survey responses
     * — that the platform has not yet accepted: its outbox's backlog. While the kit waits for such a record in the
     * sandbox it asks this; once the portal says nothing waits, a record still missing was never sent, and the kit
     * concludes at once instead of waiting out {@link ConformanceKit.Builder#waitForRecords(java.time.Duration)}.
     *
     * <p>Answer only for a portal that stores each record before answering the request that caused it (a transactional
     * outbox, as the SDK's {@code ServiceEventPublisher} does): a count of zero must mean that everything the kit's
     * requests so far produced has reached the platform or been given up. The default, empty, means the portal cannot
     * tell, and the kit waits for records as long as the builder says.
     *
     * @param anyone a browser with no login, on the portal
     * @return the records waiting, or empty when the portal cannot tell
     * @throws IOException if the portal cannot be read; the kit then waits as if the portal could not tell
     */
    default java.util.OptionalLong undeliveredRecords(PortalBrowser anyone) throws IOException {
        return java.util.OptionalLong.empty();
    }

    /**
     * A provided service and a request it answers.
     *
     * @param service     the service's name at the exchange
     * @param purpose     the purpose agency 9999 is listed with
     * @param requestJson a request the portal answers with a record
     */
    record ProviderProbe(String service, String purpose, String requestJson) {
    }

    /**
     * Applies for {@link #paidServiceId()} as a logged-in citizen.
     *
     * @param citizen the citizen's browser, logged in
     * @return the tracking id the portal showed
     * @throws IOException if the portal did not answer, or the driver does not support payments
     */
    default TrackingId applyForPaidService(PortalBrowser citizen) throws IOException {
        throw new IOException("This driver names no paid service");
    }

    /**
     * Presses the portal's pay button for a request's fee.
     *
     * @param citizen the citizen's browser
     * @param t       the request
     * @return where the portal sent the citizen: the national payment page ({@code nextUrl})
     * @throws IOException if the portal did not answer, or offered no payment
     */
    default java.net.URI startPayment(PortalBrowser citizen, TrackingId t) throws IOException {
        throw new IOException("This driver cannot pay");
    }

    /**
     * Enters a receipt paid at a bank branch for a request's fee.
     *
     * @param citizen    the citizen's browser
     * @param t          the request
     * @param rrn        the receipt's reference number
     * @param amountRial the amount on it
     * @return the page after entering it
     * @throws IOException if the portal did not answer
     */
    default PortalBrowser.Page enterReceipt(PortalBrowser citizen, TrackingId t, String rrn, long amountRial) throws IOException {
        throw new IOException("This driver cannot enter receipts");
    }

    /**
     * Rejects a request as staff.
     *
     * @param staff the staff member's browser, logged in
     * @param t     the request
     * @throws IOException if the portal did not answer
     */
    default void reject(PortalBrowser staff, TrackingId t) throws IOException {
        throw new IOException("This driver cannot reject");
    }

    /** @return whether the portal issues a signed document on delivery (default no: the documents rule does not apply) */
    default boolean issuesDocuments() {
        return false;
    }

    /**
     * The signed document of a delivered request, as its holder downloads it.
     *
     * @param citizen the holder's browser
     * @param t       the delivered request
     * @return the PDF's bytes
     * @throws IOException if the portal offers none or did not answer
     */
    default byte[] document(PortalBrowser citizen, TrackingId t) throws IOException {
        throw new IOException("This driver cannot fetch documents");
    }
}
