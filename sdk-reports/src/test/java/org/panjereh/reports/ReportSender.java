package org.panjereh.reports;

import com.nimbusds.jose.jwk.JWK;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.h2.jdbcx.JdbcDataSource;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.SigningKey;

/**
 * The process that gets killed: catches up the owed months into a ledger in an H2 file, printing each month as its
 * figures are computed (just before it is sent) and the outcome of the run, then waits to be killed.
 * Arguments: the sandbox's issuer, the agency's JWK file, the ledger's file.
 */
public final class ReportSender {

    private ReportSender() {
    }

    static final JalaliMonth FIRST = JalaliMonth.of(1405, 6);

    static JdbcDataSource ledgerDatabase(Path file) {
        JdbcDataSource ds = new JdbcDataSource();
        // WRITE_DELAY=0: each commit is on disk before it returns, as a portal's durable store must be.
        ds.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        return ds;
    }

    static PlatformClient platform(String issuer, SigningKey key) {
        RetryPolicy quick = RetryPolicy.builder().maxAttempts(2).sleeper(d -> { }).build();
        return PlatformClient.builder(PlatformDiscovery.builder(java.net.URI.create(issuer)).retryPolicy(quick).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .retryPolicy(quick).build();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SigningKey key = SigningKey.of(JWK.parse(Files.readString(Path.of(args[1]))));
        ReportSource source = (month, at) -> {
            out.println("computing " + month);
            return MonthlyReportsTest.report(month, at, 140);
        };
        MonthlyReports reports = MonthlyReports.builder(platform(args[0], key), source,
                ReportLedger.jdbc(ledgerDatabase(Path.of(args[2])))).firstMonth(FIRST).build();
        for (MonthlyReports.Submission s : reports.catchUp()) {
            out.println("outcome " + s.month() + " " + s.outcome());
        }
        out.println("caught up at " + Instant.now());
        new CountDownLatch(1).await(); // until killed
    }
}
