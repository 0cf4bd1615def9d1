package org.panjereh.events;

import java.nio.file.Path;
import java.util.List;
import org.panjereh.events.internal.DeadLetterFile;

/** Where refused records are parked, with their reason (SPI; JSON lines on disk by default). */
public interface DeadLetterStore {

    /**
     * Parks a refused record durably.
     *
     * @param letter the record and why it was refused
     */
    void park(DeadLetter letter);

    /** Everything parked, oldest first. */
    List<DeadLetter> list();

    /** How many are parked. */
    long count();

    /**
     * A JSON-lines file, appended and forced on every park.
     *
     * @param file the file (created if missing)
     * @return the store
     */
    static DeadLetterStore jsonLines(Path file) {
        return new DeadLetterFile(file);
    }
}
