package org.panjereh.core.shared;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The JDBC pieces every durable store of the SDK needs (H2 and PostgreSQL): one transaction around a unit of work,
 * committed or rolled back whatever the pool's auto-commit setting, and whether a table exists. Not API.
 */
public final class Jdbc {

    private Jdbc() {
    }

    /**
     * A unit of work on one connection.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param c the connection, auto-commit off
         * @return the result
         * @throws SQLException to roll back
         */
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws; the connection's
     * auto-commit setting is given back to the pool as it was.
     *
     * @param ds   the database
     * @param work what to do
     * @param <T>  its result
     * @return what the work returned
     * @throws SQLException what the work or the commit threw, after the rollback
     */
    public static <T> T inTransaction(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * @param c     a connection
     * @param table an unquoted table name
     * @return whether the table exists (H2 keeps unquoted names in upper case, PostgreSQL in lower case)
     * @throws SQLException when the catalogue cannot be read
     */
    public static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData m = c.getMetaData();
        for (String name : new String[] {table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = m.getTables(null, null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
