package org.panjereh.core.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** RFC 9449's two ways of asking for a nonce (§8 at the token endpoint, §9 at a resource), and what a proof carries. */
class DpopProofsTest {

    private static final HttpUrl TOKEN = HttpUrl.get("https://platform.example/token");
    private static final HttpUrl API = HttpUrl.get("https://platform.example/registry/services");

    private static String nonceIn(String proof) throws Exception {
        return SignedJWT.parse(proof).getJWTClaimsSet().getStringClaim("nonce");
    }

    @Test
    void theTokenEndpointAsksWithA400AndItsNonce() throws Exception {
        DpopProofs p = new DpopProofs();
        assertNull(nonceIn(p.proof("POST", TOKEN, null)));
        assertFalse(p.tokenEndpointAskedForNonce(TOKEN, 400, "{\"error\":\"invalid_grant\"}", "n1"), "another error");
        assertFalse(p.tokenEndpointAskedForNonce(TOKEN, 400, "{\"error\":\"use_dpop_nonce\"}", null), "no nonce to use");
        assertTrue(p.tokenEndpointAskedForNonce(TOKEN, 400, "{\"error\":\"use_dpop_nonce\"}", "n2"));
        assertEquals("n2", nonceIn(p.proof("POST", TOKEN, null)), "the next proof carries it");
        assertTrue(p.tokenEndpointAskedForNonce(TOKEN, 400, "{\"error\":\"use_dpop_nonce\"}", "n2"),
                "asked again with the nonce it already holds: one more try is still the caller's to make");
    }

    @Test
    void aResourceAsksWithA401Challenge() throws Exception {
        DpopProofs p = new DpopProofs();
        assertFalse(p.resourceAskedForNonce(API, 401, "DPoP error=\"invalid_token\"", "n1"), "another challenge");
        assertTrue(p.resourceAskedForNonce(API, 401, "DPoP error=\"use_dpop_nonce\"", "n3"));
        assertEquals("n3", nonceIn(p.proof("GET", API, new com.nimbusds.oauth2.sdk.token.DPoPAccessToken("t"))));
        assertFalse(p.resourceAskedForNonce(API, 200, null, "n4"), "a success asks nothing");
        assertEquals("n4", nonceIn(p.proof("GET", API, null)), "but its nonce is kept for the next proof");
        assertFalse(p.resourceAskedForNonce(HttpUrl.get("https://other.example/x"), 401, "DPoP error=\"use_dpop_nonce\"", null),
                "no nonce to use");
    }
}
