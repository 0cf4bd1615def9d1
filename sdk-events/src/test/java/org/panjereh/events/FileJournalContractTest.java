package org.panjereh.events;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileJournalContractTest extends OutboxContractTest {

    @TempDir
    Path dir;

    @Override
    Outbox open() {
        return Outbox.fileJournal(dir);
    }

    @Override
    Outbox reopen() {
        return Outbox.fileJournal(dir);
    }
}
