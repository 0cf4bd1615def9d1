package org.panjereh.inquiry;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.ServiceCard;

/**
 * Confirms at the company registry, through the exchange, that a person may act for a company on one service today
 * (آیین‌نامه ۱۴۰۳، ماده ۱ بند ۱۰; the power-of-representation credential's scope and dates, not its mere existence). The
 * login only says whom a person claims to represent; a G2B request is accepted after this check. One rule for every
 * portal: the Spring starter's {@code ApplicantCheck} and the reference gateway both use it.
 *
 * <pre>{@code
 * RepresentationCheck check = RepresentationCheck.builder(exchange).build();
 * Representation powers = check.confirm(company, citizen.person(), card);   // or RepresentationRefused, in Persian
 * }</pre>
 */
public final class RepresentationCheck {

    private final NationalExchange exchange;
    private final Clock clock;

    private RepresentationCheck(Builder b) {
        this.exchange = b.exchange;
        this.clock = b.clock;
    }

    /**
     * @param exchange asks the company registry
     * @return a builder
     */
    public static Builder builder(NationalExchange exchange) {
        return new Builder(exchange);
    }

    /**
     * @param company        the company the person claims to represent
     * @param representative the person logged in: a national code or a FIDA code
     * @param card           the service applied for
     * @return the registry's answer, in force today (Tehran) and covering the service
     * @throws RepresentationRefused when the registry does not confirm it, it is not in force today, or its powers do
     *                               not cover the service
     * @throws ExchangeException     when the registry cannot be asked (retryable reasons) or answers out of contract
     */
    public Representation confirm(LegalEntityId company, PartyIdentifier representative, ServiceCard card) {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(representative, "representative");
        Objects.requireNonNull(card, "card");
        Representation r;
        try {
            r = exchange.representation(company, representative, new InquiryContext(card.serviceId(), null, representative));
        } catch (ExchangeException e) {
            if (e.reason() == ExchangeException.Reason.NOT_FOUND) {
                throw new RepresentationRefused(RepresentationRefused.Reason.UNCONFIRMED,
                        "سازمان ثبت، نمایندگی شما را برای این شرکت تأیید نکرد.");
            }
            throw e;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), JalaliDate.TEHRAN);
        if (!r.authorised() || today.isBefore(r.from()) || today.isAfter(r.until())) {
            throw new RepresentationRefused(RepresentationRefused.Reason.ENDED, "اختیار نمایندگی شما برای این شرکت در حال "
                    + "حاضر معتبر نیست (اعتبار: " + JalaliDate.from(r.from()).toPersianString() + " تا "
                    + JalaliDate.from(r.until()).toPersianString() + ").");
        }
        if (!r.covers(card.serviceId(), today)) {
            throw new RepresentationRefused(RepresentationRefused.Reason.OUT_OF_SCOPE, "اختیارات نمایندگی شما خدمت «"
                    + card.title() + "» را در بر نمی‌گیرد.");
        }
        return r;
    }

    /** Builds a {@link RepresentationCheck}. */
    public static final class Builder {
        private final NationalExchange exchange;
        private Clock clock = Clock.systemUTC();

        private Builder(NationalExchange exchange) {
            this.exchange = Objects.requireNonNull(exchange, "exchange");
        }

        /** @param clock where "today" comes from (default: the system clock); @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the check */
        public RepresentationCheck build() {
            return new RepresentationCheck(this);
        }
    }
}
