package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupHeapReleaseTest {

    private final HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    /**
     * In a JVM of the gateway's kind (G1, no heap flags; the tests' own JVM runs the serial collector): what a start
     * allocates and drops is given back down to about what is live, which a plain {@code System.gc()} with the JVM's
     * own ratios would not do (it keeps up to 70 % free), and the ratios are put back as they were.
     */
    @Test
    void givesBackWhatAStartLeftOnG1() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), Child.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        String[] f = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        long before = Long.parseLong(f[0]);
        long after = Long.parseLong(f[1]);
        assertTrue(before > 2 * Child.LIVE, out);
        assertTrue(after < 2 * Child.LIVE, out); // a plain System.gc() keeps about 4x LIVE here (ratios 40/70)
        assertEquals(f[2] + " " + f[3], f[4] + " " + f[5], "the ratios put back as they were");
    }

    /**
     * Keeps {@link #LIVE} bytes, allocates and drops much more as a start does, releases, and prints the committed heap
     * before and after and the ratios before and after.
     */
    public static final class Child {
        static final long LIVE = 60L << 20;

        public static void main(String[] args) {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            String ratios = hs.getVMOption("MinHeapFreeRatio").getValue() + " " + hs.getVMOption("MaxHeapFreeRatio").getValue();
            List<byte[]> live = new ArrayList<>();
            for (long b = 0; b < LIVE; b += 256 << 10) {
                live.add(new byte[256 << 10]); // small enough never to be humongous, whatever the region size
            }
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < 1600; i++) {
                garbage.add(new byte[256 << 10]);
                if (garbage.size() == 160) {
                    garbage.clear();
                }
            }
            garbage.clear();
            StartupHeapRelease.Result r = StartupHeapRelease.run();
            System.out.println(r.committedBefore() + " " + r.committedAfter() + " " + ratios + " "
                    + hs.getVMOption("MinHeapFreeRatio").getValue() + " " + hs.getVMOption("MaxHeapFreeRatio").getValue()
                    + " " + live.size());
        }
    }

    @Test
    void putsBackTheOperatorsOwnRatiosNotTheDefaults() {
        String min = hs.getVMOption("MinHeapFreeRatio").getValue();
        String max = hs.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            hs.setVMOption("MaxHeapFreeRatio", "50"); // as -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=50 would
            hs.setVMOption("MinHeapFreeRatio", "20");
            StartupHeapRelease.run();
            assertEquals("20", hs.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("50", hs.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            hs.setVMOption("MinHeapFreeRatio", "0");
            hs.setVMOption("MaxHeapFreeRatio", max);
            hs.setVMOption("MinHeapFreeRatio", min);
        }
    }
}
