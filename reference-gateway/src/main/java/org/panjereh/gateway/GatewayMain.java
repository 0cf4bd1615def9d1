package org.panjereh.gateway;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code java -jar reference-gateway.jar [--platform=URL] [--db=JDBC-URL] [--port=N]}: the options become
 * configuration ({@code panjereh.platform.issuer}, {@code gateway.db}, {@code quarkus.http.port}) before the
 * application starts; everything else is configuration too (docs/live-platform.md).
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
            } else if (a.startsWith("--port=")) {
                System.setProperty("quarkus.http.port", a.substring("--port=".length()));
            } else {
                System.err.println("Unknown option " + a + "; use --platform=URL, --db=JDBC-URL, --port=N");
                System.exit(2);
            }
        }
        Quarkus.run(args);
    }
}
