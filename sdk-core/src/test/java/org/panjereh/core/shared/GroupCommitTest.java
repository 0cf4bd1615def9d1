package org.panjereh.core.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Callers writing at once share transactions; each gets its own item's result, or its batch's failure. */
class GroupCommitTest {

    @Test
    void oneCallerAloneWritesItsItemAtOnce() {
        List<List<Integer>> batches = new ArrayList<>();
        GroupCommit<Integer, Integer> g = new GroupCommit<>(items -> {
            batches.add(List.copyOf(items));
            return items.stream().map(i -> i * 10).toList();
        }, 8);
        assertEquals(30, g.submit(3));
        assertEquals(List.of(List.of(3)), batches);
    }

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatchWriting = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        GroupCommit<Integer, Integer> g = new GroupCommit<>(items -> {
            sizes.add(items.size());
            if (sizes.size() == 1) {
                firstBatchWriting.countDown();
                try {
                    othersQueued.await(); // the first writer holds its transaction open until the rest have queued
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return items.stream().map(i -> -i).toList();
        }, 5);
        ExecutorService pool = Executors.newFixedThreadPool(13);
        try {
            Future<Integer> first = pool.submit(() -> g.submit(0));
            firstBatchWriting.await();
            List<Future<Integer>> rest = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                int n = i;
                rest.add(pool.submit(() -> g.submit(n)));
            }
            while (g.waiting() < 12) {
                Thread.onSpinWait();
            }
            othersQueued.countDown();
            assertEquals(0, first.get());
            for (int i = 1; i <= 12; i++) {
                assertEquals(-i, rest.get(i - 1).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, sizes.get(0));
        assertEquals(13, sizes.stream().mapToInt(Integer::intValue).sum(), "every item written once: " + sizes);
        assertTrue(sizes.size() <= 4, "12 queued items go in batches of at most 5, not one by one: " + sizes);
        assertTrue(sizes.stream().allMatch(s -> s <= 5), sizes.toString());
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheNextBatchIsWrittenAfresh() {
        RuntimeException down = new IllegalStateException("store down");
        int[] calls = {0};
        GroupCommit<String, String> g = new GroupCommit<>(items -> {
            if (calls[0]++ == 0) {
                throw down;
            }
            return items;
        }, 4);
        assertSame(down, assertThrows(IllegalStateException.class, () -> g.submit("a")));
        assertEquals("b", g.submit("b"));
    }

    @Test
    void aWriterReturningTheWrongNumberOfResultsIsAFailureNotAHang() {
        GroupCommit<String, String> g = new GroupCommit<>(items -> List.of(), 4);
        assertThrows(IllegalStateException.class, () -> g.submit("a"));
    }
}
