package org.panjereh.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PostalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.inquiry.InquiryContext;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.PostalAddress;
import org.panjereh.inquiry.ProviderPolicy;
import org.panjereh.inquiry.UserRefKey;

/**
 * An inquiry through {@link NationalExchange} (headers, HMAC user ref, Resilience4j guards, signature
 * verification, parsing, audit) against the same loopback Jetty answer fetched with a bare OkHttp call:
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main InquiryBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Threads(4)
public class InquiryBenchmark {

    static final String ANSWER = "{\"postalCode\":\"1991943711\",\"province\":\"تهران\",\"city\":\"تهران\","
            + "\"street\":\"خیابان ولیعصر، کوچه بهار\",\"plaque\":\"12\",\"floor\":\"3\",\"unit\":\"7\",\"lat\":35.7575,\"lon\":51.4106}";

    Server server;
    String base;
    OkHttpClient bare;
    NationalExchange exchange;
    InquiryContext ctx;
    com.nimbusds.jose.crypto.ECDSAVerifier bareVerifier;
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    byte[] requestBody = "{\"postalCode\":\"1991943711\"}".getBytes(StandardCharsets.UTF_8);

    /** Starts the loopback exchange and both clients. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        ECKey platformKey = new ECKeyGenerator(Curve.P_256).keyID("p1").generate();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p1").build(),
                new Payload(ANSWER.getBytes(StandardCharsets.UTF_8)));
        jws.sign(new ECDSASigner(platformKey));
        // The bare floor uses the libraries as well as they can be used: a Bouncy Castle key (converted once)
        // with the Bouncy Castle provider, as the SDK does (a JDK key is 2.5x slower to verify with).
        org.bouncycastle.jce.provider.BouncyCastleProvider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        bareVerifier = new com.nimbusds.jose.crypto.ECDSAVerifier((java.security.interfaces.ECPublicKey) java.security.KeyFactory
                .getInstance("EC", bc).generatePublic(new java.security.spec.X509EncodedKeySpec(
                        platformKey.toECPublicKey().getEncoded())));
        bareVerifier.getJCAContext().setProvider(bc);
        String signature = jws.serialize(true);
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        byte[] jwks = new JWKSet(platformKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = new Server();
        ServerConnector c = new ServerConnector(server, 1, 1);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  Callback callback) throws Exception {
                Content.Source.consumeAll(request);
                String path = org.eclipse.jetty.server.Request.getPathInContext(request);
                byte[] body;
                if (path.equals("/.well-known/openid-configuration")) {
                    body = ("{\"issuer\":\"" + base + "\",\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base
                            + "/jwks\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                            + "\"exchange_endpoint\":\"" + base + "/exchange\"}").getBytes(StandardCharsets.UTF_8);
                } else if (path.equals("/token")) {
                    body = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}".getBytes(StandardCharsets.UTF_8);
                } else if (path.equals("/jwks")) {
                    body = jwks;
                } else {
                    body = answer;
                    response.getHeaders().put("X-Response-Signature", signature);
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        base = "http://127.0.0.1:" + c.getLocalPort();
        PlatformClient platform = PlatformClient.builder(PlatformDiscovery.builder(URI.create(base)).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("a")
                        .signingKey(SigningKey.of(new ECKeyGenerator(Curve.P_256).generate())).build()).build();
        exchange = NationalExchange.builder(platform, UserRefKey.of(new byte[32])).audit(r -> { })
                .defaultPolicy(ProviderPolicy.defaults().withRateLimit(1_000_000).withBulkhead(64, java.time.Duration.ZERO))
                .build();
        ctx = new InquiryContext(ServiceId.of("10101234567"), null, NationalCode.of("0499370899"));
        bare = new okhttp3.OkHttpClient(); // the same OkHttp the SDK uses, without anything of the SDK on the path
        exchange.addressByPostcode(PostalCode.of("1991943711"), ctx);
    }

    /** Stops the server. */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
    }

    /** The floor: the same POST with the same headers, body read, nothing checked. */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] bareOkHttp() throws Exception {
        try (Response r = bare.newCall(new Request.Builder().url(base + "/exchange/post/address-by-postcode")
                .header("Authorization", "Bearer t").header("X-Request-Id", "5f0c6f0e-8a4e-4d55-9f1e-0b6f3d1c2a77")
                .header("X-Client-Agency", "1010").header("X-Purpose", "10101234567")
                .header("X-User-Ref", "0000000000000000000000000000000000000000000000000000000000000000")
                .post(RequestBody.create(requestBody, MediaType.get("application/json"))).build()).execute()) {
            return r.body().bytes();
        }
    }

    /** The SDK: headers, HMAC, guards, signature verification, parsing, audit. */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PostalAddress nationalExchange() {
        return exchange.addressByPostcode(PostalCode.of("1991943711"), ctx);
    }

    /**
     * The bare libraries doing the work no conforming client may skip: the same call, then Nimbus
     * verifying the detached signature with Bouncy Castle (key converted once), then Jackson reading the
     * body. The SDK's own overhead is measured against this.
     */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public com.fasterxml.jackson.databind.JsonNode bareOkHttpVerified() throws Exception {
        try (Response r = bare.newCall(new Request.Builder().url(base + "/exchange/post/address-by-postcode")
                .header("Authorization", "Bearer t").header("X-Request-Id", "5f0c6f0e-8a4e-4d55-9f1e-0b6f3d1c2a77")
                .header("X-Client-Agency", "1010").header("X-Purpose", "10101234567")
                .header("X-User-Ref", "0000000000000000000000000000000000000000000000000000000000000000")
                .post(RequestBody.create(requestBody, MediaType.get("application/json"))).build()).execute()) {
            byte[] body = r.body().bytes();
            if (!JWSObject.parse(r.header("X-Response-Signature"), new Payload(body)).verify(bareVerifier)) {
                throw new IllegalStateException("signature");
            }
            return MAPPER.readTree(body);
        }
    }
}
