package org.panjereh.core.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for a durable store: callers that write at the same moment share one transaction, and each returns
 * only once the transaction holding its item has committed. No thread of its own: the first waiting caller writes
 * everything queued so far (up to {@code maxBatch}) while the others queue behind it; when it is done, the next
 * caller whose item is still unwritten writes the next batch. One caller alone writes its item at once, as a plain
 * write would.
 *
 * <p>Why: a store that makes each commit durable (H2 with {@code WRITE_DELAY=0}, PostgreSQL) serialises commits, so
 * under concurrent load one commit per item bounds throughput by the disk; one per batch does not.
 *
 * @param <T> what is written
 * @param <R> what each caller learns of its item (for example, whether a key was new)
 */
public final class GroupCommit<T, R> {

    /**
     * Writes a batch in one transaction.
     *
     * @param <T> what is written
     * @param <R> each item's result
     */
    @FunctionalInterface
    public interface Writer<T, R> {
        /**
         * @param items the batch, in arrival order
         * @return one result per item, in the same order
         * @throws RuntimeException when the batch could not be written: every caller of the batch gets it
         */
        List<R> write(List<T> items);
    }

    private static final class Pending<T, R> {
        final T item;
        boolean done;
        R result;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final Writer<T, R> writer;
    private final int maxBatch;

    /**
     * @param writer   writes a batch in one transaction
     * @param maxBatch the most items in one transaction
     */
    public GroupCommit(Writer<T, R> writer, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    /**
     * Writes one item, with whatever other callers are writing at the same moment.
     *
     * @param item the item
     * @return its result, once its transaction committed
     * @throws RuntimeException what the writer threw for its batch
     */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item);
        queue.add(mine);
        lock.lock();
        try {
            // Fields of Pending are written and read under the lock only.
            while (!mine.done) {
                List<Pending<T, R>> batch = new ArrayList<>();
                Pending<T, R> next;
                while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    throw new IllegalStateException("A group commit lost an item: it is neither queued nor written");
                }
                writeBatch(batch);
            }
            if (mine.failure != null) {
                throw mine.failure;
            }
            return mine.result;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many items wait for a writer (for tests and metrics) */
    int waiting() {
        return queue.size();
    }

    private void writeBatch(List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item));
        try {
            List<R> results = writer.write(items);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("A group commit's writer returned " + results.size() + " results for "
                        + batch.size() + " items");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results.get(i);
                batch.get(i).done = true;
            }
        } catch (RuntimeException e) {
            fail(batch, e);
        } catch (Error e) {
            fail(batch, new IllegalStateException("A group commit's writer failed: " + e, e));
            throw e;
        }
    }

    private void fail(List<Pending<T, R>> batch, RuntimeException e) {
        for (Pending<T, R> p : batch) {
            p.failure = e;
            p.done = true;
        }
    }
}
