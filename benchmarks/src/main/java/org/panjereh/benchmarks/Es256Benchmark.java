package org.panjereh.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.panjereh.core.shared.Es256;

/**
 * One ES256 signature and one verification of a token-sized input, three ways in one run: bare Nimbus on the JDK's
 * provider (the library underneath), Nimbus on Bouncy Castle's JCA provider with keys converted once (the SDK until
 * session 6), and {@link Es256} (Bouncy Castle's lightweight API, the curve's tables kept):
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main Es256Benchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Es256Benchmark {

    static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.ES256);

    byte[] input;
    JWSSigner jdkSigner;
    JWSSigner bcJcaSigner;
    JWSSigner es256Signer;
    JWSVerifier jdkVerifier;
    JWSVerifier bcJcaVerifier;
    JWSVerifier es256Verifier;
    Base64URL signature;

    /** A key, the three signers and verifiers, one signature. */
    @Setup
    public void setUp() throws Exception {
        StringBuilder b = new StringBuilder();
        while (b.length() < 700) {
            b.append("eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.claims-of-an-id-token-");
        }
        input = b.toString().getBytes(StandardCharsets.US_ASCII);
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        BouncyCastleProvider bc = new BouncyCastleProvider();
        jdkSigner = new ECDSASigner(key);
        ECDSASigner s = new ECDSASigner((ECPrivateKey) KeyFactory.getInstance("EC", bc)
                .generatePrivate(new PKCS8EncodedKeySpec(key.toECPrivateKey().getEncoded())), Curve.P_256);
        s.getJCAContext().setProvider(bc);
        bcJcaSigner = s;
        es256Signer = Es256.signer(key.toECPrivateKey());
        jdkVerifier = new ECDSAVerifier(key);
        ECDSAVerifier v = new ECDSAVerifier((ECPublicKey) KeyFactory.getInstance("EC", bc)
                .generatePublic(new X509EncodedKeySpec(key.toECPublicKey().getEncoded())));
        v.getJCAContext().setProvider(bc);
        bcJcaVerifier = v;
        es256Verifier = Es256.verifier(key.toECPublicKey());
        signature = jdkSigner.sign(HEADER, input);
    }

    /** @return a signature, bare Nimbus on the JDK */
    @Benchmark
    public Base64URL signJdk() throws Exception {
        return jdkSigner.sign(HEADER, input);
    }

    /** @return a signature, Nimbus on Bouncy Castle's JCA provider */
    @Benchmark
    public Base64URL signBouncyCastleJca() throws Exception {
        return bcJcaSigner.sign(HEADER, input);
    }

    /** @return a signature, Es256 */
    @Benchmark
    public Base64URL signEs256() throws Exception {
        return es256Signer.sign(HEADER, input);
    }

    /** @return whether it verified, bare Nimbus on the JDK */
    @Benchmark
    public boolean verifyJdk() throws Exception {
        return jdkVerifier.verify(HEADER, input, signature);
    }

    /** @return whether it verified, Nimbus on Bouncy Castle's JCA provider */
    @Benchmark
    public boolean verifyBouncyCastleJca() throws Exception {
        return bcJcaVerifier.verify(HEADER, input, signature);
    }

    /** @return whether it verified, Es256 */
    @Benchmark
    public boolean verifyEs256() throws Exception {
        return es256Verifier.verify(HEADER, input, signature);
    }
}
