package org.panjereh.conformance.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's own reading of a complete card (contract section 3's table), independent of the SDK's validator. */
class CardChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode complete() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"serviceId":"10101234567","title":"صدور پروانه کسب","description":"شرح","legalBasis":"قانون نظام صنفی",
                 "channels":["web","counter"],"authLevel":"urn:ir:gov:loa:2","eligible":["natural"],"audience":["G2C"],
                 "steps":[{"code":"review","title":"بررسی"}],"requiredData":[],"inPersonReasons":[],
                 "fees":[{"code":"licence","title":"هزینه","amountRial":500000,"legalBasis":"ماده ۱۳"}],
                 "deliveryMethod":"transactional","maturity":3,"deliveryLevel":"national","yearlyVolume":{"web":10},
                 "directCostRial":0,"costPriceRial":100,"expectedDurationDays":7,"offices":{"counter":3},
                 "reviewedAt":"2026-09-23T06:30:00Z","validUntil":"2027-09-22T20:30:00Z"}""");
    }

    @Test
    void aCompleteCardLacksNothing() throws Exception {
        assertEquals(List.of(), CardChecks.missingItems(complete()));
    }

    @Test
    void everyMissingMemberIsNamed() throws Exception {
        ObjectNode c = complete();
        for (String m : List.of("description", "eligible", "yearlyVolume", "costPriceRial", "offices", "maturity")) {
            c.remove(m);
        }
        List<String> missing = CardChecks.missingItems(c);
        for (String m : List.of("description", "eligible", "yearlyVolume", "costPriceRial", "offices", "maturity")) {
            assertTrue(missing.stream().anyMatch(p -> p.contains(m)), m + " in " + missing);
        }
    }

    @Test
    void inconsistentCardsAreNamed() throws Exception {
        ObjectNode c = complete();
        ((ObjectNode) c.path("fees").get(0)).remove("legalBasis");
        c.put("maturity", 5);
        c.put("validUntil", "2027-10-01");
        List<String> missing = CardChecks.missingItems(c);
        assertTrue(missing.contains("has fee licence without its legalBasis"), missing.toString());
        assertTrue(missing.contains("has maturity 5 without smartCriteria"), missing.toString());
        assertTrue(missing.stream().anyMatch(p -> p.contains("more than a year after")), missing.toString());
    }

    @Test
    void aPageMayWriteAmountsAndLettersInAnyFormAPersianReaderReadsAsTheSame() {
        assertTrue(CardChecks.normalise("مبلغ ۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)").contains("500000"));
        assertEquals(CardChecks.normalise("پروانهٔ کسب"), CardChecks.normalise("پروانه\u200cٔ كسب".replace("\u200c", "")));
        assertEquals("مدت 7 روز", CardChecks.normalise("مدت\n  ٧  روز"));
    }
}
