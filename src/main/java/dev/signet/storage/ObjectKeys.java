package dev.signet.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where objects live: the key layout, built from parts the caller has already checked (a file name that cannot
 * address another path, a path relative to the team: {@code http/StorageInputs}). Every asset's key contains the
 * random asset id, so a key can serve as a download capability. A key is valid only within S3's 1024 bytes
 * ({@link #fits}); a caller that builds one from a client's values checks that too.
 */
public final class ObjectKeys {

    /** S3's limit on an object key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {}

    /** {@code {team_id}/{kind}s/{asset_id}/{file_name}}, or without the name when there is none. */
    public static String assetKey(UUID teamId, String kind, UUID assetId, String fileName) {
        return teamId + "/" + kind + "s/" + assetId + (fileName == null ? "" : "/" + fileName);
    }

    /** Reference 003's shape: {@code inputs/{team}/{uuid}/{base64url(content_type)}/{file_name}}. */
    public static String workflowInputKey(UUID teamId, UUID assetId, String contentType, String fileName) {
        String encodedType =
                Base64.getUrlEncoder().withoutPadding().encodeToString(contentType.getBytes(StandardCharsets.UTF_8));
        return "inputs/" + teamId + "/" + assetId + "/" + encodedType + "/" + fileName;
    }

    /** Whether the key has reference 003's shape: its upload URL signed the size but not the content type. */
    public static boolean isWorkflowInput(String key) {
        return key.startsWith("inputs/");
    }

    /** Where a workflow's artifacts live: {@code {team_id}/workflows/{workflow_id}/artifacts/}. */
    public static String artifactPrefix(UUID teamId, UUID workflowId) {
        return teamId + "/workflows/" + workflowId + "/artifacts/";
    }

    /** The team's namespace: every key of the team's own objects starts with it. */
    public static String teamPrefix(UUID teamId) {
        return teamId + "/";
    }

    /** A path inside the team's namespace (reference 000's {@code object_path}, checked relative) as a full key. */
    public static String teamKey(UUID teamId, String relativePath) {
        return teamPrefix(teamId) + relativePath;
    }

    /** Whether S3 takes the key: at most {@link #MAX_KEY_BYTES} bytes of UTF-8. */
    public static boolean fits(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
    }
}
