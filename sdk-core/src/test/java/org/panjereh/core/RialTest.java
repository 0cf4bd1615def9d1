package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RialTest {

    @Test
    void printsRialsWithTomansBesideThemInPersian() {
        assertEquals("۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)", Rial.of(500_000).toPersianString());
        assertEquals("۱٬۲۰۰٬۰۰۵ ریال (۱۲۰٬۰۰۰٫۵ تومان)", Rial.of(1_200_005).toPersianString());
        assertEquals("۰ ریال (۰ تومان)", Rial.ZERO.toPersianString());
        assertEquals("۹۹ ریال", Rial.of(99).toPersianRialString());
    }

    @Test
    void parsesWhatPeopleType() {
        assertEquals(Rial.of(500_000), Rial.parse("۵۰۰٬۰۰۰"));
        assertEquals(Rial.of(500_000), Rial.parse("٥٠٠,٠٠٠"));
        assertEquals(Rial.of(500_000), Rial.parse(" 500 000 "));
        assertThrows(IllegalArgumentException.class, () -> Rial.parse("500.5"));
        assertThrows(IllegalArgumentException.class, () -> Rial.parse("-5"));
        assertThrows(IllegalArgumentException.class, () -> Rial.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Rial.parse("10000000000001"));
        assertThrows(IllegalArgumentException.class, () -> Rial.parse("99999999999999999999"));
    }

    @Test
    void arithmeticStaysInRange() {
        assertEquals(Rial.of(300), Rial.of(500).minus(Rial.of(200)));
        assertEquals(Rial.of(700), Rial.of(500).plus(Rial.of(200)));
        assertThrows(IllegalArgumentException.class, () -> Rial.of(100).minus(Rial.of(101)));
        assertThrows(IllegalArgumentException.class, () -> Rial.of(Rial.MAX).plus(Rial.of(1)));
        assertThrows(IllegalArgumentException.class, () -> Rial.of(-1));
        assertEquals("500 IRR", Rial.of(500).toString());
    }

    @Test
    void verifyWindowFromDiscoveryOrItsDefault() {
        java.net.URI i = java.net.URI.create("https://platform.example");
        assertEquals(Duration.ofSeconds(900), PlatformMetadata.builder(i, i.resolve("/jwks")).build().verifyWindow());
        assertEquals(Duration.ofSeconds(20), PlatformMetadata.builder(i, i.resolve("/jwks")).verifyWindow(Duration.ofSeconds(20))
                .build().verifyWindow());
        PlatformMetadata bad = PlatformMetadata.parse("{\"issuer\":\"https://platform.example\",\"jwks_uri\":\"https://platform.example/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"ES256\"],\"verify_window\":\"soon\"}");
        assertThrows(InvalidPlatformResponseException.class, bad::verifyWindow);
        assertThrows(PanjerehConfigurationException.class, bad::paymentEndpoint);
    }
}
