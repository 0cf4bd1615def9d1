package org.panjereh.gateway;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code java -jar reference-gateway.jar [--platform=URL] [--db=JDBC-URL] [--port=N] [--restore=FILE] [--otlp=URL]
 * [--json-logs]}: the options become configuration ({@code panjereh.platform.issuer}, {@code gateway.db},
 * {@code quarkus.http.port}, {@code quarkus.otel.exporter.otlp.endpoint}, {@code gateway.log.json})
 * before the application starts; everything else is configuration too (docs/live-platform.md).
 */
@QuarkusMain
public final class GatewayMain {

    private GatewayMain() {
    }

    /**
     * @param args the options above
     */
    public static void main(String... args) {
        for (String a : args) {
            if (a.startsWith("--platform=")) {
                System.setProperty("panjereh.platform.issuer", a.substring("--platform=".length()));
            } else if (a.startsWith("--db=")) {
                System.setProperty("gateway.db", a.substring("--db=".length()));
            } else if (a.startsWith("--restore=")) {
                // Before the application opens the store: unpack the snapshot into the (empty) data directory.
                java.nio.file.Path dataDir = java.nio.file.Path.of(System.getProperty(DataDir.KEY,
                        System.getenv().getOrDefault("GATEWAY_DATA_DIR", DataDir.DEFAULT)));
                Store.restore(java.nio.file.Path.of(a.substring("--restore=".length())), dataDir);
                System.out.println("Restored " + a.substring("--restore=".length()) + " into " + dataDir);
            } else if (a.startsWith("--otlp=")) {
                System.setProperty("quarkus.otel.exporter.otlp.endpoint", a.substring("--otlp=".length()));
                System.setProperty("quarkus.otel.sdk.disabled", "false");
            } else if (a.equals("--json-logs")) {
                System.setProperty("gateway.log.json", "true");
            } else if (a.startsWith("--port=")) {
                System.setProperty("quarkus.http.port", a.substring("--port=".length()));
            } else {
                System.err.println("Unknown option " + a + "; use --platform=URL, --db=JDBC-URL, --port=N, --restore=FILE,"
                        + " --otlp=URL, --json-logs");
                System.exit(2);
            }
        }
        Quarkus.run(args);
    }
}
