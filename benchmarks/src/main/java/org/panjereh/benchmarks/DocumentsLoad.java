package org.panjereh.benchmarks;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.documents.DocumentFacts;
import org.panjereh.documents.DocumentIssuer;
import org.panjereh.documents.DocumentVerifier;
import org.panjereh.documents.IssuedDocument;
import org.panjereh.documents.SigningCertificate;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Signed permits per second and verifications per second, beside the bare libraries underneath in the same run
 * (PDFBox loading and saving the same page, one ECDSA signature):
 * {@code java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.DocumentsLoad [seconds] [threads]}.
 */
public final class DocumentsLoad {

    private DocumentsLoad() {
    }

    /**
     * @param args seconds per line (default 10), threads (default 2)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Duration d = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            ECKey jwk = new ECKeyGenerator(Curve.P_256).keyID("documents").generate();
            SigningCertificate signer = new SigningCertificate(SigningKey.of(jwk), sandbox.issueCertificate(jwk.toECPublicKey(),
                    "Agency 1010 documents"));
            DocumentIssuer bb = DocumentIssuer.builder("دستگاه ۱۰۱۰",
                    signer,
                    URI.create("https://portal.example/verify/")).build();
            DocumentIssuer bt = DocumentIssuer.builder("دستگاه ۱۰۱۰",
                    signer,
                    URI.create("https://portal.example/verify/"))
                    .timeStampAuthority(URI.create(sandbox.issuer() + "/tsa")).build();
            AtomicLong seq = new AtomicLong();
            SandboxLoad.Op issueBb = () -> bb.issue(facts(seq.incrementAndGet()));
            SandboxLoad.measure("(warm-up run, not a result)", threads, d, issueBb, 1);
            SandboxLoad.measure("signed permits, PAdES B-B", threads, d, issueBb, 1);
            SandboxLoad.measure("signed permits, PAdES B-T (sandbox TSA in-process)", threads, d,
                    () -> bt.issue(facts(seq.incrementAndGet())), 1);
            IssuedDocument one = bb.issue(facts(0));
            DocumentVerifier verifier = DocumentVerifier.builder(sandbox.caRoot()).build();
            SandboxLoad.measure("verifications (signature, whole file, chain)", threads, d, () -> {
                if (!verifier.verify(one.pdf()).valid()) {
                    throw new IllegalStateException("did not verify");
                }
            }, 1);
            SandboxLoad.measure("floor: PDFBox load + save of the same PDF", threads, d, () -> {
                try (PDDocument doc = Loader.loadPDF(one.pdf())) {
                    doc.save(new java.io.ByteArrayOutputStream());
                }
            }, 1);
            SandboxLoad.measure("floor: one SHA256withECDSA signature of 90 KB", threads, d, () -> {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(signer.key().privateKey());
                s.update(one.pdf());
                s.sign();
            }, 1);
            System.out.println("permit size " + one.pdf().length + " bytes");
        }
    }

    static DocumentFacts facts(long n) {
        return new DocumentFacts(ServiceId.of("10101234567"), TrackingId.withCheckDigits("1010123456" + String.format("%08d", n % 100_000_000)),
                "پروانه کسب", "مریم احمدی", Instant.now(), List.of(new DocumentFacts.Line("نشانی محل کسب",
                        "تهران، خیابان ولیعصر، کوچه بهار، پلاک ۱۲")));
    }
}
