package org.panjereh.gateway;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter;

/**
 * With {@code gateway.log.json=true} ({@code --json-logs}) the console writes one JSON object per line
 * (timestamp, level, logger, message, the MDC with {@code traceId}/{@code spanId} when tracing is on, and
 * exceptions as fields), so a log system indexes error ids and trace ids without parsing text. It is
 * JBoss LogManager's own JSON formatter, set on Quarkus' console handler as the application starts.
 */
@Singleton
public class JsonLogs {

    private final boolean json = GatewaySettings.current().jsonLogs();

    void start(@Observes @Priority(0) StartupEvent e) {
        if (json) {
            for (Handler h : Logger.getLogger("").getHandlers()) {
                useJson(h);
            }
        }
    }

    private static void useJson(Handler h) {
        if (h instanceof org.jboss.logmanager.handlers.ConsoleHandler) {
            JsonFormatter f = new JsonFormatter();
            f.setExceptionOutputType(StructuredFormatter.ExceptionOutputType.DETAILED);
            h.setFormatter(f);
        }
        if (h instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                useJson(child);
            }
        }
    }
}
