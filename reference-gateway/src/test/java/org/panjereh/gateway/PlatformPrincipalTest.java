package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class PlatformPrincipalTest {

    @Test
    void readsEveryClaimAsSmallRyesOwnPrincipalDoes() throws Exception {
        JwtClaims claims = JwtClaims.parse("{\"iss\":\"https://sso.example\",\"sub\":\"citizen-1\",\"aud\":\"https://api.example\","
                + "\"exp\":2000000000,\"client_id\":\"agency-1010\",\"acr\":\"urn:ir:gov:loa:2\",\"scope\":\"openid profile\"}");
        PlatformTokens.PlatformPrincipal p = new PlatformTokens.PlatformPrincipal("raw", claims);
        var smallRye = new io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal("raw", "JWT",
                JwtClaims.parse(claims.toJson()));

        for (String name : new String[] {"client_id", "acr", "scope", "sub", "iss", "exp", "aud", "no_such_claim"}) {
            Object mine = p.getClaim(name);
            Object theirs = smallRye.getClaim(name);
            assertEquals(theirs, mine, name);
        }
        assertEquals("agency-1010", p.<String>getClaim("client_id"));
        assertEquals(2000000000L, p.<Long>getClaim(Claims.exp.name()));
        assertEquals(Set.of("https://api.example"), p.getAudience());
        assertNull(p.getClaim("no_such_claim"));
    }
}
