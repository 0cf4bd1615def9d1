package org.panjereh.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.testing.PooledPostgres;

/** The registry on H2 and PostgreSQL, and verification against it: issued, revoked, or never issued. */
class RegistryTest {

    static void registryRules(DataSource ds) throws Exception {
        TestCa ca = new TestCa("Registry Root");
        DocumentIssuer issuer = DocumentIssuer.builder("دستگاه ۱۰۱۰",
                ca.agency("Agency 1010"),
                URI.create("https://portal.example/verify/")).build();
        TrackingId t = TrackingId.withCheckDigits("101012345670000002");
        DocumentFacts facts = new DocumentFacts(ServiceId.of("10101234567"), t, "پروانه کسب", "علی رضایی", Instant.now(), List.of());
        IssuedDocument d = issuer.issue(facts);
        DocumentRegistry registry = DocumentRegistry.jdbc(ds);
        registry.register(d);
        registry.register(d);
        DocumentRegistry.Entry e = registry.find(d.code()).orElseThrow();
        assertEquals(d.sha256(), e.sha256());
        assertEquals(DocumentRegistry.Status.VALID, e.status());
        assertEquals(d.code(), registry.latestFor(t).orElseThrow().code());
        DocumentVerifier verifier = DocumentVerifier.builder(ca.root).registry(registry).build();
        assertTrue(verifier.verify(d.pdf()).valid());

        // Signed by the agency but never registered (say, a copy re-signed with the same code): not issued.
        IssuedDocument twin = issuer.issue(facts, d.code());
        DocumentVerification v = verifier.verify(twin.pdf());
        assertFalse(v.valid());
        assertEquals(DocumentVerification.Reason.NOT_ISSUED, v.reason());

        assertTrue(registry.revoke(d.code(), "صدور به اشتباه", Instant.now()));
        assertFalse(registry.revoke(d.code(), "دوباره", Instant.now()), "revoked once");
        DocumentVerification revoked = verifier.verify(d.pdf());
        assertFalse(revoked.valid());
        assertEquals(DocumentVerification.Reason.REVOKED, revoked.reason());
        assertTrue(revoked.detail().contains("صدور به اشتباه"));
        assertEquals("صدور به اشتباه", registry.find(d.code()).orElseThrow().revocationReason());
        assertFalse(registry.revoke(VerificationCode.generate(), "ناشناس", Instant.now()));
    }

    @Test
    void onH2() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:documents;DB_CLOSE_DELAY=-1");
        registryRules(ds);
    }

    @Test
    void onPostgres() throws Exception {
        try (PooledPostgres pg = PooledPostgres.start(8)) {
            registryRules(pg.dataSource());
        }
    }
}
