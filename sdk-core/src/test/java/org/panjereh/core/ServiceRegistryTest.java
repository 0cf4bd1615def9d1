package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.testing.MutableClock;

class ServiceRegistryTest {

    static final String CARD = "{\"serviceId\":\"10101234567\",\"title\":\"صدور پروانه کسب\",\"agencyId\":\"1010\","
            + "\"nature\":\"sovereign\",\"recipients\":[\"G2C\",\"G2B\"],\"legalBasis\":\"قانون نظام صنفی\","
            + "\"channels\":[\"web\",\"counter\"],\"authLevel\":\"urn:ir:gov:loa:2\","
            + "\"requiredInquiries\":[\"civil-registry/person-identity\",\"post/address-by-postcode\"],"
            + "\"fees\":[{\"title\":\"هزینه صدور\",\"amountRial\":500000,\"sheba\":\"IR820540102680020817909002\"}],"
            + "\"inPersonReasons\":[],\"expectedDurationDays\":7,\"units\":[\"U-101\"],"
            + "\"evaluation\":{\"formId\":\"csat-v1\",\"trigger\":\"on-delivery\"},"
            + "\"steps\":[{\"code\":\"review\",\"title\":\"بررسی مدارک\"},{\"code\":\"issue\",\"title\":\"صدور\"}]}";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    FakePlatform platform;
    MutableClock clock;
    ServiceRegistry registry;

    @BeforeEach
    void setUp() {
        platform = new FakePlatform(server);
        clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        registry = ServiceRegistry.remote(PlatformClient.builder(PlatformDiscovery.builder(URI.create(platform.issuer())).clock(clock).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("a").signingKey(FakePlatform.newKey()).build()).clock(clock)
                .build());
    }

    @Test
    void cardIsTyped() {
        platform.script("/registry/services/10101234567", FakePlatform.json(200, CARD));
        ServiceCard c = registry.card(ServiceId.of("10101234567"));
        assertEquals("صدور پروانه کسب", c.title());
        assertEquals(ServiceCard.Nature.SOVEREIGN, c.nature());
        assertEquals(LevelOfAssurance.LOA2, c.authLevel());
        assertEquals(List.of(Channel.WEB, Channel.COUNTER), c.channels());
        assertEquals(500000L, c.fees().get(0).amountRial());
        assertEquals("بررسی مدارک", c.step("review").orElseThrow().title());
        assertEquals("csat-v1", c.evaluation().formId());
    }

    @Test
    void etagRevalidationAndMaxAge() {
        platform.script("/registry/services/10101234567",
                new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").setHeader("ETag", "\"v1\"")
                        .setHeader("Cache-Control", "max-age=60").body(CARD).build(),
                new MockResponse.Builder().code(304).setHeader("ETag", "\"v1\"").build());
        ServiceId id = ServiceId.of("10101234567");
        ServiceCard first = registry.card(id);
        assertSame(first, registry.card(id), "parsed once while fresh");
        assertEquals(1, platform.requestsTo("/registry/services/10101234567").size(), "fresh for 60 s");
        clock.advance(Duration.ofSeconds(61));
        assertEquals("صدور پروانه کسب", registry.card(id).title());
        List<RecordedRequest> calls = platform.requestsTo("/registry/services/10101234567");
        assertEquals(2, calls.size());
        assertEquals("\"v1\"", calls.get(1).getHeaders().get("If-None-Match"));
    }

    @Test
    void listByAgency() {
        platform.script("/registry/services", FakePlatform.json(200, "[" + CARD + "]"));
        assertEquals(1, registry.cards("1010").size());
        assertEquals("agencyId=1010", platform.requestsTo("/registry/services").get(0).getUrl().encodedQuery());
    }

    @Test
    void unknownServiceAndBrokenCards() {
        platform.script("/registry/services/10100000000", FakePlatform.problem(404, "registry.service_unknown"));
        assertEquals(404, assertThrows(PlatformException.class, () -> registry.card(ServiceId.of("10100000000"))).statusCode());
        platform.script("/registry/services/10101234567", FakePlatform.json(200, CARD.replace("\"serviceId\":\"10101234567\",", "")));
        assertThrows(InvalidPlatformResponseException.class, () -> registry.card(ServiceId.of("10101234567")));
    }

    @Test
    void aBrokenCardIsNotKeptEvenWithMaxAge() {
        String broken = CARD.replace("\"serviceId\":\"10101234567\",", "");
        platform.script("/registry/services/10101234567",
                new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .setHeader("Cache-Control", "max-age=60").body(broken).build(),
                new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .setHeader("Cache-Control", "max-age=60").body(CARD).build());
        ServiceId id = ServiceId.of("10101234567");
        assertThrows(InvalidPlatformResponseException.class, () -> registry.card(id));
        assertEquals("صدور پروانه کسب", registry.card(id).title(), "asked again, not served the broken answer");
        assertEquals(2, platform.requestsTo("/registry/services/10101234567").size());
    }

    @Test
    void offlineFile() throws Exception {
        Path f = dir.resolve("cards.json");
        Files.writeString(f, "{\"services\":[" + CARD + "]}");
        ServiceRegistry local = ServiceRegistry.fromFile(f);
        assertEquals("صدور پروانه کسب", local.card(ServiceId.of("10101234567")).title());
        assertEquals(1, local.cards("1010").size());
        assertTrue(local.cards("2020").isEmpty());
        assertEquals("registry.service_unknown",
                assertThrows(PlatformException.class, () -> local.card(ServiceId.of("10100000000"))).code());
        Files.writeString(f, "[{\"title\":\"x\"}]");
        assertThrows(PanjerehConfigurationException.class, () -> ServiceRegistry.fromFile(f));
    }
}
