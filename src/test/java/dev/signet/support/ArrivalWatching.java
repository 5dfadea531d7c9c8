package dev.signet.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The arrival watch on, as in production (it is off in the {@code %test} profile, where it would move the database
 * fingerprints other tests take): for tests of uploads with no call after their bytes, i.e. Uppy's form POSTs
 * through {@code GET /s3/params}, which settle on arrival. The browser tests share this profile, so one boot serves
 * them all.
 */
public class ArrivalWatching implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("signet.assets.arrival-check-interval", "1s");
    }
}
