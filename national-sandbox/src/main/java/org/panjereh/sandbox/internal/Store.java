package org.panjereh.sandbox.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.h2.mvstore.MVStore;

/**
 * Where the sandbox keeps state that must outlive a restart (agencies, keys, tracking ids and
 * timelines, accepted event ids, survey responses, idempotency keys): in memory by default, or in an
 * H2 MVStore file under {@code --data=DIR}. MVStore commits in the background about once a second and
 * on close, so a crash of the sandbox loses at most the last second; a test platform can live with that.
 */
final class Store implements AutoCloseable {

    private final MVStore mv;
    private final ConcurrentMap<String, ConcurrentMap<String, String>> memory = new ConcurrentHashMap<>();

    Store(Path dir) {
        if (dir == null) {
            mv = null;
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
        mv = new MVStore.Builder().fileName(dir.resolve("sandbox.mv.db").toString()).autoCommitBufferSize(1024).open();
    }

    boolean durable() {
        return mv != null;
    }

    /** A named string map, persistent when a data directory was given. */
    ConcurrentMap<String, String> map(String name) {
        if (mv == null) {
            return memory.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
        }
        return mv.openMap(name);
    }

    @Override
    public void close() {
        if (mv != null && !mv.isClosed()) {
            mv.close();
        }
    }
}
