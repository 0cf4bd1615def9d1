package org.panjereh.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PostalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.inquiry.InquiryContext;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.UserRefKey;

/**
 * The anchor of the gateway's apply load run: the exchange inquiries one application makes, alone, against the
 * same platform in the same run. {@code ExchangeLoad <issuer> <agency key .jwk> <seconds> <threads>}: each
 * thread repeats the inquiries the gateway makes for an application to service 10101234568 as citizen-maryam
 * (person identity, address by postcode; the card asks for no Shahkar check) through {@link NationalExchange}
 * with its default policy, as the gateway builds it (signed answers checked, audit written to nowhere), and
 * prints the rate of such pairs and of single inquiries.
 */
public final class ExchangeLoad {

    private ExchangeLoad() {
    }

    /**
     * @param args issuer, key file, seconds, threads
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        URI issuer = URI.create(args[0]);
        SigningKey key = SigningKey.fromJwk(Path.of(args[1]));
        Duration d = Duration.ofSeconds(Integer.parseInt(args[2]));
        int threads = Integer.parseInt(args[3]);
        PlatformClient platform = PlatformClient.builder(PlatformDiscovery.builder(issuer).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .build();
        byte[] userRef = new byte[32];
        new java.security.SecureRandom().nextBytes(userRef);
        NationalExchange exchange = NationalExchange.builder(platform, UserRefKey.of(userRef)).audit(r -> { }).build();
        NationalCode person = NationalCode.of("0499370899");
        InquiryContext ctx = new InquiryContext(ServiceId.of("10101234568"), null, person);
        LocalDate birth = LocalDate.of(1990, 5, 12);
        PostalCode postcode = PostalCode.of("1991943711");
        Runnable application = () -> {
            exchange.personIdentity(person, birth, ctx);
            exchange.addressByPostcode(postcode, ctx);
        };
        run(application, threads, d.dividedBy(3), false);
        run(application, threads, d, true);
    }

    private static void run(Runnable application, int threads, Duration d, boolean report) throws Exception {
        ClosedLoop.Result r = ClosedLoop.run(threads, d, t -> application.run());
        if (report) {
            System.out.printf("exchange alone, %d threads: %.0f applications' inquiries/s (%.0f inquiries/s); failed %d;"
                    + " p50 %.1f ms, p99 %.1f ms%n", threads, r.perSecond(), 2 * r.perSecond(), r.failed(), r.p50Ms(), r.p99Ms());
        }
    }
}
