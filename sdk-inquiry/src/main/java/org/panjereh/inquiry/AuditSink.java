package org.panjereh.inquiry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.panjereh.core.shared.Json;

/** Where inquiry audit records go (SPI). The defaults write JSON lines. */
@FunctionalInterface
public interface AuditSink {

    /**
     * Records one inquiry's traffic data.
     *
     * @param record the record
     */
    void record(AuditRecord record);

    /**
     * JSON lines appended to a file.
     *
     * @param file the file (created if missing)
     * @return the sink
     */
    static AuditSink jsonLines(Path file) {
        return r -> {
            byte[] line = (new String(Json.write(r), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (AuditSink.class) {
                try {
                    Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the inquiry audit log", e);
                }
            }
        };
    }

    /**
     * A table {@code panjereh_exchange_audit} on H2 or PostgreSQL (created if missing), one row per inquiry with the
     * record's traffic data and no content: what the monthly report's {@code exchange.asked} counts (sdk-reports'
     * {@code JdbcReportSource}), and what an auditor queries.
     *
     * @param dataSource the database
     * @return the sink; a row that cannot be written fails the inquiry's audit with a retryable {@code PanjerehException}
     */
    static AuditSink jdbc(javax.sql.DataSource dataSource) {
        return new org.panjereh.inquiry.internal.JdbcAuditSink(dataSource);
    }

    /** JSON lines to the {@code panjereh.exchange.audit} logger at INFO (the default). */
    static AuditSink logger() {
        System.Logger log = System.getLogger("panjereh.exchange.audit");
        return r -> log.log(System.Logger.Level.INFO, new String(Json.write(r), StandardCharsets.UTF_8));
    }
}
