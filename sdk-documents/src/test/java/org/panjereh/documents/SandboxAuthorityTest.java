package org.panjereh.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** The whole chain without anything outside the machine: the sandbox's CA certifies the key, its TSA stamps (B-T). */
class SandboxAuthorityTest {

    @Test
    void aPermitCertifiedAndTimeStampedByTheSandboxVerifies() throws Exception {
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            ECKey jwk = new ECKeyGenerator(Curve.P_256).keyID("documents").generate();
            List<X509Certificate> chain = sandbox.issueCertificate(jwk.toECPublicKey(), "Agency 1010 documents");
            DocumentIssuer issuer = DocumentIssuer.builder("دستگاه ۱۰۱۰",
                    new SigningCertificate(SigningKey.of(jwk), chain),
                    URI.create("https://portal.example/verify/"))
                    .timeStampAuthority(URI.create(sandbox.issuer() + "/tsa")).build();
            IssuedDocument d = issuer.issue(new DocumentFacts(ServiceId.of("10101234568"),
                    TrackingId.withCheckDigits("101012345680000001"), "گواهی ثبت محل اقامت", "مریم احمدی", Instant.now(), List.of()));

            // The root as anyone would fetch it from the platform.
            String rootPem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.issuer() + "/ca/root.pem"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            X509Certificate root = SigningCertificate.readCertificates(new java.io.ByteArrayInputStream(
                    rootPem.getBytes(StandardCharsets.US_ASCII))).get(0);
            assertEquals(sandbox.caRoot(), root);
            DocumentVerification v = DocumentVerifier.builder(root).build().verify(d.pdf());
            assertTrue(v.valid(), v.detail());

            Path out = Path.of("target", "documents");
            Files.createDirectories(out);
            Path pdf = Files.write(out.resolve("permit-bt.pdf"), d.pdf());
            Process p = new ProcessBuilder("pdfsig", pdf.toAbsolutePath().toString()).redirectErrorStream(true).start();
            String sig = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            assertTrue(sig.contains("Signature is Valid") && sig.contains("Total document signed"), sig);
        }
    }

    @Test
    void theTimeStampAuthorityAnswersRfc3161AndRefusesGarbage() throws Exception {
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.issuer() + "/tsa"))
                    .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofString("garbage"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("tsa.invalid_request"), bad.body());
        }
    }
}
