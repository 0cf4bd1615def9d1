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
     * allocates and drops is given back, and the ratios are as they were.
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
        assertTrue(after * 2 < before, out); // the live set is a few MB; the heap had grown to hundreds
        assertEquals("40 70", f[2] + " " + f[3], "the JVM's default ratios put back");
    }

    /** Allocates as a start does, releases, prints committed heap before and after and the ratios after. */
    public static final class Child {
        public static void main(String[] args) {
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                garbage.add(new byte[1 << 20]);
                if (garbage.size() == 40) {
                    garbage.clear();
                }
            }
            garbage.clear();
            StartupHeapRelease.Result r = StartupHeapRelease.run();
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            System.out.println(r.committedBefore() + " " + r.committedAfter() + " "
                    + hs.getVMOption("MinHeapFreeRatio").getValue() + " " + hs.getVMOption("MaxHeapFreeRatio").getValue());
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
