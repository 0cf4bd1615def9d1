package org.panjereh.events.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.panjereh.core.shared.Json;
import org.panjereh.events.DeadLetter;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.OutboxException;

/** Dead letters as JSON lines, forced on every write; a torn last line is ignored when reading. */
public final class DeadLetterFile implements DeadLetterStore {

    private final Path file;

    /** @param file the file */
    public DeadLetterFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void park(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().toString());
        m.put("kind", d.kind());
        m.put("key", d.key());
        m.put("code", d.code());
        m.put("detail", d.detail());
        m.put("parkedAt", d.parkedAt().toString());
        m.put("payload", d.payload());
        byte[] line = (new String(Json.write(m), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            throw new OutboxException("Cannot park a dead letter in " + file.getFileName() + ": " + e.getMessage(), e, true);
        }
    }

    @Override
    public synchronized List<DeadLetter> list() {
        List<DeadLetter> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    out.add(new DeadLetter(UUID.fromString(n.get("id").asText()), n.get("kind").asText(),
                            n.get("key").asText(), n.get("code").asText(), n.path("detail").asText(null),
                            Instant.parse(n.get("parkedAt").asText()), n.path("payload").asText(null)));
                } catch (IOException | RuntimeException torn) {
                    // a line cut by a crash mid-write: the letter will be parked again on redelivery
                }
            }
        } catch (IOException e) {
            throw new OutboxException("Cannot read dead letters: " + e.getMessage(), e, true);
        }
        return out;
    }

    @Override
    public long count() {
        return list().size();
    }
}
