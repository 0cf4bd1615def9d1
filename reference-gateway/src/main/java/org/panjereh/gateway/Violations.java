package org.panjereh.gateway;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Deliberate breaches of the national window's rules, one per rule, switched on by
 * {@code gateway.demo.violations} so that the conformance kit can be shown failing a portal rule by rule
 * (docs/conformance.md). Never set in production; the gateway says so loudly at start.
 */
@Singleton
public class Violations {

    /** Every violation the gateway can commit, by the rule it breaks. */
    public static final List<String> ALL = List.of(
            "local-login",               // sso.national-only: a local username/password login
            "signup",                    // sso.no-local-signup: a local registration form
            "no-account-link",           // sso.national-window-link: no «انتقال به پنجره ملی»
            "ignore-token-errors",       // sso.forged-id-token: a session although the ID token did not verify
            "local-tracking-ids",        // tracking.platform-issued: tracking ids made up locally
            "no-started-event",          // events.lifecycle: the request's first event is not "started"
            "no-survey",                 // survey.after-delivery: no survey after delivery
            "no-inquiry",                // exchange.only: identity and address taken from the form, no inquiry
            "no-message-box",            // messagebox.delivered-document: nothing sent to the message box
            "ignore-backchannel-logout", // sso.backchannel-logout: the platform's logout ends nothing
            "strict-session-cookie",     // sso.national-only in a real browser: SameSite=Strict loses the login
            "trust-payment-return",      // payment.verified-before-delivery: the return marks a request paid, no verify
            "deliver-unpaid",            // payment.verified-before-delivery: delivery without a verified payment
            "no-refund-on-reject",       // payment.refund-on-reject: a paid request rejected without a refund
            "altered-documents",         // documents.signed-and-verifiable: the permit handed out differs from the signed one
            "provider-no-auth",          // exchange.provider-authenticates: calls answered without the exchange's token
            "provider-unsigned",         // exchange.provider-signs: answers without X-Provider-Signature
            "feedback-not-sent",         // survey.feedback-answered: staff answers kept locally, never sent to the platform
            "card-hidden",               // card.public-and-complete: service cards shown only after login
            "report-miscounted",         // report.monthly: the monthly report claims requests that were never received
            "foreigners-refused",        // identity.foreign-nationals: FIDA holders refused where the card admits them
            "representation-unchecked"   // identity.legal-representation: the login's claim to represent a company believed
    );

    private static final Logger LOG = Logger.getLogger(Violations.class.getName());

    private final Set<String> on;

    /** From {@code gateway.demo.violations}. */
    public Violations() {
        this(ConfigProvider.getConfig());
    }

    /** @param config the configuration */
    public Violations(Config config) {
        on = GatewaySettings.of(config).violations();
        for (String v : on) {
            if (!ALL.contains(v)) {
                throw new IllegalArgumentException("Unknown gateway.demo.violations value " + v + "; known: " + ALL);
            }
        }
    }

    void announce(@Observes StartupEvent e) {
        if (!on.isEmpty()) {
            LOG.warning("THIS GATEWAY BREAKS THE NATIONAL WINDOW'S RULES ON PURPOSE (gateway.demo.violations=" + on
                    + "): for demonstrating the conformance kit only");
        }
    }

    /**
     * @param violation one of {@link #ALL}
     * @return whether the gateway commits it
     */
    public boolean has(String violation) {
        return on.contains(violation);
    }
}
