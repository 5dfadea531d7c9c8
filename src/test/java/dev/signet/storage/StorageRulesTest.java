package dev.signet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ApiException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The key and content-type rules on their own (no app, no storage). */
class StorageRulesTest {

    @Test
    void allowlistMatchesExactTypesAndWildcardsWithoutParameters() {
        List<String> allowed = List.of("image/*", "video/mp4");
        assertEquals("image/png", ContentTypes.require("content_type", "image/png", allowed));
        assertEquals(
                "video/mp4; codecs=\"avc1\"",
                ContentTypes.require("content_type", "video/mp4; codecs=\"avc1\"", allowed));
        assertEquals("IMAGE/PNG", ContentTypes.require("content_type", "IMAGE/PNG", allowed));
        ApiException refused =
                assertThrows(ApiException.class, () -> ContentTypes.require("content_type", "video/webm", allowed));
        assertEquals("content_type: 'video/webm' is not an allowed content type", refused.getMessage());
        assertThrows(ApiException.class, () -> ContentTypes.require("content_type", "imagex/png", allowed));
        assertEquals(
                "text/plain;charset=utf-8", ContentTypes.require("content_type", "text/plain;charset=utf-8", null));
    }

    @Test
    void fileNamesCannotAddressAnotherPath() {
        for (String bad : new String[] {
            "a/b", "a\\b", "..", "../x", "x..y", ".", "a\u0007", "a\u200bb", " lead", "trail ", "\ud800"
        }) {
            assertThrows(ApiException.class, () -> ObjectKeys.requireFileName("file_name", bad), bad);
        }
        for (String good : new String[] {"cat.png", "ünïcødé 名前.txt", "emoji-😀.png", "a".repeat(255)}) {
            assertEquals(good, ObjectKeys.requireFileName("file_name", good));
        }
    }

    @Test
    void keysHoldTheAssetIdAndFitS3sLimit() {
        UUID team = UUID.randomUUID();
        UUID asset = UUID.randomUUID();
        assertEquals(team + "/outputs/" + asset + "/x.bin", ObjectKeys.assetKey(team, "output", asset, "x.bin"));
        assertEquals(
                "inputs/" + team + "/" + asset + "/aW1hZ2UvcG5n/a.png",
                ObjectKeys.workflowInputKey(team, asset, "image/png", "a.png"));
        String longType = "application/" + "x".repeat(700);
        assertThrows(ApiException.class, () -> ObjectKeys.workflowInputKey(team, asset, longType, "a".repeat(255)));
        assertTrue(ObjectKeys.workflowInputKey(team, asset, "image/png", "a".repeat(255))
                        .length()
                <= 1024);
        assertFalse(ObjectKeys.assetKey(team, "input", asset, null).endsWith("/"));
    }
}
