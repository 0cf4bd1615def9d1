package org.panjereh.inquiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.panjereh.core.NationalCode;

/** Contract reading 27: lower-case hex HMAC-SHA256 over the ASCII national code. */
class UserRefKeyTest {

    static final byte[] RAW = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static String expected(String code) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(RAW, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theSameReferenceEveryTimeOnEveryThread() throws Exception {
        UserRefKey key = UserRefKey.of(RAW);
        List<String> codes = List.of("0499370899", "0790419904");
        String a = expected(codes.get(0));
        String b = expected(codes.get(1));
        assertNotEquals(a, b);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> all = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        if (!key.ref(NationalCode.of(codes.get(i % 2))).equals(i % 2 == 0 ? a : b)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertEquals(true, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
