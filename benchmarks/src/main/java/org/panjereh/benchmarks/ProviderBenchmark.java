package org.panjereh.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.inquiry.ExchangeProvider;
import org.panjereh.inquiry.ProvidedService;
import org.panjereh.inquiry.ProviderAudit;
import org.panjereh.inquiry.ReplayCache;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * One exchange-authenticated call served by sdk-inquiry's provider (issue 26), in process, beside bare Bouncy Castle
 * ES256 doing the two signature operations the call needs (verify the exchange's token, sign the answer):
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ProviderBenchmark}.
 *
 * <p>Each exchange token may be used once, so every measured iteration is a batch of {@value #BATCH} calls with
 * {@value #BATCH} fresh tokens minted by the sandbox (as the exchange) before it; the score is the time of a batch.
 * The provider's path: the token (Nimbus over the SDK's ES256), the replay cache (H2 in memory, as the gateway's
 * store), the request's typed fields, the handler, the consumer's field allowance, the detached answer signature and
 * the traffic audit row (H2).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, batchSize = ProviderBenchmark.BATCH)
@Measurement(iterations = 8, batchSize = ProviderBenchmark.BATCH)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProviderBenchmark {

    static final int BATCH = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    NationalSandbox sandbox;
    ExchangeProvider provider;
    final OkHttpClient http = new OkHttpClient();
    final List<ExchangeProvider.Incoming> calls = new ArrayList<>();
    int next;

    Signature bareSigner;
    Signature bareVerifier;
    byte[] tokenInput;
    byte[] tokenSignature;
    byte[] answer;

    /** The sandbox as the exchange, agency 1010's provider published at it, and the bare signer's keys. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        PlatformClient platform = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build()).build();
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:provider-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Map<String, Object> permit = Map.of("status", "valid", "title", "پروانه کسب نانوایی", "holderName", "مریم احمدی");
        ProvidedService permits = ProvidedService.builder("business-permit",
                        call -> Optional.of(permit).filter(p -> call.<String>field("code").equals("ABCD2345EFGH6789")))
                .title("استعلام پروانه کسب").legalBasis("قانون نظام صنفی کشور")
                .request("code", ProvidedService.FieldType.STRING)
                .answer("status", ProvidedService.FieldType.STRING).answer("title", ProvidedService.FieldType.STRING)
                .answer("holderName", ProvidedService.FieldType.STRING)
                .consumer("9999", Set.of("99990000001"), Set.of("status", "title", "holderName"))
                .ratePerMinute(100_000).build();
        provider = ExchangeProvider.builder(platform, ReplayCache.jdbc(db), ProviderAudit.jdbc(db))
                .endpoint(URI.create("http://127.0.0.1:1/exchange/")).service(permits).build();
        provider.publish();

        BouncyCastleProvider bc = new BouncyCastleProvider();
        ECKey bare = new ECKeyGenerator(Curve.P_256).generate();
        bareSigner = Signature.getInstance("SHA256withECDSA", bc);
        bareSigner.initSign(bare.toECPrivateKey());
        bareVerifier = Signature.getInstance("SHA256withECDSA", bc);
        bareVerifier.initVerify(bare.toECPublicKey());
        tokenInput = new byte[420];
        java.util.Arrays.fill(tokenInput, (byte) 'e');
        bareSigner.update(tokenInput);
        tokenSignature = bareSigner.sign();
        answer = "{\"status\":\"valid\",\"title\":\"پروانه کسب نانوایی\",\"holderName\":\"مریم احمدی\"}"
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@value #BATCH} fresh tokens from the exchange, one per call of the coming batch. */
    @Setup(Level.Iteration)
    public void mint() throws Exception {
        calls.clear();
        next = 0;
        String ask = "{\"provider\":\"1010\",\"service\":\"business-permit\",\"consumer\":\"9999\",\"purpose\":\"99990000001\","
                + "\"body\":{\"code\":\"ABCD2345EFGH6789\"}}";
        for (int i = 0; i < BATCH; i++) {
            try (Response r = http.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/exchange/token")
                    .post(RequestBody.create(ask, JSON_TYPE)).build()).execute()) {
                JsonNode t = JSON.readTree(r.body().string());
                calls.add(new ExchangeProvider.Incoming("business-permit", "application/json",
                        Map.of("authorization", t.path("authorization").asText(), "x-client-agency", "9999",
                                "x-purpose", "99990000001", "x-user-ref", "0".repeat(64),
                                "x-request-id", UUID.randomUUID().toString()),
                        t.path("body").asText().getBytes(StandardCharsets.UTF_8), false));
            }
        }
    }

    /** @return the answer: 200, signed, audited */
    @Benchmark
    public ExchangeProvider.Outgoing providerCall() {
        ExchangeProvider.Outgoing out = provider.handle(calls.get(next++));
        if (out.status() != 200) {
            throw new IllegalStateException("The provider answered " + out.status() + ": "
                    + new String(out.body(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** @return the bare work under it: one ES256 verification of a token-sized input, one ES256 signature of the answer */
    @Benchmark
    public byte[] bareBouncyCastleVerifyAndSign() throws Exception {
        bareVerifier.update(tokenInput);
        if (!bareVerifier.verify(tokenSignature)) {
            throw new IllegalStateException("bad signature");
        }
        MessageDigest.getInstance("SHA-256").digest(answer);
        bareSigner.update(answer);
        return bareSigner.sign();
    }

    /** Stops the provider and the sandbox. */
    @TearDown(Level.Trial)
    public void stop() {
        provider.close();
        sandbox.close();
    }
}
