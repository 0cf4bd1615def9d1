package org.panjereh.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingIds;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.spring.boot.internal.ConfigurationFailureAnalyzer;
import org.panjereh.sso.NationalLogin;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's wiring without a network: discovery off (every endpoint from keys), so each case shows what a
 * configuration makes, what it refuses with the key's name, and that the application's own beans win.
 */
class AutoConfigurationTest {

    @TempDir
    static Path dir;
    static Path keyFile;
    static Path userRefFile;

    @BeforeAll
    static void files() throws Exception {
        keyFile = dir.resolve("agency.jwk");
        Files.writeString(keyFile, SigningKey.of(new ECKeyGenerator(Curve.P_256).generate()).privateJwk().toJSONString());
        userRefFile = dir.resolve("user-ref.key");
        Files.writeString(userRefFile, java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PanjerehAutoConfiguration.class, PanjerehSsoAutoConfiguration.class,
                        PanjerehExchangeAutoConfiguration.class, PanjerehEventsAutoConfiguration.class))
                .withPropertyValues("panjereh.platform.issuer=https://sso.example.ir", "panjereh.platform.discovery=false",
                        "panjereh.platform.jwks-uri=https://sso.example.ir/jwks",
                        "panjereh.platform.authorization-endpoint=https://sso.example.ir/authorize",
                        "panjereh.platform.token-endpoint=https://sso.example.ir/token",
                        "panjereh.platform.tracking-endpoint=https://api.example.ir/tracking",
                        "panjereh.agency.id=1010", "panjereh.agency.client-id=agency-1010",
                        "panjereh.agency.key-file=" + keyFile,
                        "panjereh.sso.redirect-uri=https://portal.example.ir/login/callback",
                        "panjereh.sso.claims.national-code=nationalCode",
                        "panjereh.exchange.user-ref-key-file=" + userRefFile);
    }

    @Test
    void theKeysMakeEveryBean() {
        runner().run(ctx -> {
            assertTrue(ctx.getStartupFailure() == null, () -> String.valueOf(ctx.getStartupFailure()));
            PlatformMetadata md = ctx.getBean(PlatformDiscovery.class).metadata();
            assertEquals(URI.create("https://sso.example.ir/token"), md.tokenEndpoint());
            assertEquals(URI.create("https://api.example.ir/tracking"), md.trackingEndpoint());
            assertEquals("agency-1010", ctx.getBean(AgencyCredentials.class).clientId());
            assertNotNull(ctx.getBean(NationalLogin.class));
            assertNotNull(ctx.getBean(TrackingIds.class));
            assertNotNull(ctx.getBean(NationalExchange.class));
            assertFalse(ctx.containsBean("panjerehEventPublisher"), "no DataSource, no outbox");
        });
    }

    @Test
    void aMissingKeyStopsTheStartWithItsName() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PanjerehAutoConfiguration.class))
                .withPropertyValues("panjereh.agency.id=1010").run(ctx -> {
                    Throwable failure = ctx.getStartupFailure();
                    assertNotNull(failure);
                    PanjerehConfigurationException cause = rootOf(failure);
                    assertEquals("panjereh.platform.issuer is not set", cause.getMessage());
                    FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(failure);
                    assertTrue(analysis.getDescription().contains("panjereh.platform.issuer"), analysis.getDescription());
                    assertTrue(analysis.getAction().contains("docs/live-platform.md"));
                });
        runner().withPropertyValues("panjereh.platform.token-endpoint=not a url").run(ctx ->
                assertTrue(chain(ctx.getStartupFailure()).contains("panjereh.platform.token-endpoint"), chain(ctx.getStartupFailure())));
        runner().withPropertyValues("panjereh.platform.token-endpoint=/token").run(ctx ->
                assertEquals("panjereh.platform.token-endpoint must be an absolute URL", rootOf(ctx.getStartupFailure()).getMessage()));
        runner().withPropertyValues("panjereh.agency.key-file=" + dir.resolve("missing.jwk")).run(ctx -> {
            assertNotNull(ctx.getStartupFailure());
            assertTrue(rootOf(ctx.getStartupFailure()).getMessage().startsWith("panjereh.agency.key-file: "));
            assertTrue(rootOf(ctx.getStartupFailure()).getMessage().contains("missing.jwk"));
        });
        runner().withPropertyValues("panjereh.exchange.user-ref-key-file=").run(ctx ->
                assertTrue(rootOf(ctx.getStartupFailure()).getMessage().startsWith("panjereh.exchange.user-ref-key-file is not set")));
        runner().withPropertyValues("panjereh.sso.redirect-uri=").run(ctx ->
                assertEquals("panjereh.sso.redirect-uri is not set", rootOf(ctx.getStartupFailure()).getMessage()));
    }

    @Test
    void aPortalWithoutInquiriesTurnsTheExchangeOff() {
        runner().withPropertyValues("panjereh.exchange.enabled=false", "panjereh.exchange.user-ref-key-file=").run(ctx -> {
            assertTrue(ctx.getStartupFailure() == null, () -> String.valueOf(ctx.getStartupFailure()));
            assertFalse(ctx.containsBean("panjerehNationalExchange"));
        });
        runner().withPropertyValues("panjereh.enabled=false").run(ctx -> assertFalse(ctx.containsBean("panjerehPlatformClient")));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTrackingIds {
        static TrackingIds mine;

        @Bean
        TrackingIds trackingIds(org.panjereh.core.PlatformClient client) {
            mine = TrackingIds.builder(client).build();
            return mine;
        }
    }

    @Test
    void theApplicationsOwnBeanWins() {
        runner().withUserConfiguration(OwnTrackingIds.class).run(ctx -> {
            assertSame(OwnTrackingIds.mine, ctx.getBean(TrackingIds.class));
            assertEquals(1, ctx.getBeansOfType(TrackingIds.class).size());
        });
    }

    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }

    static PanjerehConfigurationException rootOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PanjerehConfigurationException p) {
                return p;
            }
        }
        throw new AssertionError("no configuration error in " + t);
    }

    @Test
    void documentKeysMakeAnIssuerAndAVerifierThatAgree() throws Exception {
        try (org.panjereh.sandbox.NationalSandbox sandbox = org.panjereh.sandbox.NationalSandbox.start(
                org.panjereh.sandbox.SandboxConfig.builder().port(0).build())) {
            com.nimbusds.jose.jwk.ECKey key = new ECKeyGenerator(Curve.P_256).keyID("documents").generate();
            Path keyFile = Files.writeString(dir.resolve("documents.jwk"), key.toJSONString());
            StringBuilder chain = new StringBuilder();
            for (java.security.cert.X509Certificate c : sandbox.issueCertificate(key.toECPublicKey(), "Agency 1010 documents")) {
                chain.append(pem(c));
            }
            Path chainFile = Files.writeString(dir.resolve("chain.pem"), chain);
            Path rootFile = Files.writeString(dir.resolve("root.pem"), pem(sandbox.caRoot()));
            org.h2.jdbcx.JdbcDataSource db = new org.h2.jdbcx.JdbcDataSource();
            db.setURL("jdbc:h2:mem:documents-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            ApplicationContextRunner documents = new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(PanjerehDocumentsAutoConfiguration.class))
                    .withBean(javax.sql.DataSource.class, () -> db)
                    .withPropertyValues("panjereh.documents.key-file=" + keyFile, "panjereh.documents.chain-file=" + chainFile,
                            "panjereh.documents.trust-anchor-file=" + rootFile, "panjereh.documents.agency-name=اتاق اصناف",
                            "panjereh.documents.verification-base=https://portal.example.ir/verify/");
            documents.withConfiguration(AutoConfigurations.of(PropertiesOnly.class)).run(ctx -> {
                assertTrue(ctx.getStartupFailure() == null, () -> String.valueOf(ctx.getStartupFailure()));
                org.panjereh.documents.IssuedDocument permit = ctx.getBean(org.panjereh.documents.DocumentIssuer.class).issue(
                        new org.panjereh.documents.DocumentFacts(org.panjereh.core.ServiceId.of("10101234567"),
                                org.panjereh.core.TrackingId.withCheckDigits("101012345670000003"), "پروانه کسب", "مریم احمدی",
                                java.time.Instant.now(), java.util.List.of()));
                org.panjereh.documents.DocumentVerifier verifier = ctx.getBean(org.panjereh.documents.DocumentVerifier.class);
                assertFalse(verifier.verify(permit.pdf()).valid(), "not registered yet: the verifier reads the registry");
                ctx.getBean(org.panjereh.documents.DocumentRegistry.class).register(permit);
                assertTrue(verifier.verify(permit.pdf()).valid(), () -> verifier.verify(permit.pdf()).detail());
            });
            documents.withConfiguration(AutoConfigurations.of(PropertiesOnly.class))
                    .withPropertyValues("panjereh.documents.chain-file=").run(ctx -> {
                        Throwable failure = ctx.getStartupFailure();
                        assertNotNull(failure);
                        assertTrue(String.valueOf(failure).contains("panjereh.documents.chain-file"), String.valueOf(failure));
                    });
        }
    }

    /** Binds {@code panjereh.*} as the starter's main configuration does, for a runner without it. */
    @Configuration
    @org.springframework.boot.context.properties.EnableConfigurationProperties(PanjerehProperties.class)
    static class PropertiesOnly {
    }

    private static String pem(java.security.cert.X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    @Configuration(proxyBeanMethods = false)
    static class ProvidesAndReports {
        @Bean
        javax.sql.DataSource dataSource() {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return ds;
        }

        @Bean
        org.panjereh.inquiry.ProvidedService permits() {
            return org.panjereh.inquiry.ProvidedService.builder("business-permit", call -> java.util.Optional.empty())
                    .title("استعلام پروانه کسب").legalBasis("قانون نظام صنفی")
                    .request("code", org.panjereh.inquiry.ProvidedService.FieldType.STRING)
                    .answer("status", org.panjereh.inquiry.ProvidedService.FieldType.STRING)
                    .consumer("2020", java.util.Set.of("20201000001"), java.util.Set.of("status")).build();
        }

        @Bean
        org.panjereh.reports.ReportSource figures() {
            return (month, at) -> new org.panjereh.reports.MonthlyReport("1010", month, at, java.util.List.of(), null, null);
        }
    }

    @Test
    void providedServiceAndReportSourceBeansAreServedAndSentWithNoFurtherWiring() {
        runner().withUserConfiguration(ProvidesAndReports.class)
                .withConfiguration(AutoConfigurations.of(PanjerehProviderAutoConfiguration.class, PanjerehReportsAutoConfiguration.class))
                .withPropertyValues("panjereh.exchange.provider.endpoint=https://portal.example.ir/exchange/",
                        "panjereh.exchange.provider.publish-on-start=false", "panjereh.reports.interval=PT24H")
                .run(ctx -> {
                    assertTrue(ctx.getStartupFailure() == null, () -> String.valueOf(ctx.getStartupFailure()));
                    assertEquals(java.util.Set.of("business-permit"),
                            ctx.getBean(org.panjereh.inquiry.ExchangeProvider.class).services().keySet());
                    assertNotNull(ctx.getBean(org.panjereh.inquiry.ReplayCache.class));
                    assertNotNull(ctx.getBean(org.panjereh.reports.MonthlyReports.class));
                    assertNotNull(ctx.getBean(org.panjereh.reports.ReportLedger.class));
                });
        runner().withUserConfiguration(ProvidesAndReports.class)
                .withConfiguration(AutoConfigurations.of(PanjerehProviderAutoConfiguration.class))
                .run(ctx -> assertTrue(chain(ctx.getStartupFailure()).contains("panjereh.exchange.provider.endpoint"),
                        chain(ctx.getStartupFailure())));
        runner().withUserConfiguration(ProvidesAndReports.class)
                .withConfiguration(AutoConfigurations.of(PanjerehReportsAutoConfiguration.class))
                .withPropertyValues("panjereh.reports.enabled=false")
                .run(ctx -> assertFalse(ctx.containsBean("panjerehMonthlyReports")));
    }

    @Test
    void aPortalWithADatabaseAndNoFiguresOfItsOwnReportsFromTheSdkTables() {
        org.h2.jdbcx.JdbcDataSource db = new org.h2.jdbcx.JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        runner().withBean(javax.sql.DataSource.class, () -> db)
                .withConfiguration(AutoConfigurations.of(PanjerehReportsAutoConfiguration.class))
                .withPropertyValues("panjereh.events.deliver=false", "panjereh.reports.interval=PT24H").run(ctx -> {
                    assertTrue(ctx.getStartupFailure() == null, () -> String.valueOf(ctx.getStartupFailure()));
                    assertNotNull(ctx.getBean(org.panjereh.events.ServiceHistory.class));
                    assertNotNull(ctx.getBean(org.panjereh.reports.JdbcReportSource.class));
                    assertNotNull(ctx.getBean(org.panjereh.reports.MonthlyReports.class));
                    try (java.sql.Connection c = db.getConnection(); java.sql.ResultSet rs = c.getMetaData().getTables(null, null,
                            "PANJEREH_EXCHANGE_AUDIT", null)) {
                        assertTrue(rs.next(), "the inquiry audit goes to the database the report counts");
                    }
                });
        runner().withBean(javax.sql.DataSource.class, () -> db)
                .withConfiguration(AutoConfigurations.of(PanjerehReportsAutoConfiguration.class))
                .withPropertyValues("panjereh.events.deliver=false", "panjereh.reports.from-sdk-tables=false")
                .run(ctx -> assertFalse(ctx.containsBean("panjerehMonthlyReports"), "nothing to count, nothing sent"));
    }

    @Test
    void visitorsAreCountedAndReportedWithTheContextAndAShortKeyIsRefused() throws Exception {
        runner().withConfiguration(AutoConfigurations.of(PanjerehVisitsAutoConfiguration.class)).run(ctx -> {
            assertNotNull(ctx.getBean(org.panjereh.survey.VisitCounter.class));
            assertNotNull(ctx.getBean(org.panjereh.survey.VisitReporter.class));
        });
        Path key = Files.writeString(dir.resolve("visits.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));
        runner().withConfiguration(AutoConfigurations.of(PanjerehVisitsAutoConfiguration.class))
                .withPropertyValues("panjereh.visits.key-file=" + key, "panjereh.visits.interval=5m")
                .run(ctx -> assertNotNull(ctx.getBean(org.panjereh.survey.VisitReporter.class)));
        Path shortKey = Files.writeString(dir.resolve("short.key"), "too short");
        runner().withConfiguration(AutoConfigurations.of(PanjerehVisitsAutoConfiguration.class))
                .withPropertyValues("panjereh.visits.key-file=" + shortKey).run(ctx -> {
                    assertNotNull(ctx.getStartupFailure());
                    assertTrue(rootMessage(ctx.getStartupFailure()).contains("fewer than 32 bytes"), rootMessage(ctx.getStartupFailure()));
                });
        runner().withConfiguration(AutoConfigurations.of(PanjerehVisitsAutoConfiguration.class))
                .withPropertyValues("panjereh.visits.enabled=false")
                .run(ctx -> assertFalse(ctx.containsBean("panjerehVisitCounter")));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
