package org.panjereh.events;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxContractTest extends OutboxContractTest {

    @TempDir
    Path dir;

    JdbcDataSource ds() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("outbox") + ";DB_CLOSE_DELAY=0");
        return ds;
    }

    @Override
    Outbox open() {
        return Outbox.jdbc(ds());
    }

    @Override
    Outbox reopen() {
        return Outbox.jdbc(ds());
    }
}
