package org.panjereh.inquiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PostalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** The exchange client against the sandbox's exchange, with its fault injection. */
class SandboxInquiryTest {

    static NationalSandbox sandbox;
    static PlatformClient platform;
    static final OkHttpClient HTTP = new OkHttpClient();
    static final ServiceId LICENCE = ServiceId.of("10101234567");
    static final NationalCode MARYAM = NationalCode.of("0499370899");
    static final UserRefKey KEY = UserRefKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    final List<AuditRecord> audit = Collections.synchronizedList(new ArrayList<>());
    NationalExchange exchange;
    InquiryContext ctx;

    @BeforeAll
    static void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        platform = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        exchange = NationalExchange.builder(platform, KEY).audit(audit::add)
                .defaultPolicy(ProviderPolicy.defaults().withRetry(2, Duration.ofMillis(1)))
                .build();
        TrackingId t = TrackingIds.builder(platform).build().issue(LICENCE, Channel.WEB, "s").trackingId();
        ctx = InquiryContext.forRequest(LICENCE, t, MARYAM);
        fault("DELETE", "", null);
    }

    static void fault(String method, String endpoint, String rule) throws Exception {
        Request.Builder rb = new Request.Builder().url(sandbox.issuer() + "/admin/faults" + endpoint);
        rb.method(method, rule == null ? null : RequestBody.create(rule, MediaType.get("application/json")));
        try (Response r = HTTP.newCall(rb.build()).execute()) {
            assertTrue(r.code() < 300, "fault " + r.code());
        }
    }

    @Test
    void identityAndAddressInquiries() {
        PersonIdentity p = exchange.personIdentity(MARYAM, LocalDate.of(1990, 5, 12), ctx);
        assertEquals("مریم", p.givenName());
        assertEquals("احمدی", p.familyName());
        assertTrue(p.alive());
        assertFalse(p.toString().contains("مریم"));
        PostalAddress a = exchange.addressByPostcode(PostalCode.of("۱۹۹۱۹۴۳۷۱۱"), ctx);
        assertEquals("تهران", a.city());
        assertEquals("12", a.plaque());
        LegalEntity e = exchange.legalEntity(LegalEntityId.of("10380284790"),
                new InquiryContext(ServiceId.of("10101234569"), null, MARYAM));
        assertTrue(e.isActive());
        assertTrue(exchange.mobileOwnership(MARYAM, MobileNumber.of("+989121234567"), ctx));
        assertFalse(exchange.mobileOwnership(MARYAM, MobileNumber.of("09351111111"), ctx));
    }

    @Test
    void auditHoldsTrafficDataOnlyAndTheUserRefIsAnHmac() throws Exception {
        exchange.personIdentity(MARYAM, LocalDate.of(1990, 5, 12), ctx);
        AuditRecord r = audit.get(audit.size() - 1);
        assertEquals("civil-registry/person-identity", r.service());
        assertEquals("10101234567", r.purpose());
        assertEquals(ctx.trackingId().value(), r.trackingId());
        assertEquals(KEY.ref(MARYAM), r.userRef());
        assertEquals(64, r.userRef().length());
        assertEquals("ok", r.outcome());
        assertEquals(1, r.attempts());
        assertTrue(r.responseBytes() > 0);
        String json = org.panjereh.core.shared.Json.MAPPER.writeValueAsString(r);
        assertFalse(json.contains("0499370899"), "no national code in the audit");
        assertFalse(json.contains("مریم"), "no content in the audit");
        Path file = dir.resolve("audit.jsonl");
        NationalExchange toFile = NationalExchange.builder(platform, KEY).audit(AuditSink.jsonLines(file)).build();
        toFile.addressByPostcode(PostalCode.of("1991943711"), ctx);
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(file).get(0));
        assertEquals("post/address-by-postcode", line.get("service").asText());
        // The exchange's own log matches what we sent: same request hash.
        try (Response resp = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/inquiry").build()).execute()) {
            JsonNode items = new ObjectMapper().readTree(resp.body().string()).get("items");
            JsonNode last = items.get(items.size() - 1);
            assertEquals(line.get("requestSha256").asText(), last.get("requestSha256").asText());
            assertEquals(line.get("userRef").asText(), last.get("userRef").asText());
        }
    }

    @Test
    void refusalsAreTyped() {
        ExchangeException nf = assertThrows(ExchangeException.class,
                () -> exchange.personIdentity(MARYAM, LocalDate.of(2001, 1, 1), ctx));
        assertEquals(ExchangeException.Reason.NOT_FOUND, nf.reason());
        assertFalse(nf.isRetryable());
        assertEquals(ExchangeService.PERSON_IDENTITY, nf.service());
        assertFalse(nf.persianMessage().isBlank());
        ExchangeException purpose = assertThrows(ExchangeException.class, () -> exchange.legalEntity(
                LegalEntityId.of("10380284790"), new InquiryContext(ServiceId.of("10101234568"), null, MARYAM)));
        assertEquals(ExchangeException.Reason.REFUSED, purpose.reason());
        assertEquals("exchange.purpose_not_allowed", purpose.code());
        assertEquals("not_found", audit.stream().filter(a -> a.outcome().equals("not_found")).findFirst().orElseThrow().outcome());
    }

    @Test
    void providerDownIsRetriedThenReportedAsUnavailable() throws Exception {
        fault("PUT", "/exchange.post/address-by-postcode", "{\"errorRate\":1,\"errorStatus\":502}");
        ExchangeException e = assertThrows(ExchangeException.class,
                () -> exchange.addressByPostcode(PostalCode.of("1991943711"), ctx));
        assertEquals(ExchangeException.Reason.PROVIDER_UNAVAILABLE, e.reason());
        assertEquals("exchange.provider_unavailable", e.code());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("post/address-by-postcode"));
        assertEquals(2, audit.get(audit.size() - 1).attempts());
    }

    @Test
    void aSlowProviderPastTheTimeoutIsATimeout() throws Exception {
        fault("PUT", "/exchange.civil-registry/person-identity", "{\"latencyMs\":400}");
        NationalExchange impatient = NationalExchange.builder(platform, KEY).audit(audit::add)
                .policy("civil-registry", ProviderPolicy.defaults().withTimeout(Duration.ofMillis(100)).withRetry(1, Duration.ZERO))
                .build();
        ExchangeException e = assertThrows(ExchangeException.class,
                () -> impatient.personIdentity(MARYAM, LocalDate.of(1990, 5, 12), ctx));
        assertEquals(ExchangeException.Reason.PROVIDER_TIMEOUT, e.reason());
        assertTrue(e.isRetryable());
    }

    @Test
    void anAnswerSignedWithAWrongKeyIsNeverUsed() throws Exception {
        fault("PUT", "/exchange", "{\"wrongKey\":true}");
        ExchangeException e = assertThrows(ExchangeException.class,
                () -> exchange.personIdentity(MARYAM, LocalDate.of(1990, 5, 12), ctx));
        assertEquals(ExchangeException.Reason.UNVERIFIED_ANSWER, e.reason());
        assertFalse(e.isRetryable());
        assertEquals("unverified_answer", audit.get(audit.size() - 1).outcome());
    }

    @Test
    void cacheIsOffByDefaultOnWhenAskedAndNeverForShahkar() {
        exchange.addressByPostcode(PostalCode.of("1991943711"), ctx);
        exchange.addressByPostcode(PostalCode.of("1991943711"), ctx);
        assertEquals(2, audit.stream().filter(a -> a.outcome().equals("ok")).count());
        NationalExchange cached = NationalExchange.builder(platform, KEY).audit(audit::add)
                .policy("post/address-by-postcode", ProviderPolicy.defaults().withCache(Duration.ofMinutes(5))).build();
        cached.addressByPostcode(PostalCode.of("1991943711"), ctx);
        cached.addressByPostcode(PostalCode.of("1991943711"), ctx);
        assertEquals("cached", audit.get(audit.size() - 1).outcome());
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> NationalExchange.builder(platform, KEY)
                .policy("shahkar", ProviderPolicy.defaults().withCache(Duration.ofMinutes(1))));
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> NationalExchange.builder(platform, KEY)
                .defaultPolicy(ProviderPolicy.defaults().withCache(Duration.ofMinutes(1))));
    }

    @Test
    void userRefKeysComeFromFilesAndStayHidden() throws Exception {
        Path f = dir.resolve("ref.key");
        Files.writeString(f, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        UserRefKey k = UserRefKey.fromFile(f);
        assertEquals(64, k.ref(MARYAM).length());
        assertEquals("UserRefKey[hidden]", k.toString());
        Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[8]);
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> UserRefKey.fromFile(shortKey));
        assertTrue(ctx.toString().contains("********99"));
    }

    @Test
    void theCompanyRegistrySaysWhomAPersonRepresentsWithWhichPowersAndUntilWhen() {
        LegalEntityId pars = LegalEntityId.of("10380284790");
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tehran"));
        Representation director = exchange.representation(pars, NationalCode.of("7400076205"), ctx);
        assertTrue(director.authorised() && director.fullPowers());
        assertTrue(director.covers(LICENCE, today));
        Representation clerk = exchange.representation(pars, NationalCode.of("0013542419"), ctx);
        assertFalse(clerk.covers(LICENCE, today), "powers for one other service only");
        assertTrue(clerk.covers(ServiceId.of("10101234569"), today));
        Representation former = exchange.representation(pars, NationalCode.of("0067749828"), ctx);
        assertFalse(former.authorised());
        assertFalse(former.covers(LICENCE, today));
        assertEquals(ExchangeException.Reason.NOT_FOUND, assertThrows(ExchangeException.class,
                () -> exchange.representation(pars, NationalCode.of("0499370899"), ctx)).reason());
        assertEquals(ExchangeException.Reason.NOT_FOUND, assertThrows(ExchangeException.class,
                () -> exchange.representation(pars, org.panjereh.core.FidaCode.of("123456789012"), ctx)).reason());
    }

    @Test
    void aRepresentativeIsAcceptedOnlyWhenTheRegistryConfirmsPowersInForceTodayForThatService() {
        LegalEntityId pars = LegalEntityId.of("10380284790");
        org.panjereh.core.ServiceRegistry registry = org.panjereh.core.ServiceRegistry.remote(platform);
        org.panjereh.core.ServiceCard licence = registry.card(LICENCE);
        org.panjereh.core.ServiceCard registration = registry.card(ServiceId.of("10101234569"));
        java.time.Clock inForce = java.time.Clock.fixed(java.time.Instant.parse("2026-12-07T08:00:00Z"), java.time.ZoneOffset.UTC);
        RepresentationCheck check = RepresentationCheck.builder(exchange).clock(inForce).build();

        assertTrue(check.confirm(pars, NationalCode.of("7400076205"), licence).fullPowers(), "the director, full powers");
        assertEquals("کارشناس امور ثبتی", check.confirm(pars, NationalCode.of("0013542419"), registration).role());

        RepresentationRefused scope = assertThrows(RepresentationRefused.class,
                () -> check.confirm(pars, NationalCode.of("0013542419"), licence));
        assertEquals(RepresentationRefused.Reason.OUT_OF_SCOPE, scope.reason());
        assertTrue(scope.persianMessage().contains(licence.title()), scope.persianMessage());
        assertFalse(scope.isRetryable());

        RepresentationRefused ended = assertThrows(RepresentationRefused.class,
                () -> check.confirm(pars, NationalCode.of("0067749828"), licence));
        assertEquals(RepresentationRefused.Reason.ENDED, ended.reason());
        assertTrue(ended.persianMessage().contains("۱۴۰۴"), "the Jalali end of its powers: " + ended.persianMessage());

        RepresentationRefused stranger = assertThrows(RepresentationRefused.class,
                () -> check.confirm(pars, NationalCode.of("0499370899"), licence));
        assertEquals(RepresentationRefused.Reason.UNCONFIRMED, stranger.reason());
        assertFalse(stranger.persianMessage().contains("0499370899"));

        // The agency's own "today" decides, not only the registry's flag: before the director's powers began they do not
        // count, though the registry (on its own clock) calls them authorised.
        java.time.Clock before = java.time.Clock.fixed(java.time.Instant.parse("2019-06-01T08:00:00Z"), java.time.ZoneOffset.UTC);
        assertEquals(RepresentationRefused.Reason.ENDED, assertThrows(RepresentationRefused.class,
                () -> RepresentationCheck.builder(exchange).clock(before).build()
                        .confirm(pars, NationalCode.of("7400076205"), licence)).reason());
        // 21:00 UTC on 2029-12-31 is 00:30 on 2030-01-01 in Tehran: the powers ended the day before.
        java.time.Clock lateNight = java.time.Clock.fixed(java.time.Instant.parse("2029-12-31T21:00:00Z"), java.time.ZoneOffset.UTC);
        assertEquals(RepresentationRefused.Reason.ENDED, assertThrows(RepresentationRefused.class,
                () -> RepresentationCheck.builder(exchange).clock(lateNight).build()
                        .confirm(pars, NationalCode.of("7400076205"), licence)).reason());
    }

    @Test
    void aRegistryThatCannotBeAskedIsARetryableFailureNotARefusal() throws Exception {
        org.panjereh.core.ServiceCard licence = org.panjereh.core.ServiceRegistry.remote(platform).card(LICENCE);
        fault("PUT", "/exchange.company-registry/representatives", "{\"errorRate\":1,\"errorStatus\":502}");
        ExchangeException e = assertThrows(ExchangeException.class, () -> RepresentationCheck.builder(exchange).build()
                .confirm(LegalEntityId.of("10380284790"), NationalCode.of("7400076205"), licence));
        assertTrue(e.isRetryable(), e.toString());
    }

    @Test
    void userReferencesOfTheThreeKindsOfNumberNeverCoincide() {
        String national = KEY.ref(NationalCode.of("0499370899"));
        assertEquals(national, KEY.ref((org.panjereh.core.PartyIdentifier) NationalCode.of("0499370899")), "unchanged for national codes");
        assertFalse(KEY.ref(org.panjereh.core.FidaCode.of("123456789012")).equals(KEY.ref(LegalEntityId.of("10380284790"))));
        InquiryContext foreign = InquiryContext.forRequest(LICENCE, ctx.trackingId(), org.panjereh.core.FidaCode.of("123456789012"));
        assertFalse(foreign.toString().contains("1234567890"));
    }
}
