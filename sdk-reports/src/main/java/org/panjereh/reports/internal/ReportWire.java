package org.panjereh.reports.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.shared.Json;
import org.panjereh.reports.MonthlyReport;

/**
 * A report on the wire (contract section 13), member by member in the contract's order (insertion-ordered maps,
 * so the digest of the same figures is the same in every process). A {@code null} median, p90 or mean is left
 * out, which the platform reads as null.
 */
public final class ReportWire {

    private ReportWire() {
    }

    /** @param r a report @return its JSON body */
    public static byte[] json(MonthlyReport r) {
        return Json.write(map(r, true));
    }

    /** @param r a report @return SHA-256 (hex) of its content without {@code generatedAt}, which every recomputation changes */
    public static String digest(MonthlyReport r) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.write(map(r, false))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> map(MonthlyReport r, boolean withTime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agencyId", r.agencyId());
        m.put("month", r.month().toString());
        if (withTime) {
            m.put("generatedAt", r.generatedAt().toString());
        }
        List<Object> services = new ArrayList<>();
        for (MonthlyReport.ServiceFigures s : r.services()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("serviceId", s.serviceId().value());
            o.put("startedOnline", s.startedOnline());
            Map<String, Object> received = new LinkedHashMap<>();
            s.received().forEach((ch, n) -> received.put(ch.wireValue(), n));
            o.put("received", received);
            o.put("delivered", s.delivered());
            o.put("rejected", s.rejected());
            o.put("cancelled", s.cancelled());
            o.put("open", s.open());
            o.put("deliveredWithinExpected", s.deliveredWithinExpected());
            o.put("medianDays", s.medianDays());
            o.put("p90Days", s.p90Days());
            o.put("paidElectronically", s.paidElectronically());
            o.put("confirmedReceipts", s.confirmedReceipts());
            Map<String, Object> survey = new LinkedHashMap<>();
            survey.put("responses", s.survey().responses());
            survey.put("responseRate", s.survey().responseRate());
            survey.put("satisfactionMean", s.survey().satisfactionMean());
            survey.put("replied", s.survey().replied());
            o.put("survey", survey);
            o.put("inPersonVisits", s.inPersonVisits());
            services.add(o);
        }
        m.put("services", services);
        if (r.portal() != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("visits", r.portal().visits());
            p.put("uniqueVisitors", r.portal().uniqueVisitors());
            p.put("peakOnline", r.portal().peakOnline());
            m.put("portal", p);
        }
        if (r.exchange() != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("asked", r.exchange().asked());
            x.put("answeredAsProvider", r.exchange().answeredAsProvider());
            x.put("refusedAsProvider", r.exchange().refusedAsProvider());
            m.put("exchange", x);
        }
        return m;
    }
}
