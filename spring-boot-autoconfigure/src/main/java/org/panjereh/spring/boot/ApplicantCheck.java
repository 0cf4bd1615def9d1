package org.panjereh.spring.boot;

import java.time.Clock;
import java.util.Objects;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceCard;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.RepresentationCheck;
import org.panjereh.inquiry.RepresentationRefused;
import org.panjereh.sso.Citizen;

/**
 * Who may apply for a service (contract §3 {@code eligible}; آیین‌نامه ۱۴۰۳، ماده ۱ بند ۱۰): the card decides between
 * natural persons, foreign nationals and companies, and a company applies only through a representative the company
 * registry confirms through the exchange, with powers current today and covering the service (the SDK's
 * {@link RepresentationCheck}, the rule the reference gateway applies too). The login only says whom a person
 * represents; this checks it. A bean of the starter, replaceable like the others.
 */
public final class ApplicantCheck {

    /** Why an applicant is refused; {@link #getMessage()} is Persian, for the person. */
    public static final class Refused extends PanjerehException {
        private static final long serialVersionUID = 1L;

        private final String code;

        Refused(String code, String persian) {
            super(persian, null, false);
            this.code = code;
        }

        /** @return a stable code, e.g. {@code applicant.not_eligible} */
        public String code() {
            return code;
        }

        @Override
        public String persianMessage() {
            return getMessage();
        }
    }

    private final RepresentationCheck representation;

    /**
     * @param exchange asks the company registry
     * @param clock    today's date, in Tehran
     */
    public ApplicantCheck(NationalExchange exchange, Clock clock) {
        this.representation = RepresentationCheck.builder(Objects.requireNonNull(exchange, "exchange"))
                .clock(Objects.requireNonNull(clock, "clock")).build();
    }

    /**
     * @param citizen the person logged in
     * @param card    the service applied for
     * @throws Refused                when the card does not admit this kind of applicant, or the registry does not confirm a
     *                                representative for this service today
     * @throws PanjerehException      when the registry cannot be asked (retryable)
     */
    public void require(Citizen citizen, ServiceCard card) {
        if (!card.admits(citizen.applicantKind())) {
            throw new Refused("applicant.not_eligible", "«" + card.title() + "» برای " + card.eligibleInPersian() + " است و "
                    + citizen.applicantKind().persian() + " نمی‌توانند آن را درخواست کنند.");
        }
        if (citizen.applicantKind() != ServiceCard.Eligibility.LEGAL) {
            return;
        }
        try {
            representation.confirm((LegalEntityId) citizen.applicant(), citizen.person(), card);
        } catch (RepresentationRefused e) {
            throw new Refused("applicant." + e.reason().code(), e.persianMessage());
        }
    }
}
