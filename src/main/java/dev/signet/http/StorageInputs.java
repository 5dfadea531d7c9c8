package dev.signet.http;

import dev.signet.common.Text;
import dev.signet.error.ApiException;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client's values bound for storage, each refused with a 400 naming its field: a file name or a path that could
 * leave its place in the key layout ({@link ObjectKeys}) or hide characters, a key past S3's limit, a URL lifetime
 * SigV4 cannot sign. Every feature that takes such a value checks it here; storage itself takes them as given.
 */
public final class StorageInputs {

    /** A file name most file systems can store (255 bytes of UTF-8). */
    public static final int MAX_FILE_NAME_BYTES = 255;

    private StorageInputs() {}

    /**
     * A file name as a client gave it, refused when it could address another path ({@code /}, {@code \},
     * {@code ..}), hide characters (control and format characters), or is longer than 255 bytes.
     */
    public static String requireFileName(String field, String name) {
        String problem = fileNameProblem(name);
        if (problem != null) {
            throw ApiException.invalidField(field, problem);
        }
        return name;
    }

    /** Why the value is not a file name {@link #requireFileName} takes, or null when it is one. */
    public static String fileNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "must not be blank";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
            return "must be at most " + MAX_FILE_NAME_BYTES + " bytes";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "must be a file name, not a path (no '/' or '\\')";
        }
        if (name.contains("..") || name.equals(".")) {
            return "must not contain '..'";
        }
        if (!name.equals(name.strip())) {
            return "must not start or end with white space";
        }
        if (!Text.visible(name)) {
            return "must not contain control or invisible characters";
        }
        return null;
    }

    /**
     * A path inside the team's namespace (reference 000's {@code object_path}). Refuses absolute paths, empty or
     * dot segments, backslashes and control characters, so the key it makes can never leave {@code {team_id}/}.
     */
    public static String requireRelativePath(String field, String path) {
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
        return path;
    }

    /** A key built with the client's {@code field}, refused when it is longer than S3 takes. */
    public static String requireKeyFits(String field, String key) {
        if (!ObjectKeys.fits(key)) {
            throw ApiException.invalidField(
                    field, "makes the object key longer than S3's " + ObjectKeys.MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    /** A URL's lifetime: from 1 second to SigV4's 7 days. */
    public static Duration requireTtl(String field, Duration ttl) {
        if (!StorageService.isValidTtl(ttl)) {
            throw ApiException.invalidField(field, "must be between 1 second and 7 days");
        }
        return ttl;
    }
}
