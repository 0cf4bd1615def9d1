package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.panjereh.core.TrackingId;
import org.panjereh.documents.DocumentVerification;

/**
 * The permit of a delivered request (contract section 11): signed and stored at delivery, downloadable by its
 * holder only, verifiable by anyone by code, QR link, JSON or upload; a tampered file fails; a revoked one says so.
 */
@QuarkusTest
class DocumentJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Platform platform;
    @Inject
    Documents documents;

    static String[] upload(byte[] pdf) throws Exception {
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "permit.pdf", RequestBody.create(pdf, MediaType.get("application/pdf"))).build();
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/verify").post(body).build()).execute()) {
            return new String[] {Integer.toString(r.code()), r.body().string()};
        }
    }

    /** The sandbox, as test consumer agency 9999, asks the gateway's «استعلام پروانه کسب» through its exchange hub. */
    static JsonNode askThroughTheExchange(URI sandbox, String code) throws Exception {
        String body = "{\"provider\":\"1010\",\"service\":\"business-permit\",\"purpose\":\"99990000001\","
                + "\"body\":{\"code\":\"" + code + "\"}}";
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(sandbox + "/admin/exchange/ask")
                .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
            return JSON.readTree(r.body().string());
        }
    }

    static JsonNode api(String code) throws Exception {
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/api/v1/documents/" + code).build())
                .execute()) {
            String body = r.body().string();
            com.fasterxml.jackson.databind.node.ObjectNode n = body.startsWith("{") ? (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body) : JSON.createObjectNode();
            return n.put("httpStatus", r.code());
        }
    }

    @Test
    void aCompanysPermitNamesTheCompanyAndItsNationalId() throws Exception {
        org.panjereh.core.ServiceCard card = platform.registry().card(org.panjereh.core.ServiceId.of("10101234569"));
        java.time.Instant now = java.time.Instant.now();
        CitizenRequest r = new CitizenRequest(TrackingId.withCheckDigits("101012345690000077"), card.serviceId(),
                org.panjereh.core.Channel.WEB, "sub-sara", org.panjereh.core.LegalEntityId.of("10380284790"), "شرکت نمونه پارس",
                null, CitizenRequest.Status.DELIVERED, null, null, now, now, 0);
        org.panjereh.documents.IssuedDocument d = documents.issue(card, r);
        assertTrue(documents.verify(d.pdf()).valid());
        Path file = Files.createDirectories(Path.of("target", "documents")).resolve("company-permit.pdf");
        Files.write(file, d.pdf());
        Process p = new ProcessBuilder("pdftotext", file.toString(), "-").redirectErrorStream(true).start();
        String text = org.panjereh.core.PersianText.toAsciiDigits(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(text.contains("شناسه ملی") && (text.contains("10380284790") || text.contains("09748208301")), text);
    }

    @Test
    void aDeliveredRequestsPermitIsSignedVerifiableAndRevocable() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234568");
        Browser.Page applied = maryam.post("/apply/10101234568", "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "1991943711");
        TrackingId t = TrackingId.of(applied.location().substring("/my/requests/".length()));
        Browser staff = new Browser();
        staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        for (String action : new String[] {"advance", "advance", "deliver"}) {
            assertTrue(PaymentJourneyTest.staffAct(staff, t, action).startsWith("303"));
        }
        Browser.Page page = maryam.get("/my/requests/" + t.value());
        Matcher m = Pattern.compile("href=\"/verify/([0-9A-Z]{16})\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        String code = m.group(1);
        assertTrue(page.body().contains("href=\"/my/requests/" + t.value() + "/document\""), page.body());

        Browser.Download download = maryam.download("/my/requests/" + t.value() + "/document");
        assertEquals(200, download.status());
        assertEquals("application/pdf", download.contentType());
        byte[] pdf = download.bytes();
        DocumentVerification v = documents.verify(pdf);
        assertTrue(v.valid(), v.detail());
        assertEquals(code, v.code().orElseThrow().value());
        Path out = Files.createDirectories(Path.of("target", "documents"));
        Files.write(out.resolve("gateway-permit.pdf"), pdf);
        Process p = new ProcessBuilder("pdftotext", out.resolve("gateway-permit.pdf").toString(), "-").redirectErrorStream(true).start();
        assertTrue(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains(t.value()));
        Process sig = new ProcessBuilder("pdfsig", out.resolve("gateway-permit.pdf").toString()).redirectErrorStream(true).start();
        String said = new String(sig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(said.contains("Signature is Valid") && said.contains("Total document signed"), said);

        Browser ali = new Browser();
        ali.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/my");
        assertEquals(404, ali.get("/my/requests/" + t.value() + "/document").status(), "only its holder downloads it");

        Browser anyone = new Browser();
        Browser.Page verified = anyone.get("/verify/" + code);
        assertEquals(200, verified.status());
        assertTrue(verified.body().contains("معتبر") && verified.body().contains(t.toPersianDisplay()), verified.body());
        assertFalse(verified.body().contains("مریم") || verified.body().contains("ولیعصر"), "nothing about the holder beyond the page");
        assertEquals(303, anyone.get("/verify?code=" + code.toLowerCase()).status());
        assertEquals(400, anyone.get("/verify/NOT-A-CODE").status());
        Browser.Page unknown = anyone.get("/verify/0000000000000000");
        assertTrue(unknown.status() == 404 || unknown.status() == 400, unknown.body());

        JsonNode json = api(code);
        assertEquals(200, json.get("httpStatus").asInt());
        assertEquals("valid", json.get("status").asText());
        assertEquals(t.value(), json.get("trackingId").asText());
        assertEquals("10101234568", json.get("serviceId").asText());
        assertEquals(v.sha256(), json.get("sha256").asText());
        assertEquals(400, api("xyz").get("httpStatus").asInt());

        String[] good = upload(pdf);
        assertEquals("200", good[0], good[1]);
        assertTrue(good[1].contains("معتبر است"), good[1]);
        byte[] tampered = pdf.clone();
        tampered[pdf.length / 2] ^= 0x01;
        String[] bad = upload(tampered);
        assertEquals("422", bad[0]);
        assertTrue(bad[1].contains("شناسه خطا"), bad[1]);

        JsonNode asked = askThroughTheExchange(sandbox, code);
        assertEquals("valid", asked.get("status").asText(), asked.toString());
        assertEquals(t.value(), asked.get("trackingId").asText());
        assertTrue(asked.get("holderName").asText().contains("مریم"), "consumer 9999 may receive the holder's name");
        assertEquals("exchange.not_found", askThroughTheExchange(sandbox, "0000000000000000").path("code").asText());
        assertTrue(staff.get("/staff").body().contains("استعلام دستگاه‌های دیگر"), "provider traffic on the console");

        Browser.Page console = staff.get("/staff");
        Browser.Page revoked = staff.post("/staff/documents/revoke", "csrf", console.field("csrf"), "code", code,
                "reason", "صدور به اشتباه");
        assertEquals(303, revoked.status(), revoked.body());
        assertEquals(409, staff.post("/staff/documents/revoke", "csrf", console.field("csrf"), "code", code, "reason", "دوباره")
                .status());
        assertTrue(anyone.get("/verify/" + code).body().contains("باطل‌شده") && anyone.get("/verify/" + code).body()
                .contains("صدور به اشتباه"));
        assertEquals("revoked", api(code).get("status").asText());
        assertEquals("revoked", askThroughTheExchange(sandbox, code).get("status").asText());
        String[] afterRevocation = upload(pdf);
        assertEquals("422", afterRevocation[0]);
        assertTrue(afterRevocation[1].contains("باطل شده"), afterRevocation[1]);
    }
}
