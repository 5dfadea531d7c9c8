package dev.signet.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Direct reads and writes on the test database, to check what a request did or did not store. */
public final class Db {

    private Db() {}

    private static DataSource dataSource() {
        return LocalStackResource.stack().postgres().getDatabase("postgres", dev.signet.localstack.LocalStack.DATABASE);
    }

    /** A connection of its own, e.g. to hold a lock across requests. */
    public static Connection connect() {
        try {
            return dataSource().getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... args) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = prepare(c, sql, args);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String string(String sql, Object... args) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = prepare(c, sql, args);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... args) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code sql} in a transaction left open, so the locks it took are held until the returned handle
     * is closed (which rolls back).
     */
    public static AutoCloseable inOpenTransaction(String sql, Object... args) {
        try {
            Connection c = dataSource().getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement s = prepare(c, sql, args)) {
                s.execute();
            }
            return () -> {
                c.rollback();
                c.close();
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows in every table, to show a rejected request changed nothing. */
    public static String snapshot() {
        return count("SELECT count(*) FROM teams") + "/" + count("SELECT count(*) FROM memberships") + "/"
                + count("SELECT count(*) FROM api_keys") + "/" + count("SELECT count(*) FROM workflows") + "/"
                + count("SELECT count(*) FROM assets") + "/"
                + count("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL");
    }

    /**
     * A digest of every row of every table: equal before and after means nothing at all was written. Of the
     * webhook tables it takes what only a request writes (a webhook's url, events and description; which
     * deliveries exist, made by an asset's change or a re-send), not what the dispatcher updates on its own
     * (states, failure counts, attempts).
     */
    public static String fingerprint() {
        return string("""
                SELECT md5(concat_ws('|',
                  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM teams t),
                  (SELECT string_agg(m::text, ',' ORDER BY m.team_id, m.user_id) FROM memberships m),
                  (SELECT string_agg(k::text, ',' ORDER BY k.id) FROM api_keys k),
                  (SELECT string_agg(w::text, ',' ORDER BY w.id) FROM workflows w),
                  (SELECT string_agg(a::text, ',' ORDER BY a.id) FROM assets a),
                  (SELECT string_agg(u::text, ',' ORDER BY u::text) FROM asset_usage u),
                  (SELECT string_agg(concat_ws(';', h.id, h.url, h.events, h.description), ',' ORDER BY h.id)
                   FROM webhooks h),
                  (SELECT string_agg(e.id::text, ',' ORDER BY e.seq) FROM asset_events e),
                  (SELECT string_agg(d.id::text, ',' ORDER BY d.seq) FROM webhook_deliveries d),
                  (SELECT string_agg(l::text, ',' ORDER BY l.id) FROM download_links l),
                  (SELECT string_agg(c::text, ',' ORDER BY c.link_id, c.shard) FROM link_use_counts c),
                  (SELECT string_agg(u::text, ',' ORDER BY u.id) FROM link_uses u)))""");
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }
}
