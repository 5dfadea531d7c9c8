package dev.signet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Db;
import dev.signet.support.Http;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LinkUseLog} when PostgreSQL does not take its writes: past {@code signet.links.log-backlog-max} uses waiting,
 * a use is refused with 503 (not redirected unlogged, not queued), and the uses waiting survive a lost connection
 * (retried on a new one, each logged once).
 */
@QuarkusTest
@TestProfile(LinkUseLogBacklogTest.SmallBacklog.class)
class LinkUseLogBacklogTest {

    private static final HttpClient NOT_FOLLOWING =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String WAITING_LOG_STATEMENT = "FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND query LIKE '%INSERT INTO link_uses (link_id, at,%'";

    public static class SmallBacklog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.links.log-backlog-max", "2");
        }
    }

    @Test
    void pastTheBacklogAUseIsRefusedAndTheWaitingOnesSurviveALostConnection() throws Exception {
        LinkTest.Scene s = LinkTest.scene("backlog.bin", Http.bytes(10));
        JsonPath link = LinkTest.link(s, null);
        String url = LinkTest.url(link);
        try (Connection lock = Db.connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                // reads go on; the log's INSERT waits
                st.execute("LOCK TABLE link_uses IN SHARE ROW EXCLUSIVE MODE");
            }
            assertEquals(302, LinkTest.get(NOT_FOLLOWING, url).statusCode());
            assertEquals(302, LinkTest.get(NOT_FOLLOWING, url).statusCode());
            HttpResponse<byte[]> refused = LinkTest.get(NOT_FOLLOWING, url);
            LinkTest.assertError(refused, 503, "service_unavailable");
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());

            // the statement writing the first use waits for the lock: its connection is lost
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Db.count("SELECT count(*) " + WAITING_LOG_STATEMENT) == 0) {
                assertTrue(System.nanoTime() < deadline, "the log's statement never waited for the lock");
                Thread.sleep(10);
            }
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) " + WAITING_LOG_STATEMENT + ") x"));
            lock.rollback();
        }
        // retried on a new connection a second later: both uses logged, once each; the refused one is not
        LinkTest.settled();
        List<Map<String, Object>> uses = LinkTest.uses(s, link.getString("id"));
        assertEquals(
                List.of("redirected", "redirected"),
                uses.stream().map(u -> u.get("outcome")).toList());
        assertEquals(
                2, Db.count("SELECT sum(uses) FROM link_use_counts WHERE link_id = ?::uuid", link.getString("id")));
        // and the log goes on
        assertEquals(302, LinkTest.get(NOT_FOLLOWING, url).statusCode());
        assertEquals(3, LinkTest.uses(s, link.getString("id")).size());
    }
}
