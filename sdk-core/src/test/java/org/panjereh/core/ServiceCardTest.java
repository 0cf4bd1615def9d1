package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.panjereh.core.shared.Json;

/** The whole card of contract section 3, typed, written back unchanged, and checked member by member. */
class ServiceCardTest {

    static final String WHOLE = "{\"serviceId\": \"10101234567\", \"title\": \"صدور پروانه کسب\", \"description\": \"صدور پروانهٔ کسب برای متقاضیان واحدهای صنفی؛ هویت و نشانی متقاضی از طریق مرکز ملی تبادل اطلاعات استعلام می‌شود و پس از بازدید محل، پروانه به‌صورت سند الکترونیکی امضاشده صادر می‌شود.\", \"agencyId\": \"1010\", \"nature\": \"sovereign\", \"recipients\": [\"G2C\", \"G2B\"], \"legalBasis\": \"قانون نظام صنفی کشور، ماده ۱۲\", \"channels\": [\"web\", \"counter\"], \"authLevel\": \"urn:ir:gov:loa:2\", \"requiredInquiries\": [\"civil-registry/person-identity\", \"post/address-by-postcode\", \"shahkar/mobile-ownership\"], \"fees\": [{\"code\": \"licence\", \"title\": \"هزینه صدور پروانه\", \"amountRial\": 500000, \"sheba\": \"IR820540102680020817909002\", \"legalBasis\": \"قانون نظام صنفی کشور، ماده ۲۵ و تعرفهٔ مصوب هیئت عالی نظارت\"}], \"inPersonReasons\": [], \"expectedDurationDays\": 7, \"units\": [\"U-1010-01\", \"U-1010-02\"], \"evaluation\": {\"formId\": \"csat-v1\", \"trigger\": \"on-delivery\"}, \"steps\": [{\"code\": \"review\", \"title\": \"بررسی مدارک\"}, {\"code\": \"inspection\", \"title\": \"بازدید محل\"}, {\"code\": \"issue\", \"title\": \"صدور پروانه\"}], \"eligible\": [\"natural\", \"foreign\", \"legal\"], \"requiredData\": [{\"code\": \"postalCode\", \"title\": \"کد پستی ده‌رقمی\", \"type\": \"postalCode\", \"required\": true, \"source\": \"applicant\"}, {\"code\": \"birthDate\", \"title\": \"تاریخ تولد\", \"type\": \"date\", \"required\": false, \"source\": \"applicant\"}, {\"code\": \"givenName\", \"title\": \"نام\", \"type\": \"text\", \"required\": true, \"source\": \"inquiry:civil-registry/person-identity\"}, {\"code\": \"familyName\", \"title\": \"نام خانوادگی\", \"type\": \"text\", \"required\": true, \"source\": \"inquiry:civil-registry/person-identity\"}, {\"code\": \"fatherName\", \"title\": \"نام پدر\", \"type\": \"text\", \"required\": true, \"source\": \"inquiry:civil-registry/person-identity\"}, {\"code\": \"address\", \"title\": \"نشانی\", \"type\": \"text\", \"required\": true, \"source\": \"inquiry:post/address-by-postcode\"}], \"deliveryMethod\": \"transactional\", \"maturity\": 4, \"deliveryLevel\": \"national\", \"audience\": [\"G2C\", \"G2B\"], \"yearlyVolume\": {\"web\": 1480, \"counter\": 310}, \"directCostRial\": 500000, \"costPriceRial\": 1850000, \"offices\": {\"counter\": 31}, \"reviewedAt\": \"2026-09-23T06:30:00Z\", \"validUntil\": \"2027-09-22T20:30:00Z\"}";

    static ServiceCard read(JsonNode n) throws Exception {
        return Json.MAPPER.treeToValue(n, ServiceCard.class);
    }

    @Test
    void everyMemberIsTypedAndWrittenBackAsItCame() throws Exception {
        JsonNode wire = Json.MAPPER.readTree(WHOLE);
        ServiceCard c = read(wire);
        assertEquals(List.of(ServiceCard.Eligibility.NATURAL, ServiceCard.Eligibility.FOREIGN, ServiceCard.Eligibility.LEGAL),
                c.eligible());
        assertTrue(c.admits(ServiceCard.Eligibility.FOREIGN));
        assertEquals(ServiceCard.FieldType.POSTAL_CODE, c.field("postalCode").orElseThrow().type());
        assertEquals("civil-registry/person-identity", c.field("givenName").orElseThrow().inquiry().orElseThrow());
        assertEquals(1480L, c.yearlyVolume().get(Channel.WEB));
        assertEquals(31L, c.offices().get(Channel.COUNTER));
        assertEquals(ServiceCard.DeliveryMethod.TRANSACTIONAL, c.deliveryMethod());
        assertEquals(4, c.maturity());
        assertFalse(c.fees().get(0).legalBasis().isBlank());
        assertEquals(wire, Json.MAPPER.readTree(Json.write(c)));
        assertEquals(List.of(), ServiceCardValidator.validate(c));
    }

    @Test
    void aV1CardStillReadsAndTheValidatorNamesWhatItLacks() throws Exception {
        ObjectNode v1 = (ObjectNode) Json.MAPPER.readTree(WHOLE);
        for (String m : List.of("description", "eligible", "requiredData", "deliveryMethod", "maturity", "deliveryLevel",
                "audience", "yearlyVolume", "directCostRial", "costPriceRial", "offices", "reviewedAt", "validUntil")) {
            v1.remove(m);
        }
        ServiceCard c = read(v1);
        assertTrue(c.admits(ServiceCard.Eligibility.NATURAL));
        assertFalse(c.admits(ServiceCard.Eligibility.LEGAL));
        Set<String> members = ServiceCardValidator.validate(c).stream().map(ServiceCardValidator.Problem::member)
                .collect(Collectors.toSet());
        assertEquals(Set.of("description", "eligible", "deliveryMethod", "maturity", "deliveryLevel", "audience",
                "yearlyVolume", "directCostRial", "costPriceRial", "offices", "reviewedAt", "validUntil"), members);
    }

    @Test
    void inconsistenciesAreNamedEachWithAPersianDetail() throws Exception {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(WHOLE);
        ((ObjectNode) n.get("fees").get(0)).remove("legalBasis");
        n.put("maturity", 5);
        n.put("validUntil", "2028-01-01T00:00:00Z");
        ArrayNode data = (ArrayNode) n.get("requiredData");
        data.addObject().put("code", "deed").put("title", "سند").put("type", "file").put("required", true).put("source", "applicant");
        data.addObject().put("code", "car").put("title", "خودرو").put("type", "text").put("required", true)
                .put("source", "inquiry:police/vehicle");
        data.addObject().put("code", "postalCode").put("title", "تکرار").put("type", "text").put("required", true)
                .put("source", "applicant");
        ((ArrayNode) n.get("eligible")).removeAll().add("legal");
        ((ArrayNode) n.get("audience")).removeAll().add("G2C");
        ((ArrayNode) n.get("recipients")).removeAll().add("G2C");
        ((ObjectNode) n.get("yearlyVolume")).put("mobile", 3);
        List<ServiceCardValidator.Problem> problems = ServiceCardValidator.validate(read(n));
        int k = data.size();
        assertEquals(Set.of("fees[0].legalBasis", "smartCriteria", "validUntil", "requiredData[" + (k - 3) + "].justification",
                "requiredData[" + (k - 2) + "].source", "requiredData[" + (k - 1) + "].code", "eligible", "yearlyVolume.mobile"),
                problems.stream().map(ServiceCardValidator.Problem::member).collect(Collectors.toSet()));
        assertTrue(problems.stream().allMatch(p -> p.detail().chars().anyMatch(ch -> ch >= 0x0600 && ch <= 0x06FF)));
    }
}
