package org.panjereh.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * A portal killed with SIGKILL while a month it sent was stored by the platform but its answer never came back: after
 * the restart every owed month reaches the platform, in order, and none is stored twice.
 */
class ReportCrashTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killDashNineAfterAnUnansweredSendLosesNoMonthAndStoresNoneTwice() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build())) {
            // The platform stores each report and the answer is lost on the way back.
            admin(sandbox, "PUT", "/admin/faults/reports.put", "{\"dropResponseRate\":1}");
            Path jwk = Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
            Path ledger = dir.resolve("ledger");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ReportSender.class.getName(),
                    sandbox.issuer().toString(), jwk.toString(), ledger.toString()).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("caught up")) {
                        break;
                    }
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            }
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            assertTrue(lines.contains("outcome " + ReportSender.FIRST + " DEFERRED"), String.join("\n", lines));
            assertEquals(List.of(ReportSender.FIRST.toString()), stored(sandbox), "the platform holds the unanswered month");

            admin(sandbox, "DELETE", "/admin/faults", null);
            MonthlyReports restarted = MonthlyReports.builder(ReportSender.platform(sandbox.issuer().toString(), key),
                    (month, at) -> MonthlyReportsTest.report(month, at, 140),
                    ReportLedger.jdbc(ReportSender.ledgerDatabase(ledger))).firstMonth(ReportSender.FIRST).build();
            List<String> outcomes = new ArrayList<>();
            restarted.catchUp().forEach(s -> outcomes.add(s.month() + ":" + s.outcome()));
            assertEquals(List.of("1405-06:UNCHANGED", "1405-07:CREATED", "1405-08:CREATED"), outcomes,
                    "the month the platform already held is recognised, not stored again; the rest follow in order");
            assertEquals(List.of("1405-06", "1405-07", "1405-08"), stored(sandbox));
            for (String m : stored(sandbox)) {
                assertEquals(1, version(sandbox, m), m + " stored once");
            }
            assertEquals(List.of(), restarted.catchUp().stream().filter(s -> s.outcome() != MonthlyReports.Outcome.UNCHANGED)
                    .toList(), "nothing owed any more");
        }
    }

    private static List<String> stored(NationalSandbox sandbox) throws Exception {
        List<String> months = new ArrayList<>();
        for (JsonNode e : JSON.readTree(admin(sandbox, "GET", "/admin/record/report", null)).get("items")) {
            String m = e.get("month").asText();
            if (!months.contains(m)) {
                months.add(m);
            }
        }
        return months;
    }

    private static int version(NationalSandbox sandbox, String month) throws Exception {
        int v = 0;
        for (JsonNode e : JSON.readTree(admin(sandbox, "GET", "/admin/record/report", null)).get("items")) {
            if (e.get("month").asText().equals(month)) {
                v = Math.max(v, e.path("version").asInt());
            }
        }
        return v;
    }

    private static String admin(NationalSandbox sandbox, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.issuer() + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
