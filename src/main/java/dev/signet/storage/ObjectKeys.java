package dev.signet.storage;

import dev.signet.common.Text;
import dev.signet.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The object-key rules: every key contains the random asset id (so a key can serve as a download
 * capability), names cannot climb or hide path segments, and keys fit S3's 1024-byte limit.
 */
public final class ObjectKeys {

    public static final int MAX_FILE_NAME_BYTES = 255;
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {}

    /** {@code {team_id}/{kind}s/{asset_id}/{file_name}}, or without the name when there is none. */
    public static String assetKey(UUID teamId, String kind, UUID assetId, String fileName) {
        String key = teamId + "/" + kind + "s/" + assetId + (fileName == null ? "" : "/" + fileName);
        return requireFits(key, "file_name");
    }

    /** Reference 003's shape: {@code inputs/{team}/{uuid}/{base64url(content_type)}/{file_name}}. */
    public static String workflowInputKey(UUID teamId, UUID assetId, String contentType, String fileName) {
        String encodedType =
                Base64.getUrlEncoder().withoutPadding().encodeToString(contentType.getBytes(StandardCharsets.UTF_8));
        return requireFits("inputs/" + teamId + "/" + assetId + "/" + encodedType + "/" + fileName, "file_name");
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

    /**
     * A client's path inside its team namespace (reference 000's {@code object_path}), as a full key.
     * Refuses absolute paths, empty or dot segments, backslashes and control characters, so the key
     * can never leave {@code {team_id}/}.
     */
    public static String teamKey(UUID teamId, String field, String path) {
        if (path == null || path.isBlank()) {
            throw ApiException.invalidField(field, "must not be blank");
        }
        if (path.startsWith("/")) {
            throw ApiException.invalidField(field, "must be relative to your team's storage, not absolute");
        }
        if (path.indexOf('\\') >= 0) {
            throw ApiException.invalidField(field, "must use '/' as separator");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ApiException.invalidField(field, "must not contain empty, '.' or '..' segments");
            }
        }
        if (!Text.visible(path)) {
            throw ApiException.invalidField(field, "must not contain control or invisible characters");
        }
        return requireFits(teamPrefix(teamId) + path, field);
    }

    /**
     * A file name as a client gave it, refused with a 400 naming {@code field} when it could address
     * another path ({@code /}, {@code \}, {@code ..}), hide characters (control and format characters),
     * or is longer than 255 bytes.
     */
    public static String requireFileName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField(field, "must not be blank");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
            throw ApiException.invalidField(field, "must be at most " + MAX_FILE_NAME_BYTES + " bytes");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw ApiException.invalidField(field, "must be a file name, not a path (no '/' or '\\')");
        }
        if (name.contains("..") || name.equals(".")) {
            throw ApiException.invalidField(field, "must not contain '..'");
        }
        if (!name.equals(name.strip())) {
            throw ApiException.invalidField(field, "must not start or end with white space");
        }
        if (!Text.visible(name)) {
            throw ApiException.invalidField(field, "must not contain control or invisible characters");
        }
        return name;
    }

    private static String requireFits(String key, String field) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ApiException.invalidField(field, "makes the object key longer than S3's " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }
}
