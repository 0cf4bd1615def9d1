package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.conformance.Rule;
import org.panjereh.conformance.RuleResult;
import org.panjereh.core.TrackingId;

/**
 * The checks, in the order a citizen's journey makes possible: log in, apply, deliver, survey, log out.
 * Each records its rule's result; a check whose prerequisite failed is {@code NOT_RUN} with the reason.
 */
public final class Checks {

    /** A rule broken: the message says how. */
    static final class Broken extends Exception {
        private static final long serialVersionUID = 1L;

        Broken(String message) {
            super(message);
        }
    }

    /** A check that may find the rule broken. */
    interface Check {
        void run() throws Broken, IOException, InterruptedException;
    }

    private static final Set<String> EVENT_DATA = Set.of("serviceId", "step", "outcome", "channel", "responsibleUnit");

    /** The rules whose checks work on a delivered request: the journey applies and delivers only when one of them runs. */
    private static final Set<Rule> ON_DELIVERY = EnumSet.of(Rule.EVENTS_LIFECYCLE, Rule.MESSAGE_BOX_DELIVERY,
            Rule.SURVEY_AFTER_DELIVERY, Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE, Rule.SURVEY_FEEDBACK_ANSWERED,
            Rule.EXCHANGE_PROVIDER_AUTHENTICATES, Rule.EXCHANGE_PROVIDER_AUTHORISES, Rule.EXCHANGE_PROVIDER_SIGNS,
            Rule.EXCHANGE_PROVIDER_AUDITS, Rule.REPORT_MONTHLY);

    /**
     * What a rule's check needs checked before it: the citizen's login ({@link Rule#SSO_NATIONAL_ONLY} logs the kit's
     * citizen in), the request ({@link Rule#TRACKING_PLATFORM_ISSUED} applies), the survey answered before its reply.
     * A monthly report counts the journey's request, so it comes after a delivery too.
     */
    private static Set<Rule> prerequisites(Rule r) {
        if (r == Rule.SURVEY_FEEDBACK_ANSWERED) {
            return EnumSet.of(Rule.SURVEY_AFTER_DELIVERY);
        }
        if (ON_DELIVERY.contains(r) || r == Rule.EXCHANGE_ONLY) {
            return EnumSet.of(Rule.TRACKING_PLATFORM_ISSUED);
        }
        return switch (r) {
            case TRACKING_PLATFORM_ISSUED, SSO_NATIONAL_WINDOW_LINK, PAYMENT_VERIFIED_BEFORE_DELIVERY, PAYMENT_REFUND_ON_REJECT,
                    PAYMENT_RECEIPT_ONCE -> EnumSet.of(Rule.SSO_NATIONAL_ONLY);
            default -> EnumSet.noneOf(Rule.class);
        };
    }

    /**
     * @param selected rules to check
     * @return those and every rule they need checked first, transitively
     */
    static Set<Rule> withPrerequisites(Set<Rule> selected) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        java.util.Deque<Rule> todo = new java.util.ArrayDeque<>(selected);
        while (!todo.isEmpty()) {
            Rule r = todo.pop();
            if (out.add(r)) {
                todo.addAll(prerequisites(r));
            }
        }
        return out;
    }

    static final String LOGIN_PROBLEM = "not checked: the citizen could not log in through the national SSO";

    private final URI portal;
    private final SandboxAdmin sandbox;
    private final PortalDriver driver;
    private final Duration wait;
    private final boolean chromium;
    private final Clock clock = Clock.systemUTC();
    private final Map<Rule, RuleResult> results = new LinkedHashMap<>();
    private final Set<Rule> selected;
    private final Set<Rule> checked;

    private JsonNode metadata;
    private PortalBrowser citizen;
    private TrackingId tracking;
    private final String serviceId;
    private boolean delivered;
    private String deliveryProblem;

    /**
     * @param portal  the portal
     * @param sandbox the sandbox it uses
     * @param driver  how to drive it
     * @param wait    how long to wait for records to reach the sandbox
     * @param chromium whether to log in once more in headless Chromium
     * @param selected the rules to check; the checks they need run too, the others not at all
     */
    public Checks(URI portal, URI sandbox, PortalDriver driver, Duration wait, boolean chromium, Set<Rule> selected) {
        this.selected = EnumSet.copyOf(selected);
        this.checked = withPrerequisites(this.selected);
        this.chromium = chromium;
        this.portal = portal;
        PortalBrowser anyone = new PortalBrowser(portal);
        this.sandbox = new SandboxAdmin(sandbox, () -> driver.undeliveredRecords(anyone));
        this.driver = driver;
        this.wait = wait;
        this.serviceId = driver.serviceId();
    }

    /** @return every rule's result, in {@link Rule} order */
    public List<RuleResult> run() {
        try {
            metadata = sandbox.metadata();
        } catch (IOException e) {
            for (Rule r : Rule.values()) {
                results.put(r, checked.contains(r) ? new RuleResult(r, RuleResult.Outcome.NOT_RUN, "not checked: the sandbox's "
                        + "discovery document could not be read: " + e.getMessage(), Duration.ZERO)
                        : new RuleResult(r, RuleResult.Outcome.NOT_SELECTED, "not selected", Duration.ZERO));
            }
            return List.copyOf(results.values());
        }
        SsoChecks sso = new SsoChecks(portal, sandbox, driver, metadata, chromium);
        check(Rule.SSO_NATIONAL_ONLY, sso::nationalOnly);
        citizen = sso.citizen();
        check(Rule.SSO_NO_LOCAL_SIGNUP, sso::noLocalSignup);
        check(Rule.SSO_NATIONAL_WINDOW_LINK, sso::nationalWindowLink);
        check(Rule.SSO_FORGED_ID_TOKEN, sso::forgedIdTokenRefused);
        Instant beforeApply = clock.instant();
        check(Rule.TRACKING_PLATFORM_ISSUED, this::platformTrackingId);
        check(Rule.EXCHANGE_ONLY, () -> inquiriesThroughExchange(beforeApply));
        deliver();
        check(Rule.EVENTS_LIFECYCLE, this::eventsInOrder);
        check(Rule.MESSAGE_BOX_DELIVERY, this::messageBox);
        check(Rule.SURVEY_AFTER_DELIVERY, this::surveyAfterDelivery);
        if (driver.issuesDocuments()) {
            check(Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE, this::signedDocument);
        } else {
            results.put(Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE, new RuleResult(Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE,
                    RuleResult.Outcome.NOT_APPLICABLE, "the portal's driver fetches no documents (PortalDriver.issuesDocuments)",
                    Duration.ZERO));
        }
        if (driver.paidServiceId().isPresent()) {
            PaymentChecks payments = new PaymentChecks(portal, sandbox, driver, wait, () -> {
                requireLogin();
                return citizen;
            }, this::staffBrowser);
            check(Rule.PAYMENT_VERIFIED_BEFORE_DELIVERY, payments::verifiedBeforeDelivery);
            check(Rule.PAYMENT_REFUND_ON_REJECT, payments::refundOnReject);
            check(Rule.PAYMENT_RECEIPT_ONCE, payments::receiptOnce);
        } else {
            for (Rule r : List.of(Rule.PAYMENT_VERIFIED_BEFORE_DELIVERY, Rule.PAYMENT_REFUND_ON_REJECT, Rule.PAYMENT_RECEIPT_ONCE)) {
                results.put(r, new RuleResult(r, RuleResult.Outcome.NOT_APPLICABLE, "the portal's driver names no service "
                        + "with a fee (PortalDriver.paidServiceId)", Duration.ZERO));
            }
        }
        if (results.getOrDefault(Rule.SURVEY_AFTER_DELIVERY, new RuleResult(Rule.SURVEY_AFTER_DELIVERY, RuleResult.Outcome.NOT_RUN,
                "", Duration.ZERO)).outcome() == RuleResult.Outcome.PASSED) {
            check(Rule.SURVEY_FEEDBACK_ANSWERED, this::feedbackAnswered);
        } else {
            results.put(Rule.SURVEY_FEEDBACK_ANSWERED, new RuleResult(Rule.SURVEY_FEEDBACK_ANSWERED, RuleResult.Outcome.NOT_RUN,
                    "not checked: the survey rule did not pass", Duration.ZERO));
        }
        providerRules();
        check(Rule.CARD_PUBLIC_AND_COMPLETE, new CardChecks(portal, sandbox, driver)::publicAndComplete);
        identityRules();
        check(Rule.REPORT_MONTHLY, () -> new ReportChecks(sandbox, driver, wait).monthly(staffBrowser()));
        check(Rule.SSO_BACKCHANNEL_LOGOUT, sso::backChannelLogout);
        List<RuleResult> out = new ArrayList<>();
        for (Rule r : Rule.values()) {
            if (!checked.contains(r)) {
                out.add(new RuleResult(r, RuleResult.Outcome.NOT_SELECTED, "not selected: the run checked "
                        + selected.stream().map(Rule::id).toList() + " and what they need", Duration.ZERO));
            } else {
                out.add(results.getOrDefault(r, new RuleResult(r, RuleResult.Outcome.NOT_RUN, "not checked", Duration.ZERO)));
            }
        }
        return out;
    }

    private static final List<Rule> PROVIDER_RULES = List.of(Rule.EXCHANGE_PROVIDER_AUTHENTICATES, Rule.EXCHANGE_PROVIDER_AUTHORISES,
            Rule.EXCHANGE_PROVIDER_SIGNS, Rule.EXCHANGE_PROVIDER_AUDITS);

    /** The provider rules (contract section 12), with the driver's probe; not applicable to a portal that provides nothing. */
    private void providerRules() {
        if (PROVIDER_RULES.stream().noneMatch(checked::contains)) {
            return;
        }
        PortalDriver.ProviderProbe probe;
        try {
            if (citizen == null || !delivered) {
                throw new IOException("the kit's journey did not deliver a request");
            }
            probe = driver.providerProbe(citizen, tracking).orElse(null);
        } catch (IOException e) {
            PROVIDER_RULES.forEach(r -> results.put(r, new RuleResult(r, RuleResult.Outcome.NOT_RUN, "not checked: "
                    + e.getMessage(), Duration.ZERO)));
            return;
        }
        if (probe == null) {
            PROVIDER_RULES.forEach(r -> results.put(r, new RuleResult(r, RuleResult.Outcome.NOT_APPLICABLE, "the portal's driver "
                    + "names no provided service (PortalDriver.providerProbe)", Duration.ZERO)));
            return;
        }
        ProviderChecks provider = new ProviderChecks(sandbox, probe);
        check(Rule.EXCHANGE_PROVIDER_AUTHENTICATES, provider::authenticates);
        check(Rule.EXCHANGE_PROVIDER_AUTHORISES, provider::authorises);
        check(Rule.EXCHANGE_PROVIDER_SIGNS, provider::signs);
        check(Rule.EXCHANGE_PROVIDER_AUDITS, () -> provider.audits(driver, staffBrowser()));
    }

    /** The identity rules, with the driver's probes; not applicable to a portal that serves no such person. */
    private void identityRules() {
        IdentityChecks identity = new IdentityChecks(sandbox, driver, wait, person -> {
            PortalBrowser.Page back = null;
            // Level 2 where the person reaches it (most services ask for it), else level 1: a foreign national's login
            // reaches level 1 only.
            for (String loa : List.of("urn:ir:gov:loa:2", "urn:ir:gov:loa:1")) {
                PortalBrowser b = new PortalBrowser(portal);
                PortalBrowser.Page at = b.open(driver.protectedPath());
                if (at.first("input[name=citizen][value=" + person + "]").isEmpty()) {
                    throw new Broken("not checked: the sandbox's login page has no test person " + person);
                }
                back = b.submit(at, "form", Map.of("citizen", person, "loa", loa, "action", "login"));
                if (back.status() == 200 && back.url().getAuthority().equals(portal.getAuthority())) {
                    return b;
                }
            }
            throw new Broken("not checked: " + person + " could not log in at the portal: " + excerpt(back));
        });
        Optional<PortalDriver.ForeignNationalProbe> foreign = driver.foreignNationals();
        if (foreign.isPresent()) {
            check(Rule.IDENTITY_FOREIGN_NATIONALS, () -> identity.foreignNationals(foreign.get()));
        } else {
            results.put(Rule.IDENTITY_FOREIGN_NATIONALS, new RuleResult(Rule.IDENTITY_FOREIGN_NATIONALS,
                    RuleResult.Outcome.NOT_APPLICABLE, "the portal's driver names no service for foreign nationals "
                    + "(PortalDriver.foreignNationals)", Duration.ZERO));
        }
        Optional<PortalDriver.RepresentationProbe> companies = driver.representation();
        if (companies.isPresent()) {
            check(Rule.IDENTITY_LEGAL_REPRESENTATION, () -> identity.representation(companies.get()));
        } else {
            results.put(Rule.IDENTITY_LEGAL_REPRESENTATION, new RuleResult(Rule.IDENTITY_LEGAL_REPRESENTATION,
                    RuleResult.Outcome.NOT_APPLICABLE, "the portal's driver names no service for companies "
                    + "(PortalDriver.representation)", Duration.ZERO));
        }
    }

    /** A browser logged in as the driver's staff member. */
    private PortalBrowser staffBrowser() throws IOException, Broken {
        PortalBrowser staff = new PortalBrowser(portal);
        PortalBrowser.Page at = staff.open(driver.protectedPath());
        if (at.first("input[name=txn]").isPresent()) {
            loginAt(staff, at, driver.staff());
        }
        return staff;
    }

    private void check(Rule rule, Check check) {
        if (!checked.contains(rule)) {
            return;
        }
        Instant start = clock.instant();
        RuleResult.Outcome outcome = RuleResult.Outcome.PASSED;
        String message = "";
        try {
            check.run();
        } catch (Broken b) {
            outcome = b.getMessage().startsWith("not checked") ? RuleResult.Outcome.NOT_RUN
                    : b.getMessage().startsWith("not applicable") ? RuleResult.Outcome.NOT_APPLICABLE : RuleResult.Outcome.FAILED;
            message = b.getMessage();
        } catch (IOException e) {
            outcome = RuleResult.Outcome.FAILED;
            message = "The portal or the sandbox did not answer as a browser needs: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = RuleResult.Outcome.NOT_RUN;
            message = "not checked: interrupted";
        } catch (RuntimeException e) {
            outcome = RuleResult.Outcome.FAILED;
            message = "The check stopped on an unexpected answer: " + e;
        }
        results.put(rule, new RuleResult(rule, outcome, message, Duration.between(start, clock.instant())));
    }

    // ---- tracking.platform-issued

    private void platformTrackingId() throws Broken, IOException {
        requireLogin();
        tracking = driver.apply(citizen);
        if (!TrackingId.isValid(tracking.value())) {
            throw new Broken("The tracking id " + tracking.value() + " has wrong check digits");
        }
        JsonNode issued = sandbox.record("tracking").stream().filter(t -> t.path("trackingId").asText().equals(tracking.value()))
                .findFirst().orElseThrow(() -> new Broken("The portal showed tracking id " + tracking.value()
                        + ", which the platform's tracking-id issuer never issued"));
        if (!serviceId.equals(issued.path("serviceId").asText())) {
            throw new Broken("Tracking id " + tracking.value() + " was issued for service " + issued.path("serviceId").asText()
                    + ", not for " + serviceId + ", the service applied for");
        }
    }

    // ---- exchange.only

    private void inquiriesThroughExchange(Instant since) throws Broken, IOException {
        if (tracking == null) {
            throw new Broken("not checked: no request was made (" + message(Rule.TRACKING_PLATFORM_ISSUED) + ")");
        }
        List<JsonNode> inquiries = sandbox.record("inquiry").stream()
                .filter(i -> Instant.parse(i.path("time").asText()).isAfter(since.minusSeconds(1))).toList();
        if (inquiries.isEmpty()) {
            throw new Broken("Applying made no inquiry through the national exchange: the applicant's data did not come "
                    + "from the registries");
        }
        if (inquiries.stream().noneMatch(i -> serviceId.equals(i.path("purpose").asText()))) {
            throw new Broken("The exchange inquiries made while applying did not name the service " + serviceId
                    + " as their purpose (X-Purpose)");
        }
    }

    // ---- deliver, then events, message box, survey

    private void deliver() {
        if (tracking == null || checked.stream().noneMatch(ON_DELIVERY::contains)) {
            return;
        }
        try {
            PortalBrowser staff = new PortalBrowser(portal);
            PortalBrowser.Page at = staff.open(driver.protectedPath());
            if (at.first("input[name=txn]").isPresent()) {
                loginAt(staff, at, driver.staff());
            }
            driver.deliver(staff, tracking);
            delivered = true;
        } catch (IOException | Broken e) {
            deliveryProblem = e.getMessage();
            results.put(Rule.EVENTS_LIFECYCLE, new RuleResult(Rule.EVENTS_LIFECYCLE, RuleResult.Outcome.NOT_RUN,
                    "not checked: staff could not deliver the request: " + e.getMessage(), Duration.ZERO));
        }
    }

    private void eventsInOrder() throws Broken, IOException, InterruptedException {
        requireDelivered();
        List<JsonNode> events = waitFor("event", e -> e.path("subject").asText().equals(tracking.value()),
                list -> list.stream().anyMatch(e -> e.path("type").asText().equals("ir.gov.service.delivered")));
        if (events.isEmpty()) {
            throw new Broken("No service event of request " + tracking.value() + " reached the platform (events the "
                    + "platform rejects are not kept: look at the portal's dead letters)");
        }
        List<String> types = events.stream().map(e -> e.path("type").asText().replace("ir.gov.service.", "")).toList();
        if (!types.get(0).equals("started")) {
            throw new Broken("The first event of request " + tracking.value() + " is " + types.get(0) + ", not started: " + types);
        }
        int terminal = -1;
        for (int i = 0; i < types.size(); i++) {
            if (Set.of("delivered", "rejected", "cancelled").contains(types.get(i))) {
                terminal = i;
                break;
            }
            if (i > 0 && !types.get(i).equals("step")) {
                throw new Broken("Event " + (i + 1) + " of request " + tracking.value() + " is " + types.get(i)
                        + " between started and the end: " + types);
            }
        }
        if (terminal < 0) {
            throw new Broken("Request " + tracking.value() + " was delivered but its events never ended: " + types);
        }
        if (terminal != types.size() - 1) {
            throw new Broken("Events came after the terminal event of request " + tracking.value() + ": " + types);
        }
        for (JsonNode e : events) {
            Set<String> extra = new TreeSet<>();
            e.path("data").fieldNames().forEachRemaining(f -> {
                if (!EVENT_DATA.contains(f)) {
                    extra.add(f);
                }
            });
            if (!extra.isEmpty()) {
                throw new Broken("Event " + e.path("id").asText() + " carries data members " + extra
                        + " beyond the contract's (no service content, no personal data)");
            }
        }
    }

    private void messageBox() throws Broken, IOException, InterruptedException {
        requireDelivered();
        List<JsonNode> messages = waitFor("message", m -> m.path("trackingId").asText().equals(tracking.value()),
                list -> list.stream().anyMatch(m -> m.hasNonNull("documentUrl")));
        if (messages.stream().noneMatch(m -> m.hasNonNull("documentUrl"))) {
            throw new Broken("Request " + tracking.value() + " was delivered but no document reached the citizen's message box"
                    + (messages.isEmpty() ? " (no message at all)" : " (messages without a documentUrl)"));
        }
    }

    private void surveyAfterDelivery() throws Broken, IOException, InterruptedException {
        requireDelivered();
        Optional<PortalBrowser.Page> survey = driver.survey(citizen, tracking);
        if (survey.isEmpty() || survey.get().status() != 200) {
            throw new Broken("No satisfaction survey was offered right after delivery of request " + tracking.value());
        }
        driver.answer(citizen, survey.get());
        driver.survey(citizen, tracking).ifPresent(again -> {
            try {
                driver.answer(citizen, again);
            } catch (IOException e) {
                // a second answer may well be refused; what matters is what reaches the platform
            }
        });
        List<JsonNode> responses = waitFor("survey-response", r -> r.path("trackingId").asText().equals(tracking.value()),
                list -> !list.isEmpty());
        if (responses.isEmpty()) {
            throw new Broken("The survey of request " + tracking.value() + " was answered but no response reached the "
                    + "national evaluation service");
        }
        if (responses.size() != 1) {
            throw new Broken("Request " + tracking.value() + " has " + responses.size() + " survey responses; one is allowed");
        }
        if (!serviceId.equals(responses.get(0).path("serviceId").asText())) {
            throw new Broken("The survey response names service " + responses.get(0).path("serviceId").asText()
                    + ", not " + serviceId);
        }
    }

    // ---- survey.feedback-answered

    private void feedbackAnswered() throws Broken, IOException, InterruptedException {
        if (!driver.answerFeedback(staffBrowser(), tracking)) {
            throw new Broken("not applicable: the portal's driver answers no feedback (PortalDriver.answerFeedback)");
        }
        String responseId = sandbox.record("survey-response").stream().filter(r -> r.path("trackingId").asText()
                .equals(tracking.value())).map(r -> r.path("responseId").asText()).findFirst().orElse("");
        List<JsonNode> replies = waitFor("survey-reply", r -> r.path("responseId").asText().equals(responseId),
                list -> !list.isEmpty());
        if (replies.isEmpty()) {
            throw new Broken("Staff answered the comment on request " + tracking.value() + " but no reply to its survey response "
                    + "reached the platform");
        }
    }

    // ---- documents.signed-and-verifiable

    private void signedDocument() throws Broken, IOException {
        requireDelivered();
        byte[] pdf = driver.document(citizen, tracking);
        org.panjereh.documents.DocumentVerification v = org.panjereh.documents.DocumentVerifier.builder(sandbox.caRoot()).build().verify(pdf);
        if (!v.valid()) {
            throw new Broken("The document of request " + tracking.value() + " does not verify: " + v.reason() + " — " + v.detail());
        }
        if (v.code().isEmpty()) {
            throw new Broken("The document of request " + tracking.value() + " carries no verification code");
        }
        String code = v.code().get().value();
        PortalBrowser anyone = new PortalBrowser(portal);
        PortalBrowser.Page page = anyone.get("/verify/" + code);
        if (page.status() != 200) {
            throw new Broken("The portal's verification page /verify/" + code + " answered " + page.status());
        }
        PortalBrowser.Page json = anyone.get("/api/v1/documents/" + code);
        if (json.status() != 200 || !json.document().text().contains("\"sha256\":\"" + v.sha256() + "\"")
                || !json.document().text().contains("\"status\":\"valid\"")) {
            throw new Broken("GET /api/v1/documents/" + code + " did not answer the document as valid with its digest: "
                    + excerpt(json));
        }
    }

    // ---- helpers

    /**
     * At the sandbox's login page: pick a test citizen, at LOA2 (every sample service's level or above), log in,
     * come back to the portal.
     */
    static PortalBrowser.Page loginAt(PortalBrowser b, PortalBrowser.Page loginPage, String who)
            throws IOException, Broken {
        if (loginPage.first("input[name=citizen][value=" + who + "]").isEmpty()) {
            throw new Broken("The sandbox's login page has no test citizen " + who + ": " + excerpt(loginPage));
        }
        return b.submit(loginPage, "form", Map.of("citizen", who, "loa", "urn:ir:gov:loa:2", "action", "login"));
    }

    private void requireLogin() throws Broken {
        if (citizen == null) {
            throw new Broken(LOGIN_PROBLEM);
        }
    }

    private void requireDelivered() throws Broken {
        if (tracking == null) {
            throw new Broken("not checked: no request was made (" + message(Rule.TRACKING_PLATFORM_ISSUED) + ")");
        }
        if (!delivered) {
            throw new Broken("not checked: staff could not deliver request " + tracking.value()
                    + (deliveryProblem == null ? "" : ": " + deliveryProblem));
        }
    }

    private String message(Rule r) {
        RuleResult res = results.get(r);
        return res == null ? "" : res.message();
    }

    private List<JsonNode> waitFor(String kind, java.util.function.Predicate<JsonNode> mine,
                                   java.util.function.Predicate<List<JsonNode>> done) throws IOException, InterruptedException {
        return sandbox.await(kind, mine, done, wait);
    }

    static Map<String, String> query(URI u) {
        Map<String, String> m = new LinkedHashMap<>();
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                m.put(java.net.URLDecoder.decode(p[0], java.nio.charset.StandardCharsets.UTF_8),
                        p.length > 1 ? java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8) : "");
            }
        }
        return m;
    }

    static String excerpt(PortalBrowser.Page p) {
        String t = p.text();
        return "[" + p.status() + "] " + (t.length() > 200 ? t.substring(0, 200) + "…" : t);
    }
}
