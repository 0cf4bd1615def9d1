package org.panjereh.gateway;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Optional;

/**
 * Gives the memory the start left behind back to the operating system, once, before the gateway reports ready.
 * <p>
 * Starting allocates several times what stays live (classes read from the jar, the embedded sandbox's set-up, the
 * database, Bouncy Castle's tables); by then G1 has grown its young generation, and every region it touched stays in
 * the process' resident memory although almost nothing in it is still in use. One full collection with the JVM's own
 * manageable {@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio} set low for its duration compacts what is live and
 * lets G1 uncommit the rest; both values are put back at once, so every later collection follows the JVM's defaults
 * or the operator's flags. This is JEP 346's idea (return unused committed memory) done at the one moment it is known
 * to pay off, and the heap grows again as load asks for it.
 * <p>
 * Skipped, with the reason, when the JVM is not HotSpot, when explicit collections are disabled
 * ({@code -XX:+DisableExplicitGC}) or when the ratios cannot be changed.
 */
final class StartupHeapRelease {

    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";

    /** The heap after the collection keeps at most this share free; G1 uncommits the rest. */
    static final int FREE_PERCENT_KEPT = 10;

    /**
     * What one release did.
     *
     * @param committedBefore heap committed before, bytes
     * @param committedAfter  heap committed after, bytes
     * @param millis          how long the collection took
     */
    record Result(long committedBefore, long committedAfter, long millis) {
        @Override
        public String toString() {
            return "heap committed " + (committedBefore >> 20) + " MB -> " + (committedAfter >> 20) + " MB in "
                    + millis + " ms";
        }
    }

    private StartupHeapRelease() {
    }

    /**
     * @return why the release cannot run in this JVM, or empty when it can
     */
    static Optional<String> unavailable() {
        HotSpotDiagnosticMXBean hs = hotSpot();
        if (hs == null) {
            return Optional.of("not a HotSpot JVM");
        }
        if (Boolean.parseBoolean(hs.getVMOption("DisableExplicitGC").getValue())) {
            return Optional.of("explicit collections are disabled (-XX:+DisableExplicitGC)");
        }
        if (!hs.getVMOption(MIN).isWriteable() || !hs.getVMOption(MAX).isWriteable()) {
            return Optional.of("the heap free ratios cannot be changed at run time");
        }
        return Optional.empty();
    }

    /**
     * Runs the release: the ratios lowered, one full collection, the ratios put back as they were.
     *
     * @return what it did
     * @throws IllegalStateException when {@link #unavailable()} says why it cannot run
     */
    static Result run() {
        unavailable().ifPresent(why -> {
            throw new IllegalStateException("Cannot release the heap: " + why);
        });
        HotSpotDiagnosticMXBean hs = hotSpot();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        VMOption min = hs.getVMOption(MIN);
        VMOption max = hs.getVMOption(MAX);
        long before = memory.getHeapMemoryUsage().getCommitted();
        long t0 = System.nanoTime();
        try {
            // The JVM keeps Min <= Max at every step: lower Min first, raise it last.
            hs.setVMOption(MIN, "0");
            hs.setVMOption(MAX, Integer.toString(FREE_PERCENT_KEPT));
            System.gc();
        } finally {
            hs.setVMOption(MAX, max.getValue());
            hs.setVMOption(MIN, min.getValue());
        }
        return new Result(before, memory.getHeapMemoryUsage().getCommitted(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static HotSpotDiagnosticMXBean hotSpot() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (IllegalArgumentException | LinkageError e) {
            return null; // no com.sun.management in this runtime
        }
    }
}
