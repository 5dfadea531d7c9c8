package dev.signet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.link.LinkRepository.LoggedUse;
import dev.signet.support.Db;
import dev.signet.support.Http;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The uses of links without {@code max_uses} are logged right behind their answers ({@link LinkUseLog}): with the
 * time they were decided, skipping a link deleted meanwhile ({@link LinkLogBeforeRedirectTest}: the setting that
 * logs every use before its answer).
 */
@QuarkusTest
class LinkUseLogTest {

    private static final HttpClient NOT_FOLLOWING =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    LinkRepository links;

    @Test
    void aUseIsLoggedWithTheTimeItWasDecided() {
        LinkTest.Scene s = LinkTest.scene("decided.bin", Http.bytes(10));
        JsonPath link = LinkTest.link(s, null);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertEquals(302, LinkTest.get(NOT_FOLLOWING, LinkTest.url(link)).statusCode());
        Instant after = Instant.now();
        List<Map<String, Object>> uses = LinkTest.uses(s, link.getString("id"));
        assertEquals(1, uses.size());
        Instant at = Instant.parse((String) uses.get(0).get("at"));
        assertTrue(!at.isBefore(before) && !at.isAfter(after), before + " <= " + at + " <= " + after);
    }

    @Test
    void theUsesOfALinkDeletedMeanwhileAreSkippedAndTheOthersLogged() {
        LinkTest.Scene s = LinkTest.scene("kept.bin", Http.bytes(10));
        String kept = LinkTest.link(s, null).getString("id");
        UUID gone = UUID.randomUUID(); // no such link (its asset purged, say)
        int logged = links.log(List.of(
                        new LoggedUse(gone, Instant.now(), "127.0.0.1", "t", LinkOutcome.REDIRECTED, false),
                        new LoggedUse(
                                UUID.fromString(kept), Instant.now(), "127.0.0.1", "t", LinkOutcome.REDIRECTED, false)))
                .await()
                .atMost(Duration.ofSeconds(30));
        assertEquals(1, logged);
        assertEquals(1, Db.count("SELECT count(*) FROM link_uses WHERE link_id = ?::uuid", kept));
        assertEquals(0, Db.count("SELECT count(*) FROM link_uses WHERE link_id = ?::uuid", gone.toString()));
        assertEquals(1, Db.count("SELECT sum(uses) FROM link_use_counts WHERE link_id = ?::uuid", kept));
    }
}
