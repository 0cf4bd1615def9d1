package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.panjereh.core.ServiceRegistry;

/** The SDK against a Bearer-only platform and a platform that demands DPoP nonces. */
class BearerAndNonceModesTest {

    @Test
    void bearerWhenDpopIsOff() throws Exception {
        try (SandboxFixture f = new SandboxFixture(b -> b.dpop(false))) {
            assertEquals(false, f.client().metadata().supportsDpop());
            assertEquals(3, ServiceRegistry.remote(f.client()).cards("1010").size());
            assertEquals(false, f.record("token").get(0).get("dpop").asBoolean());
        }
    }

    @Test
    void dpopNoncesAreDemandedAndAnswered() throws Exception {
        try (SandboxFixture f = new SandboxFixture(b -> b.dpopNonces(true))) {
            var client = f.client();
            assertEquals(3, ServiceRegistry.remote(client).cards("1010").size());
            f.admin("POST", "/admin/dpop-nonce/rotate", null);
            f.admin("POST", "/admin/dpop-nonce/rotate", null);
            assertEquals(3, ServiceRegistry.remote(client).cards("1010").size(), "a stale nonce is challenged and renewed");
            assertEquals(true, f.record("token").get(0).get("dpop").asBoolean());
        }
    }
}
