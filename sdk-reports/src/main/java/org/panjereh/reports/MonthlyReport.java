package org.panjereh.reports;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.ServiceId;

/**
 * An agency's monthly performance report (contract section 13): per service the month's counts, durations and
 * survey figures, the portal's visitors and the exchange traffic. Every member is a number, a channel or a
 * service id, so a report cannot carry anything about a person; the constructors refuse figures that contradict
 * each other, as the platform would.
 *
 * @param agencyId    the reporting agency
 * @param month       the Jalali month counted, Tehran time
 * @param generatedAt when the figures were computed
 * @param services    one entry per service, each service once
 * @param portal      the portal's visitors, or {@code null} when not counted
 * @param exchange    exchange traffic, or {@code null} when there was none to count
 */
public record MonthlyReport(String agencyId, JalaliMonth month, Instant generatedAt, List<ServiceFigures> services,
                            PortalFigures portal, ExchangeFigures exchange) {

    /** Checks the members and freezes the list. */
    public MonthlyReport {
        Objects.requireNonNull(agencyId, "agencyId");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(generatedAt, "generatedAt");
        if (!agencyId.matches("[0-9]{1,11}")) {
            throw new ReportException(ReportException.Reason.INVALID_FIGURES, "agencyId is 1-11 ASCII digits", null);
        }
        services = List.copyOf(services);
        if (services.stream().map(ServiceFigures::serviceId).distinct().count() != services.size()) {
            throw new ReportException(ReportException.Reason.INVALID_FIGURES, "a service appears twice in the report", null);
        }
    }

    /** The figures of one service for the month. */
    public record ServiceFigures(ServiceId serviceId, long startedOnline, Map<Channel, Long> received, long delivered,
                                 long rejected, long cancelled, long open, long deliveredWithinExpected, Double medianDays,
                                 Double p90Days, long paidElectronically, long confirmedReceipts, SurveyFigures survey,
                                 long inPersonVisits) {

        /** Checks that counts are ≥ 0 and agree with each other. */
        public ServiceFigures {
            Objects.requireNonNull(serviceId, "serviceId");
            Objects.requireNonNull(survey, "survey");
            EnumMap<Channel, Long> r = new EnumMap<>(Channel.class);
            if (received != null) {
                received.forEach((k, v) -> r.put(k, count("received." + k.wireValue(), v)));
            }
            received = java.util.Collections.unmodifiableMap(r);
            count("startedOnline", startedOnline);
            count("delivered", delivered);
            count("rejected", rejected);
            count("cancelled", cancelled);
            count("open", open);
            count("deliveredWithinExpected", deliveredWithinExpected);
            count("paidElectronically", paidElectronically);
            count("confirmedReceipts", confirmedReceipts);
            count("inPersonVisits", inPersonVisits);
            if (deliveredWithinExpected > delivered) {
                throw invalid("deliveredWithinExpected exceeds delivered");
            }
            if ((medianDays != null && medianDays < 0) || (p90Days != null && p90Days < 0)
                    || (medianDays != null && p90Days != null && p90Days < medianDays)) {
                throw invalid("medianDays and p90Days are ≥ 0 and p90Days ≥ medianDays");
            }
        }

        /** Requests received this month on every channel together. */
        public long receivedTotal() {
            return received.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Requests received on the web and mobile channels. */
        public long receivedOnline() {
            return received.getOrDefault(Channel.WEB, 0L) + received.getOrDefault(Channel.MOBILE, 0L);
        }
    }

    /**
     * Satisfaction survey figures for the month.
     *
     * @param responses        responses received
     * @param responseRate     responses ÷ deliveries, 0 to 1
     * @param satisfactionMean mean of the satisfaction question, 1 to 5, {@code null} without responses
     * @param replied          comments the agency answered
     */
    public record SurveyFigures(long responses, double responseRate, Double satisfactionMean, long replied) {
        /** Checks the ranges. */
        public SurveyFigures {
            count("survey.responses", responses);
            count("survey.replied", replied);
            if (replied > responses) {
                throw invalid("survey.replied exceeds survey.responses");
            }
            if (responseRate < 0 || responseRate > 1 || Double.isNaN(responseRate)) {
                throw invalid("survey.responseRate is 0 to 1");
            }
            if (satisfactionMean == null ? responses > 0 : satisfactionMean < 1 || satisfactionMean > 5) {
                throw invalid("survey.satisfactionMean is 1 to 5, null only without responses");
            }
        }

        /** No responses. */
        public static SurveyFigures none() {
            return new SurveyFigures(0, 0, null, 0);
        }
    }

    /**
     * The portal's visitors (ضوابط فنی، ماده ۳۶).
     *
     * @param visits         visits
     * @param uniqueVisitors distinct visitors, by day
     * @param peakOnline     most visitors online at once
     */
    public record PortalFigures(long visits, long uniqueVisitors, long peakOnline) {
        /** Checks the counts. */
        public PortalFigures {
            count("portal.visits", visits);
            count("portal.uniqueVisitors", uniqueVisitors);
            count("portal.peakOnline", peakOnline);
            if (uniqueVisitors > visits || peakOnline > visits) {
                throw invalid("portal.uniqueVisitors and portal.peakOnline cannot exceed portal.visits");
            }
        }
    }

    /**
     * Exchange traffic (contract sections 7 and 12).
     *
     * @param asked              inquiries this agency made
     * @param answeredAsProvider calls it answered as a provider
     * @param refusedAsProvider  calls it refused as a provider
     */
    public record ExchangeFigures(long asked, long answeredAsProvider, long refusedAsProvider) {
        /** Checks the counts. */
        public ExchangeFigures {
            count("exchange.asked", asked);
            count("exchange.answeredAsProvider", answeredAsProvider);
            count("exchange.refusedAsProvider", refusedAsProvider);
        }
    }

    private static long count(String member, Long v) {
        if (v == null || v < 0) {
            throw invalid(member + " is a count, 0 or more");
        }
        return v;
    }

    private static ReportException invalid(String detail) {
        return new ReportException(ReportException.Reason.INVALID_FIGURES, detail, null);
    }
}
