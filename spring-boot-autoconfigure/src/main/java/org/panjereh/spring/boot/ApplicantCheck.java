package org.panjereh.spring.boot;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceCard;
import org.panjereh.inquiry.ExchangeException;
import org.panjereh.inquiry.InquiryContext;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.Representation;
import org.panjereh.sso.Citizen;

/**
 * Who may apply for a service (contract §3 {@code eligible}; آیین‌نامه ۱۴۰۳، ماده ۱ بند ۱۰): the card decides between
 * natural persons, foreign nationals and companies, and a company applies only through a representative the company
 * registry confirms through the exchange, with powers current today and covering the service. The login only says whom
 * a person represents; this checks it. A bean of the starter, replaceable like the others.
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

    private final NationalExchange exchange;
    private final Clock clock;

    /**
     * @param exchange asks the company registry
     * @param clock    today's date, in Tehran
     */
    public ApplicantCheck(NationalExchange exchange, Clock clock) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.clock = Objects.requireNonNull(clock, "clock");
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
            List<String> who = new ArrayList<>();
            for (ServiceCard.Eligibility e : ServiceCard.Eligibility.values()) {
                if (card.admits(e)) {
                    who.add(e.persian());
                }
            }
            throw new Refused("applicant.not_eligible", "«" + card.title() + "» برای " + String.join("، ", who) + " است و "
                    + citizen.applicantKind().persian() + " نمی‌توانند آن را درخواست کنند.");
        }
        if (citizen.applicantKind() != ServiceCard.Eligibility.LEGAL) {
            return;
        }
        LegalEntityId company = (LegalEntityId) citizen.applicant();
        Representation r;
        try {
            r = exchange.representation(company, citizen.person(), new InquiryContext(card.serviceId(), null, citizen.person()));
        } catch (ExchangeException e) {
            if (e.reason() == ExchangeException.Reason.NOT_FOUND) {
                throw new Refused("applicant.representation_unconfirmed", "سازمان ثبت، نمایندگی شما را برای این شرکت تأیید نکرد.");
            }
            throw e;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), JalaliDate.TEHRAN);
        if (!r.authorised() || today.isBefore(r.from()) || today.isAfter(r.until())) {
            throw new Refused("applicant.representation_ended", "اختیار نمایندگی شما برای این شرکت در حال حاضر معتبر نیست.");
        }
        if (!r.covers(card.serviceId(), today)) {
            throw new Refused("applicant.representation_scope", "اختیارات نمایندگی شما خدمت «" + card.title()
                    + "» را در بر نمی‌گیرد.");
        }
    }
}
