package org.panjereh.events.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.panjereh.events.Outbox;
import org.panjereh.events.OutboxException;
import org.panjereh.events.OutboxRecord;

/**
 * The embedded outbox: an append-only journal of checksummed records in numbered segment files.
 *
 * <p>Record layout: {@code [u32 length][u32 CRC32C of body][body]}; body {@code [u8 op]…} where op 1
 * appends a record and op 2 acknowledges ids. One writer thread takes every waiting write, writes them
 * and calls {@code force} once (group commit), then answers all the callers: {@code append} returns
 * only after its bytes are on disk. Recovery replays the segments; a bad record in the last segment
 * is a torn tail from a crash mid-write, never acknowledged to anyone, and is truncated away; a bad
 * record in an older segment is corruption and stops the open. Segments whose records are all
 * acknowledged are deleted, oldest first, after the per-key tags are checkpointed.
 *
 * <p>Why this class is long: the writer, the recovery and the segment cleanup share the record layout and the segment
 * files; split apart, each would need the others' invariants spelled out again.
 */
public final class FileJournal implements Outbox {

    /** Opens segment files; tests substitute one that fails like a full disk. */
    @FunctionalInterface
    public interface ChannelOpener {
        /**
         * @param file segment file
         * @return an open channel for reading and appending
         * @throws IOException on failure
         */
        FileChannel open(Path file) throws IOException;
    }

    /**
     * Tuning.
     *
     * @param segmentBytes rotate segments past this size
     * @param maxGroup     most writes in one group commit
     * @param opener       how segment files are opened
     * @param clock        clock for claim leases
     */
    public record Options(long segmentBytes, int maxGroup, ChannelOpener opener, Clock clock) {
        /** 64 MiB segments, groups of up to 4096 writes, real files, the system clock. */
        public static Options defaults() {
            return new Options(64L << 20, 4096, f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), Clock.systemUTC());
        }

        /**
         * @param bytes segment size
         * @return a copy with another segment size
         */
        public Options withSegmentBytes(long bytes) {
            return new Options(bytes, maxGroup, opener, clock);
        }

        /**
         * @param o channel opener
         * @return a copy with another opener
         */
        public Options withOpener(ChannelOpener o) {
            return new Options(segmentBytes, maxGroup, o, clock);
        }
    }

    static final int MAX_RECORD = 16 << 20;
    private static final byte OP_APPEND = 1;
    private static final byte OP_ACK = 2;
    private static final String SUFFIX = ".seg";

    private record Pending(OutboxRecord record, long segment) {
    }

    /** One caller's write: encoded records and what to do once they are durable. */
    private static final class Write {
        final List<ByteBuffer> buffers;
        final List<OutboxRecord> appends;
        final Collection<UUID> acks;
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] segments;

        Write(List<ByteBuffer> buffers, List<OutboxRecord> appends, Collection<UUID> acks) {
            this.buffers = buffers;
            this.appends = appends;
            this.acks = acks;
        }
    }

    private static final Write STOP = new Write(List.of(), List.of(), List.of());

    private final Path dir;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    // Guarded by this.
    private final LinkedHashMap<UUID, Pending> pending = new LinkedHashMap<>();
    private final TreeMap<Long, Integer> liveBySegment = new TreeMap<>();
    private final Map<String, String> tags = new HashMap<>();
    private final Map<UUID, Instant> claims = new HashMap<>();

    // Owned by the writer thread after open.
    private volatile long segment;
    private FileChannel channel;
    private volatile IOException broken;
    private volatile boolean closed;

    private FileJournal(Path dir, Options options) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new OutboxException("Outbox directory " + dir + " is in use by another process or outbox", null, false);
        }
        lock = l;
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
        writer = new Thread(this::writeLoop, "panjereh-outbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens (and recovers) the journal in a directory.
     *
     * @param dir     directory
     * @param options tuning
     * @return the journal
     */
    public static FileJournal open(Path dir, Options options) {
        try {
            return new FileJournal(dir, options);
        } catch (IOException e) {
            throw new OutboxException("Cannot open the outbox journal in " + dir + ": " + e.getMessage(), e, false);
        }
    }

    // ---- Recovery --------------------------------------------------------------------------------

    private void recover() throws IOException {
        readCheckpoint();
        List<Long> segments = listSegments();
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            replay(segments.get(i), last);
        }
        segment = segments.isEmpty() ? 1 : segments.get(segments.size() - 1);
        channel = options.opener().open(segmentFile(segment));
        channel.position(channel.size());
        cleanup();
    }

    private List<Long> listSegments() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{20}\\" + SUFFIX))
                    .forEach(n -> out.add(Long.parseLong(n.substring(0, 20))));
        }
        out.sort(null);
        return out;
    }

    private Path segmentFile(long n) {
        return dir.resolve(String.format("%020d%s", n, SUFFIX));
    }

    private void replay(long seg, boolean last) throws IOException {
        Path file = segmentFile(seg);
        byte[] data = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.remaining() > 0) {
            int start = b.position();
            String bad = null;
            if (b.remaining() < 8) {
                bad = "incomplete header";
            } else {
                int len = b.getInt();
                int crc = b.getInt();
                if (len <= 0 || len > MAX_RECORD) {
                    bad = "impossible length " + len;
                } else if (b.remaining() < len) {
                    bad = "incomplete body";
                } else {
                    CRC32C c = new CRC32C();
                    c.update(data, b.position(), len);
                    if ((int) c.getValue() != crc) {
                        bad = "checksum mismatch";
                    } else {
                        ByteBuffer body = ByteBuffer.wrap(data, b.position(), len).slice();
                        b.position(b.position() + len);
                        apply(body, seg);
                        continue;
                    }
                }
            }
            if (!last) {
                throw new OutboxException("Outbox segment " + file.getFileName() + " is corrupt at byte " + start + " ("
                        + bad + "); it was complete when written, so this is damage, not a crash", null, false);
            }
            // A torn tail: the write of this group never completed, so nobody was told it was stored.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(start);
                ch.force(true);
            }
            return;
        }
    }

    private void apply(ByteBuffer body, long seg) {
        byte op = body.get();
        if (op == OP_APPEND) {
            OutboxRecord r = decodeAppend(body);
            pending.put(r.id(), new Pending(r, seg));
            liveBySegment.merge(seg, 1, Integer::sum);
            if (!r.tag().isEmpty()) {
                tags.put(r.key(), r.tag());
            }
        } else if (op == OP_ACK) {
            int n = body.getInt();
            for (int i = 0; i < n; i++) {
                settle(new UUID(body.getLong(), body.getLong()));
            }
        } else {
            throw new OutboxException("Unknown journal operation " + op, null, false);
        }
    }

    private void settle(UUID id) {
        Pending p = pending.remove(id);
        claims.remove(id);
        if (p != null) {
            liveBySegment.merge(p.segment(), -1, Integer::sum);
        }
    }

    // ---- Encoding --------------------------------------------------------------------------------

    private static ByteBuffer frame(ByteBuffer body) {
        body.flip();
        CRC32C c = new CRC32C();
        c.update(body.duplicate());
        ByteBuffer f = ByteBuffer.allocate(8 + body.remaining());
        f.putInt(body.remaining()).putInt((int) c.getValue()).put(body).flip();
        return f;
    }

    static ByteBuffer encodeAppend(OutboxRecord r) {
        byte[] kind = r.kind().getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
        byte[] tag = r.tag().getBytes(StandardCharsets.UTF_8);
        int len = 1 + 16 + 8 + 2 + kind.length + 2 + key.length + 2 + tag.length + 4 + r.payload().length;
        if (len > MAX_RECORD) {
            throw new OutboxException("Record of " + len + " bytes is over the 16 MiB limit", null, false);
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(OP_APPEND).putLong(r.id().getMostSignificantBits()).putLong(r.id().getLeastSignificantBits())
                .putLong(r.createdAt().toEpochMilli())
                .putShort((short) kind.length).put(kind).putShort((short) key.length).put(key)
                .putShort((short) tag.length).put(tag).putInt(r.payload().length).put(r.payload());
        return frame(b);
    }

    private static OutboxRecord decodeAppend(ByteBuffer b) {
        UUID id = new UUID(b.getLong(), b.getLong());
        Instant created = Instant.ofEpochMilli(b.getLong());
        String kind = str(b, b.getShort() & 0xffff);
        String key = str(b, b.getShort() & 0xffff);
        String tag = str(b, b.getShort() & 0xffff);
        byte[] payload = new byte[b.getInt()];
        b.get(payload);
        return new OutboxRecord(id, kind, key, tag, created, payload);
    }

    private static String str(ByteBuffer b, int n) {
        byte[] x = new byte[n];
        b.get(x);
        return new String(x, StandardCharsets.UTF_8);
    }

    static ByteBuffer encodeAck(Collection<UUID> ids) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 16 * ids.size());
        b.put(OP_ACK).putInt(ids.size());
        for (UUID id : ids) {
            b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        }
        return frame(b);
    }

    // ---- Writing ---------------------------------------------------------------------------------

    private void submit(Write w) {
        if (closed) {
            throw new OutboxException("The outbox is closed", null, false);
        }
        IOException b = broken;
        if (b != null) {
            throw new OutboxException("The outbox journal failed earlier and is read-only until reopened: " + b.getMessage(),
                    b, false);
        }
        queue.add(w);
        try {
            w.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxException("Interrupted while waiting for the outbox write; it may or may not be stored", e, true);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof OutboxException oe ? oe
                    : new OutboxException("Outbox write failed: " + c.getMessage(), c, true);
        }
    }

    private void writeLoop() {
        List<Write> group = new ArrayList<>();
        while (true) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(group, options.maxGroup() - 1);
            boolean stop = group.remove(STOP);
            if (!group.isEmpty()) {
                commit(group);
            }
            if (stop) {
                failAll(new OutboxException("The outbox is closed", null, false));
                return;
            }
        }
    }

    private void commit(List<Write> group) {
        long startSegment = segment;
        long startPos = -1;
        try {
            startPos = channel.position();
            for (Write w : group) {
                w.segments = new long[w.buffers.size()];
                for (int i = 0; i < w.buffers.size(); i++) {
                    ByteBuffer buf = w.buffers.get(i);
                    if (channel.position() > 0 && channel.position() + buf.remaining() > options.segmentBytes()) {
                        rotate();
                    }
                    w.segments[i] = segment;
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                }
            }
            channel.force(false);
        } catch (IOException e) {
            // Undo the partial group so that later appends do not follow garbage; if even that fails, stop.
            try {
                if (segment == startSegment && startPos >= 0) {
                    channel.truncate(startPos);
                    channel.position(startPos);
                    channel.force(false);
                } else {
                    broken = e;
                }
            } catch (IOException e2) {
                broken = e;
            }
            OutboxException failure = new OutboxException("Could not write the outbox journal (" + e.getMessage()
                    + "); nothing of this write was stored", e, true);
            for (Write w : group) {
                w.done.completeExceptionally(failure);
            }
            return;
        }
        synchronized (this) {
            for (Write w : group) {
                for (int i = 0; i < w.appends.size(); i++) {
                    OutboxRecord r = w.appends.get(i);
                    pending.put(r.id(), new Pending(r, w.segments[i]));
                    liveBySegment.merge(w.segments[i], 1, Integer::sum);
                    if (!r.tag().isEmpty()) {
                        tags.put(r.key(), r.tag());
                    }
                }
                for (UUID id : w.acks) {
                    settle(id);
                }
            }
        }
        for (Write w : group) {
            w.done.complete(w.segments);
        }
    }

    private void rotate() throws IOException {
        channel.force(false);
        channel.close();
        segment++;
        channel = options.opener().open(segmentFile(segment));
        channel.position(channel.size());
        forceDirectory();
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot sync a directory; the segment's own fsync still holds its data.
        }
    }

    private void failAll(OutboxException e) {
        Write w;
        while ((w = queue.poll()) != null) {
            w.done.completeExceptionally(e);
        }
    }

    // ---- Outbox ----------------------------------------------------------------------------------

    @Override
    public void append(List<OutboxRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<ByteBuffer> buffers = new ArrayList<>(records.size());
        for (OutboxRecord r : records) {
            buffers.add(encodeAppend(r));
        }
        submit(new Write(buffers, List.copyOf(records), List.of()));
    }

    @Override
    public synchronized List<OutboxRecord> claim(int max, Duration lease) {
        Instant now = options.clock().instant();
        List<OutboxRecord> out = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        for (Pending p : pending.values()) {
            if (out.size() >= max) {
                break;
            }
            OutboxRecord r = p.record();
            if (blocked.contains(r.key())) {
                continue;
            }
            Instant until = claims.get(r.id());
            if (until != null && now.isBefore(until)) {
                blocked.add(r.key());
                continue;
            }
            out.add(r);
        }
        Instant until = now.plus(lease);
        for (OutboxRecord r : out) {
            claims.put(r.id(), until);
        }
        return out;
    }

    @Override
    public void acknowledge(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<UUID> list = List.copyOf(ids);
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < list.size(); i += 100_000) {
            buffers.add(encodeAck(list.subList(i, Math.min(list.size(), i + 100_000))));
        }
        submit(new Write(buffers, List.of(), list));
        cleanup();
    }

    @Override
    public synchronized void release(Collection<UUID> ids) {
        for (UUID id : ids) {
            claims.remove(id);
        }
    }

    @Override
    public synchronized Optional<String> lastTag(String key) {
        return Optional.ofNullable(tags.get(key));
    }

    @Override
    public synchronized long pendingCount() {
        return pending.size();
    }

    @Override
    public synchronized Optional<Instant> oldestPending() {
        Iterator<Pending> it = pending.values().iterator();
        return it.hasNext() ? Optional.of(it.next().record().createdAt()) : Optional.empty();
    }

    /** Segment numbers currently on disk, for tests and diagnostics. */
    public List<Long> segments() {
        try {
            return listSegments();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Deletes fully acknowledged segments, oldest first, never the one being written. */
    private void cleanup() {
        List<Long> deletable = new ArrayList<>();
        Map<String, String> snapshot;
        synchronized (this) {
            try {
                for (long s : listSegments()) {
                    if (s >= segment || liveBySegment.getOrDefault(s, 0) > 0) {
                        break;
                    }
                    deletable.add(s);
                }
            } catch (IOException e) {
                return;
            }
            if (deletable.isEmpty()) {
                return;
            }
            snapshot = new HashMap<>(tags);
            for (long s : deletable) {
                liveBySegment.remove(s);
            }
        }
        try {
            writeCheckpoint(snapshot);
            for (long s : deletable) {
                Files.deleteIfExists(segmentFile(s));
            }
            forceDirectory();
        } catch (IOException e) {
            // Keeping a segment longer than needed loses nothing; the next cleanup tries again.
        }
    }

    private void writeCheckpoint(Map<String, String> snapshot) throws IOException {
        List<byte[]> parts = new ArrayList<>(snapshot.size() * 2);
        int size = 4;
        for (Map.Entry<String, String> e : snapshot.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            parts.add(k);
            parts.add(v);
            size += 4 + k.length + v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(snapshot.size());
        for (byte[] p : parts) {
            b.putShort((short) p.length).put(p);
        }
        ByteBuffer framed = frame(b);
        Path tmp = dir.resolve("tags.chk.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (framed.hasRemaining()) {
                ch.write(framed);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve("tags.chk"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve("tags.chk"), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    private void readCheckpoint() throws IOException {
        Path f = dir.resolve("tags.chk");
        if (!Files.exists(f)) {
            return;
        }
        byte[] data = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(data);
        int len = b.getInt();
        int crc = b.getInt();
        CRC32C c = new CRC32C();
        c.update(data, 8, data.length - 8);
        if (len != data.length - 8 || (int) c.getValue() != crc) {
            throw new OutboxException("Outbox checkpoint tags.chk is damaged", null, false);
        }
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            String k = str(b, b.getShort() & 0xffff);
            tags.put(k, str(b, b.getShort() & 0xffff));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            // Everything acknowledged was forced already.
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock dies with the process anyway
        }
    }
}
