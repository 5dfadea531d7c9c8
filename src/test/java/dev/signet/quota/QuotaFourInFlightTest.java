package dev.signet.quota;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The race for 50 files again with four grouped INSERTs in flight ({@code signet.assets.insert-concurrency=4}):
 * rows of concurrent statements meet on the team's quota row.
 */
@QuarkusTest
@TestProfile(QuotaFourInFlightTest.FourInFlight.class)
class QuotaFourInFlightTest {

    public static class FourInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.assets.insert-concurrency", "4");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void twoHundredConcurrentUploadUrlsAgainstRoomForFiftyFilesGetExactlyFifty() throws Exception {
        QuotaTest.raceForFifty(base);
    }
}
