package dev.signet.storage;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object store as Signet uses it (the one gateway to S3, {@link S3Storage}): presigned URLs (bucket, expiry
 * bounds, signed headers), object reads and deletes, multipart uploads, and which objects are known to exist. No
 * resource builds a URL or a key itself. It answers in storage's terms only: no HTTP status, no metrics (those
 * observe it from above).
 */
public interface StorageService {

    /** SigV4 presigned URLs live at most 7 days. */
    Duration MAX_TTL = Duration.ofDays(7);

    /** The shortest lifetime Signet signs a URL for (a URL's expiry is given in whole seconds). */
    Duration MIN_TTL = Duration.ofSeconds(1);

    /** The header that makes storage check a body's SHA-256 (base64) and keep it with the object. */
    String CHECKSUM_SHA256_HEADER = "x-amz-checksum-sha256";

    /** Objects known to exist (positive answers only): see {@link #exists(String)}. */
    String EXISTS_CACHE = "object-exists";

    /** A presigned PUT and the headers the client must send with it (they are signed in). */
    record UploadUrl(String url, Map<String, String> headers, Instant expiresAt) {}

    /**
     * A signed S3 POST policy: the form's action {@code url} (the bucket), the {@code fields} to send before the file,
     * when it expires.
     */
    record UploadForm(String url, Map<String, String> fields, Instant expiresAt) {}

    /** A presigned GET. */
    record DownloadUrl(String url, Instant expiresAt) {}

    /**
     * What S3 says of a stored object; {@code checksumSha256} (base64, for a multipart object the composite
     * {@code <base64>-<parts>}) only from {@link #headWithChecksum} and only where storage keeps one.
     */
    record StoredObject(long size, String contentType, String etag, String checksumSha256) {}

    /** A part of a multipart upload as storage holds it. */
    record StoredPart(int partNumber, String etag, long size) {}

    /** A part to complete a multipart upload with; {@code checksumSha256} only when the upload declares them. */
    record PartToComplete(int partNumber, String etag, String checksumSha256) {}

    /** Storage refused a request for a reason of the request's (an S3 4xx other than 404), with its error code. */
    final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        /** S3's error code, e.g. {@code InvalidPart}, {@code BadDigest}, {@code EntityTooSmall}. */
        public String code() {
            return code;
        }
    }

    /** The thread the store, its S3 client and its signer were built on (start-up: never an event loop). */
    String builtOn();

    StorageConfig config();

    /**
     * A PUT URL that signs {@code Content-Type}, {@code Content-Length} (when known) and {@code If-None-Match: *}
     * (storage refuses another type or size, 403, and any overwrite, 412), valid {@code signet.storage.upload-url-ttl};
     * with {@code checksumSha256} (base64) that is signed in too and returned with the headers to send.
     */
    UploadUrl presignUpload(String key, String contentType, Long contentLength, String checksumSha256);

    /**
     * A POST policy (browser form upload) for the object {@code key}: {@code Content-Type} exactly, a body of
     * {@code minLength} to {@code maxLength} bytes, valid {@code signet.storage.upload-url-ttl}. Unlike
     * {@link #presignUpload} it cannot forbid an overwrite: the same form sent again before it expires replaces the
     * object with bytes of the same type and allowed size.
     */
    UploadForm presignPost(String key, String contentType, long minLength, long maxLength);

    /** Reference 003's PUT URL: signs exactly {@code Content-Length} and {@code If-None-Match: *}. */
    UploadUrl presignExactUpload(String key, long contentLength);

    /** A PUT URL for one part of a multipart upload: its exact size and, when declared, its SHA-256 signed in. */
    UploadUrl presignUploadPart(
            String key, String uploadId, int partNumber, long size, String checksumSha256, Duration ttl);

    /** Starts a multipart upload and answers storage's upload id. */
    Uni<String> createMultipartUpload(String key, String contentType, boolean sha256);

    /** The parts storage holds for the upload; empty when storage knows no such upload. */
    Uni<Optional<List<StoredPart>>> listParts(String key, String uploadId);

    /** Completes the upload with these parts; a refusal for a reason of the parts fails with {@link Refused}. */
    Uni<Void> completeMultipartUpload(String key, String uploadId, List<PartToComplete> parts);

    /** Aborts the upload: storage drops its parts. An upload storage no longer knows is no failure. */
    Uni<Void> abortMultipartUpload(String key, String uploadId);

    DownloadUrl presignDownload(String key, Duration ttl);

    /** A GET URL; {@code contentDisposition}, when given, is signed in as {@code response-content-disposition}. */
    DownloadUrl presignDownload(String key, Duration ttl, String contentDisposition);

    /**
     * A HEAD URL (SigV4 signs the method: a GET URL does not answer a HEAD); {@code contentDisposition} as for
     * {@link #presignDownload(String, Duration, String)}.
     */
    DownloadUrl presignHead(String key, Duration ttl, String contentDisposition);

    /** The object's size and type, or empty when there is none. */
    Uni<Optional<StoredObject>> head(String key);

    /** The same, with the object's SHA-256 where storage keeps one. */
    Uni<Optional<StoredObject>> headWithChecksum(String key);

    /** Whether the object exists (a yes is remembered for a few seconds, a no never). */
    Uni<Boolean> exists(String key);

    /** Deletes the object; deleting what is not there succeeds. */
    Uni<Void> delete(String key);

    // --- content verification (issue 21) ---------------------------------------------------------------------

    /**
     * At most the first {@code maxBytes} of the object, read with one ranged GET ({@code Range: bytes=0-(n-1)}), never
     * the whole object; empty for an empty or missing object.
     */
    Uni<byte[]> readPrefix(String key, int maxBytes);

    /** Copies the object to {@code target} in storage (a quarantine prefix), then deletes the original. */
    Uni<Void> move(String key, String target);

    /** Succeeds when the bucket answers (a HEAD of the bucket: cheap, no listing). */
    Uni<Void> checkBucket();

    /** An ETag without its quotes, as Signet stores, compares and answers them (S3 sends them quoted). */
    static String unquotedEtag(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    /** Whether a presigned URL may live {@code ttl}: from {@link #MIN_TTL} to {@link #MAX_TTL}. */
    static boolean isValidTtl(Duration ttl) {
        return ttl.compareTo(MIN_TTL) >= 0 && ttl.compareTo(MAX_TTL) <= 0;
    }
}
