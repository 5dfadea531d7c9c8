package dev.signet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.support.Db;
import dev.signet.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code signet.links.log-before-redirect}, a link without {@code max_uses} is used as the limited ones are: each
 * use is in the trail and in the count as soon as it is answered.
 */
@QuarkusTest
@TestProfile(LinkLogBeforeRedirectTest.BeforeRedirect.class)
class LinkLogBeforeRedirectTest {

    @Inject
    MeterRegistry registry;

    public static class BeforeRedirect implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.links.log-before-redirect", "true");
        }
    }

    @Test
    void everyUseIsLoggedAndCountedBeforeItsAnswer() {
        LinkTest.Scene s = LinkTest.scene("strict.bin", Http.bytes(10));
        JsonPath link = LinkTest.link(s, null);
        String id = link.getString("id");
        assertEquals(Map.of(302, 30L), LinkTest.race(LinkTest.url(link), 30));
        // read at once, without waiting for LinkUseLog: nothing went there
        assertEquals(30, Db.count("SELECT sum(uses) FROM link_use_counts WHERE link_id = ?::uuid", id));
        assertEquals(30, Db.count("SELECT count(*) FROM link_uses WHERE link_id = ?::uuid", id));
        assertEquals(
                0, Db.count("SELECT count(*) FROM link_uses WHERE link_id = ?::uuid AND outcome <> 'redirected'", id));
        var logged = registry.find("signet.link.use.log.rows").summary();
        assertEquals(0, logged == null ? 0 : logged.count(), "a use went through LinkUseLog");
    }
}
