package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.core.shared.Json;

/** With --data=DIR the platform's state survives a restart. */
class DurableStateTest {

    @TempDir
    Path data;

    static PlatformClient client(NationalSandbox s, SigningKey key) {
        return PlatformClient.builder(PlatformDiscovery.builder(s.issuer()).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .build();
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        SandboxConfig config = SandboxConfig.builder().port(0).dataDir(data).build();
        TrackingId t;
        String started = UUID.randomUUID().toString();
        UUID surveyKey = UUID.randomUUID();
        Map<String, Object> survey;
        String firstAnswer;
        String kid;
        try (NationalSandbox s = NationalSandbox.start(config)) {
            s.register(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk())));
            PlatformClient c = client(s, key);
            kid = jwksKid(s);
            t = TrackingIds.builder(c).build().issue(SandboxFixture.LICENCE, Channel.WEB, "sub").trackingId();
            c.post(URI.create(s.issuer() + "/events/batch"), Json.write(List.of(
                    SandboxFixture.event(started, "urn:ir:agency:1010", "ir.gov.service.started", t, SandboxFixture.data(null, null)),
                    SandboxFixture.event(UUID.randomUUID().toString(), "urn:ir:agency:1010", "ir.gov.service.delivered", t,
                            SandboxFixture.data(null, "approved")))), "application/cloudevents-batch+json", RequestOptions.none());
            survey = Map.of("serviceId", SandboxFixture.LICENCE.value(), "trackingId", t.value(), "formId", "csat-v1",
                    "channel", "web", "answers", List.of(Map.of("questionId", "satisfaction", "value", 5)),
                    "submittedAt", "2026-11-22T12:00:00Z");
            firstAnswer = SandboxFixture.utf8(c.postJson(URI.create(s.issuer() + "/survey/responses"), survey,
                    RequestOptions.builder().idempotencyKey(surveyKey).build()).body());
        }
        try (NationalSandbox s = NationalSandbox.start(config)) {
            PlatformClient c = client(s, key);
            assertEquals(kid, jwksKid(s), "the signing key survived");
            TrackingIds.TrackingStatus status = TrackingIds.builder(c).build().status(t);
            assertEquals("delivered", status.status());
            assertEquals(2, status.events().size());
            JsonNode dup = SandboxFixture.JSON.readTree(c.post(URI.create(s.issuer() + "/events/batch"), Json.write(List.of(
                    SandboxFixture.event(started, "urn:ir:agency:1010", "ir.gov.service.started", t, SandboxFixture.data(null, null)))),
                    "application/cloudevents-batch+json", RequestOptions.none()).body());
            assertEquals(started, dup.get("duplicates").get(0).asText());
            assertEquals(firstAnswer, SandboxFixture.utf8(c.postJson(URI.create(s.issuer() + "/survey/responses"), survey,
                    RequestOptions.builder().idempotencyKey(surveyKey).build()).body()), "idempotency keys survived");
            assertEquals("survey.already_answered", assertThrows(PlatformException.class, () -> c.postJson(
                    URI.create(s.issuer() + "/survey/responses"), survey, RequestOptions.none())).code());
            TrackingId next = TrackingIds.builder(c).build().issue(SandboxFixture.LICENCE, Channel.WEB, "sub").trackingId();
            assertEquals(Long.parseLong(t.value().substring(11, 18)) + 1, Long.parseLong(next.value().substring(11, 18)));
        }
    }

    static String jwksKid(NationalSandbox s) throws Exception {
        try (var r = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder().url(s.issuer() + "/jwks").build()).execute()) {
            return SandboxFixture.JSON.readTree(r.body().string()).get("keys").get(0).get("kid").asText();
        }
    }
}
