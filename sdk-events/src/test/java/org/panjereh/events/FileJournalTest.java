package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.events.internal.FileJournal;

class FileJournalTest {

    @TempDir
    Path dir;

    static OutboxRecord rec(String key, String tag, int i) {
        return new OutboxRecord(UUID.randomUUID(), "event", key, tag, Instant.ofEpochMilli(1_700_000_000_000L + i),
                ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    static Path onlySegment(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }

    @Test
    void appendClaimAcknowledgeAndRecover() {
        List<OutboxRecord> all = new ArrayList<>();
        try (Outbox o = Outbox.fileJournal(dir)) {
            for (int i = 0; i < 10; i++) {
                all.add(rec("T" + (i % 3), "t" + i, i));
            }
            o.append(all);
            assertEquals(10, o.pendingCount());
            List<OutboxRecord> claimed = o.claim(4, Duration.ofMinutes(1));
            assertEquals(all.subList(0, 4), claimed);
            o.acknowledge(List.of(claimed.get(0).id(), claimed.get(1).id()));
            assertEquals(8, o.pendingCount());
            assertEquals("t9", o.lastTag("T0").orElseThrow());
        }
        try (Outbox o = Outbox.fileJournal(dir)) {
            assertEquals(8, o.pendingCount(), "acknowledgements survive a restart");
            List<OutboxRecord> again = o.claim(100, Duration.ofMinutes(1));
            assertEquals(all.subList(2, 10), again, "order and bytes survive a restart; claims do not");
            assertEquals(all.get(2).createdAt(), o.oldestPending().orElseThrow());
            assertEquals("t8", o.lastTag("T2").orElseThrow());
            assertTrue(o.lastTag("nope").isEmpty());
        }
    }

    @Test
    void aClaimedKeyBlocksItsLaterRecordsUntilSettledOrReleased() {
        try (Outbox o = Outbox.fileJournal(dir)) {
            OutboxRecord a1 = rec("A", "started", 1);
            OutboxRecord b1 = rec("B", "started", 2);
            OutboxRecord a2 = rec("A", "step", 3);
            o.append(List.of(a1, b1, a2));
            assertEquals(List.of(a1), o.claim(1, Duration.ofMinutes(1)));
            assertEquals(List.of(b1), o.claim(10, Duration.ofMinutes(1)), "a2 waits for a1");
            o.release(List.of(a1.id()));
            assertEquals(List.of(a1, a2), o.claim(10, Duration.ofMinutes(1)));
        }
    }

    @Test
    void tornTailIsTruncatedAtEveryByteBoundary() throws Exception {
        List<OutboxRecord> recs = new ArrayList<>();
        try (Outbox o = Outbox.fileJournal(dir)) {
            for (int i = 0; i < 3; i++) {
                recs.add(rec("K" + i, "started", i));
                o.append(List.of(recs.get(i)));
            }
        }
        Path seg = onlySegment(dir);
        byte[] full = Files.readAllBytes(seg);
        Path two = dir.resolve("two");
        try (Outbox o = FileJournal.open(two, FileJournal.Options.defaults())) {
            o.append(recs.subList(0, 2));
        }
        int lastStart = (int) Files.size(onlySegment(two));
        for (int cut = lastStart; cut < full.length; cut++) {
            Path d = dir.resolve("cut-" + cut);
            Files.createDirectories(d);
            Files.write(d.resolve(seg.getFileName()), java.util.Arrays.copyOf(full, cut));
            try (Outbox o = Outbox.fileJournal(d)) {
                List<OutboxRecord> got = o.claim(10, Duration.ofMinutes(1));
                assertEquals(recs.subList(0, 2), got, "cut at " + cut);
                assertEquals(lastStart, Files.size(d.resolve(seg.getFileName())), "torn bytes removed at " + cut);
                o.append(List.of(recs.get(2)));
            }
            try (Outbox o = Outbox.fileJournal(d)) {
                assertEquals(recs, o.claim(10, Duration.ofMinutes(1)), "appends after recovery are readable, cut " + cut);
            }
        }
    }

    @Test
    void aFlippedByteInTheLastRecordIsATornTail() throws Exception {
        try (Outbox o = Outbox.fileJournal(dir)) {
            o.append(List.of(rec("A", "started", 1)));
            o.append(List.of(rec("B", "started", 2)));
        }
        Path seg = onlySegment(dir);
        byte[] b = Files.readAllBytes(seg);
        b[b.length - 3] ^= 0x40;
        Files.write(seg, b);
        try (Outbox o = Outbox.fileJournal(dir)) {
            assertEquals(1, o.pendingCount());
        }
    }

    @Test
    void corruptionBeforeTheTailStopsTheOpen() throws Exception {
        FileJournal.Options small = FileJournal.Options.defaults().withSegmentBytes(200);
        try (Outbox o = FileJournal.open(dir, small)) {
            for (int i = 0; i < 10; i++) {
                o.append(List.of(rec("K" + i, "started", i)));
            }
        }
        List<Path> segs;
        try (var s = Files.list(dir)) {
            segs = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        assertTrue(segs.size() > 2);
        byte[] b = Files.readAllBytes(segs.get(0));
        b[10] ^= 1;
        Files.write(segs.get(0), b);
        OutboxException e = assertThrows(OutboxException.class, () -> FileJournal.open(dir, small));
        assertTrue(e.getMessage().contains("corrupt"));
        assertFalse(e.isRetryable());
    }

    @Test
    void segmentsRotateAndSettledOnesAreDeletedKeepingTags() throws Exception {
        FileJournal.Options small = FileJournal.Options.defaults().withSegmentBytes(1000);
        List<UUID> ids = new ArrayList<>();
        try (FileJournal o = FileJournal.open(dir, small)) {
            for (int i = 0; i < 100; i++) {
                OutboxRecord r = rec("K" + i, "delivered", i);
                ids.add(r.id());
                o.append(List.of(r));
            }
            int before = o.segments().size();
            assertTrue(before > 5, "rotated into " + before + " segments");
            o.acknowledge(ids.subList(0, 90));
            assertTrue(o.segments().size() < before, "settled segments deleted");
            assertEquals(10, o.pendingCount());
        }
        try (FileJournal o = FileJournal.open(dir, small)) {
            assertEquals(10, o.pendingCount());
            assertEquals("delivered", o.lastTag("K3").orElseThrow(), "tags of deleted segments come from the checkpoint");
            o.acknowledge(ids.subList(90, 100));
            assertEquals(0, o.pendingCount());
        }
    }

    @Test
    void aFullDiskFailsTheWriteAndStoresNothingOfIt() throws Exception {
        AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
        FileJournal.Options failing = FileJournal.Options.defaults().withOpener(f -> new FailingChannel(
                FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), budget));
        OutboxRecord kept = rec("A", "started", 1);
        OutboxRecord lost = rec("B", "started", 2);
        try (Outbox o = FileJournal.open(dir, failing)) {
            o.append(List.of(kept));
            budget.set(10);
            OutboxException e = assertThrows(OutboxException.class, () -> o.append(List.of(lost)));
            assertTrue(e.getMessage().contains("No space left"));
            assertTrue(e.isRetryable());
            assertEquals(1, o.pendingCount(), "the failed record is not pending");
            budget.set(Long.MAX_VALUE);
            OutboxRecord later = rec("C", "started", 3);
            o.append(List.of(later));
            assertEquals(List.of(kept, later), o.claim(10, Duration.ofMinutes(1)));
        }
        try (Outbox o = Outbox.fileJournal(dir)) {
            assertEquals(2, o.pendingCount(), "the partial write was rolled back, not left as garbage");
        }
    }

    @Test
    void concurrentAppendersShareGroupCommits() throws Exception {
        Set<UUID> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Outbox o = Outbox.fileJournal(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        OutboxRecord r = rec("T" + tt, "step", i);
                        o.append(List.of(r));
                        ids.add(r.id());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
        }
        try (Outbox o = Outbox.fileJournal(dir)) {
            List<OutboxRecord> all = o.claim(10_000, Duration.ofMinutes(1));
            assertEquals(2400, all.size());
            Set<UUID> got = new HashSet<>();
            all.forEach(r -> got.add(r.id()));
            assertEquals(ids, got);
        }
    }

    @Test
    void oneOutboxPerDirectory() {
        try (Outbox o = Outbox.fileJournal(dir)) {
            OutboxException e = assertThrows(OutboxException.class, () -> Outbox.fileJournal(dir));
            assertTrue(e.getMessage().contains("in use"));
            assertEquals(0, o.pendingCount(), "the first outbox still works");
        }
    }
}
