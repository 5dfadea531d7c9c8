package dev.signet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Storage's own facts on their own (no app, no storage): the key layout, S3's key limit, SigV4's URL lifetimes. The
 * rules for a client's values (file names, paths, content types) are {@code http/StorageInputsTest}'s and
 * {@code asset/UploadPolicyTest}'s.
 */
class StorageRulesTest {

    @Test
    void keysHoldTheAssetIdAndFitS3sLimit() {
        UUID team = UUID.randomUUID();
        UUID asset = UUID.randomUUID();
        assertEquals(team + "/outputs/" + asset + "/x.bin", ObjectKeys.assetKey(team, "output", asset, "x.bin"));
        assertEquals(
                "inputs/" + team + "/" + asset + "/aW1hZ2UvcG5n/a.png",
                ObjectKeys.workflowInputKey(team, asset, "image/png", "a.png"));
        String longType = "application/" + "x".repeat(700);
        assertFalse(ObjectKeys.fits(ObjectKeys.workflowInputKey(team, asset, longType, "a".repeat(255))));
        String longest = ObjectKeys.workflowInputKey(team, asset, "image/png", "a".repeat(255));
        assertTrue(ObjectKeys.fits(longest));
        assertTrue(longest.length() <= 1024);
        assertFalse(ObjectKeys.assetKey(team, "input", asset, null).endsWith("/"));
        assertEquals(team + "/a/b.txt", ObjectKeys.teamKey(team, "a/b.txt"));
        assertEquals(team + "/workflows/" + asset + "/artifacts/", ObjectKeys.artifactPrefix(team, asset));
    }

    @ParameterizedTest
    @CsvSource({"a, 1024, true", "a, 1025, false", "é, 512, true", "é, 513, false"}) // é: two bytes in UTF-8
    void aKeyFitsInS3s1024BytesOfUtf8(String character, int count, boolean fits) {
        assertEquals(fits, ObjectKeys.fits(character.repeat(count)));
    }

    @ParameterizedTest
    @CsvSource({"PT0S, false", "PT0.999S, false", "PT1S, true", "PT1H, true", "P7D, true", "PT168H0.001S, false"})
    void aPresignedUrlLivesOneSecondToSevenDays(Duration ttl, boolean valid) {
        assertEquals(valid, StorageService.isValidTtl(ttl));
    }
}
