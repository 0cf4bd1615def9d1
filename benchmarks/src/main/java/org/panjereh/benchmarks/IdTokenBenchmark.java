package org.panjereh.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.time.Clock;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * ID-token verification with cached keys: the relying party's own check (IdTokens, which NationalLogin.finish runs) beside bare Nimbus
 * ({@link DefaultJWTProcessor} with the same algorithm set and the same claim checks), in one run:
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main IdTokenBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IdTokenBenchmark {

    static final String ISSUER = "https://platform.example";
    static final String CLIENT = "agency-1010";

    SignedJWT token;
    JWKSource<SecurityContext> keys;
    DefaultJWTProcessor<SecurityContext> bare;
    BearerAccessToken accessToken = new BearerAccessToken("access-token-1");
    Nonce nonce = new Nonce("n-0S6_WzA2Mj");

    /** Signs one token and builds both verifiers. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        keys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("pairwise-sub").audience(CLIENT)
                .claim("azp", CLIENT).issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000))
                .claim("nonce", nonce.getValue()).claim("acr", "urn:ir:gov:loa:2").claim("sid", "s1")
                .claim("at_hash", AccessTokenHash.compute(accessToken, JWSAlgorithm.ES256, Curve.P_256).getValue())
                .claim("national_code", "0499370899").build();
        token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(), claims);
        token.sign(new ECDSASigner(key));
        bare = new DefaultJWTProcessor<>();
        bare.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256), keys));
        DefaultJWTClaimsVerifier<SecurityContext> v = new DefaultJWTClaimsVerifier<>(CLIENT,
                new JWTClaimsSet.Builder().issuer(ISSUER).claim("nonce", nonce.getValue()).build(),
                Set.of("sub", "iat", "exp"));
        v.setMaxClockSkew(60);
        bare.setJWTClaimsSetVerifier(v);
    }

    /** Bare Nimbus: signature, algorithm set, iss, aud, nonce, exp/iat with 60 s skew. */
    @Benchmark
    public JWTClaimsSet bareNimbus() throws Exception {
        return bare.process(token, null);
    }

    /** Panjereh: the same plus azp, iat-not-in-future and at_hash. */
    @Benchmark
    public IDTokenClaimsSet panjereh() {
        return org.panjereh.sso.internal.IdTokens.verify(token, URI.create(ISSUER), new ClientID(CLIENT), keys, nonce, accessToken,
                Clock.systemUTC());
    }
}
