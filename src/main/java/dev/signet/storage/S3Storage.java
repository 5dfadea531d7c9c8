package dev.signet.storage;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@link StorageService} over S3: the SDK's SigV4 signer on requests {@link UrlSigner} builds, and
 * {@link S3AsyncClient} for HEAD, DELETE and multipart calls.
 * <p>
 * Built at start-up ({@link Startup}, on the main thread), and with it the S3 client, the signer and its
 * credentials: built on first use they were built on the event loop of the first request, which the
 * CRT-based client blocked for 2.5 s under load.
 */
@Startup
@ApplicationScoped
public class S3Storage implements StorageService {

    private static final Logger LOG = Logger.getLogger(S3Storage.class);

    private final UrlSigner signer;
    private final S3AsyncClient s3;
    private final StorageConfig config;
    private final CaffeineCache existing;
    private final String builtOn = Thread.currentThread().getName();

    public S3Storage(
            S3AsyncClient s3,
            StorageConfig config,
            @ConfigProperty(name = "quarkus.s3.path-style-access", defaultValue = "false") boolean pathStyle,
            @CacheName(EXISTS_CACHE) Cache existing) {
        long start = System.nanoTime();
        var client = s3.serviceClientConfiguration(); // the client is a lazy bean: this builds it
        // URLs are signed for the endpoint clients reach: the public one if configured, else Signet's own.
        URI endpoint = config.publicEndpoint().or(client::endpointOverride).orElse(null);
        this.signer = new UrlSigner(
                endpoint,
                client.region().id(),
                client.credentialsProvider(),
                pathStyle,
                config.bucket(),
                Infrastructure.getDefaultWorkerPool(),
                Clock.systemUTC());
        this.existing = existing.as(CaffeineCache.class);
        this.s3 = s3;
        this.config = config;
        requireTtlSetting("signet.storage.upload-url-ttl", config.uploadUrlTtl());
        requireTtlSetting("signet.storage.download-url-ttl", config.downloadUrlTtl());
        if (config.multipartTtl().compareTo(Duration.ofMinutes(1)) < 0
                || config.multipartTtl().compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalStateException("signet.storage.multipart-ttl must be between 1 minute and 30 days");
        }
        try {
            signer.sign(SdkHttpMethod.GET, "start-up", Map.of(), Map.of(), MIN_TTL); // loads the signing path's classes
        } catch (SdkClientException noCredentialsYet) {
            // UrlSigner logged it; URLs are refused (503) until the provider answers, start-up goes on
        }
        LOG.infof(
                "S3 client and URL signer built in %d ms on thread %s (credentials: %s)",
                (System.nanoTime() - start) / 1_000_000,
                builtOn,
                client.credentialsProvider().getClass().getSimpleName());
        // The SDK prepares its request pipeline (endpoint rules, interceptors, marshallers, signer) during the first
        // call, on the calling thread: one HEAD of the bucket on a worker does that now, in parallel with the rest of
        // start-up, rather than on the event loop of the first request. Its outcome is readiness's business.
        Infrastructure.getDefaultWorkerPool()
                .execute(() -> checkBucket()
                        .subscribe()
                        .with(
                                ok -> {},
                                failure -> LOG.debugf("first HEAD of the bucket at start-up failed: %s", failure)));
    }

    /** The thread this store, its S3 client and its signer were built on (start-up: never an event loop). */
    @Override
    public String builtOn() {
        return builtOn;
    }

    @Override
    public StorageConfig config() {
        return config;
    }

    /**
     * A PUT URL that signs {@code Content-Type}, {@code Content-Length} (when known) and
     * {@code If-None-Match: *}: storage refuses another type or size (403) and any overwrite (412). When
     * {@code checksumSha256} (base64) is given it is signed in as {@code x-amz-checksum-sha256} and returned with
     * the headers to send: storage refuses other bytes (400 BadDigest) and keeps the checksum.
     */
    @Override
    public UploadUrl presignUpload(String key, String contentType, Long contentLength, String checksumSha256) {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Content-Type", contentType);
        if (checksumSha256 != null) {
            sent.put(CHECKSUM_SHA256_HEADER, checksumSha256);
        }
        return presignPut(key, sent, contentLength, config.uploadUrlTtl());
    }

    @Override
    public UploadForm presignPost(String key, String contentType, long minLength, long maxLength) {
        requireTtl(config.uploadUrlTtl());
        UrlSigner.SignedPost signed = signer.signPost(key, contentType, minLength, maxLength, config.uploadUrlTtl());
        return new UploadForm(signed.url(), signed.fields(), signed.expiresAt());
    }

    /**
     * Reference 003's PUT URL: signs exactly what its page guarantees, {@code Content-Length} and
     * {@code If-None-Match: *}, so the page's own curl example (which sends no Content-Type) works as printed.
     */
    @Override
    public UploadUrl presignExactUpload(String key, long contentLength) {
        return presignPut(key, new LinkedHashMap<>(), contentLength, config.uploadUrlTtl());
    }

    /**
     * Signs {@code sent} (the headers the client must set itself, returned with the URL), plus
     * {@code If-None-Match: *} and, when known, {@code Content-Length}: signed but not returned, since every
     * HTTP client sets it from the body (and browsers and Java's HttpClient refuse to have it set).
     */
    private UploadUrl presignPut(String key, Map<String, String> sent, Long contentLength, Duration ttl) {
        requireTtl(ttl);
        sent.put("If-None-Match", "*");
        Map<String, String> signedHeaders = new LinkedHashMap<>(sent);
        if (contentLength != null) {
            signedHeaders.put("Content-Length", Long.toString(contentLength));
        }
        UrlSigner.Signed signed = signer.sign(SdkHttpMethod.PUT, key, signedHeaders, Map.of(), ttl);
        return new UploadUrl(signed.url(), sent, signed.expiresAt());
    }

    /**
     * A PUT URL for one part of a multipart upload: {@code partNumber} and {@code uploadId} signed in as query
     * parameters, the part's exact {@code Content-Length} signed (not returned: clients set it from the body) and,
     * when declared, its {@code x-amz-checksum-sha256} (returned: the client sends it). Storage refuses another
     * size (403) and other bytes (400 BadDigest).
     */
    @Override
    public UploadUrl presignUploadPart(
            String key, String uploadId, int partNumber, long size, String checksumSha256, Duration ttl) {
        requireTtl(ttl);
        Map<String, String> sent = new LinkedHashMap<>();
        if (checksumSha256 != null) {
            sent.put(CHECKSUM_SHA256_HEADER, checksumSha256);
        }
        Map<String, String> signedHeaders = new LinkedHashMap<>(sent);
        signedHeaders.put("Content-Length", Long.toString(size));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(partNumber));
        query.put("uploadId", uploadId);
        UrlSigner.Signed signed = signer.sign(SdkHttpMethod.PUT, key, signedHeaders, query, ttl);
        return new UploadUrl(signed.url(), sent, signed.expiresAt());
    }

    /**
     * Starts a multipart upload of an object of {@code contentType} and answers storage's upload id. With
     * {@code sha256} every part must declare its SHA-256 and the object gets the composite checksum.
     */
    @Override
    public Uni<String> createMultipartUpload(String key, String contentType, boolean sha256) {
        return call(() -> s3.createMultipartUpload(request -> request.bucket(config.bucket())
                        .key(key)
                        .contentType(contentType)
                        .checksumAlgorithm(sha256 ? ChecksumAlgorithm.SHA256 : null)))
                .map(CreateMultipartUploadResponse::uploadId);
    }

    /**
     * The parts storage holds for the upload (every page of the listing); empty when storage knows no such upload
     * (completed or aborted: AWS answers 404, while S3Proxy lists no parts).
     */
    @Override
    public Uni<Optional<List<StoredPart>>> listParts(String key, String uploadId) {
        return listParts(key, uploadId, null, new ArrayList<>())
                .map(Optional::of)
                .onFailure(S3Storage::isNotFound)
                .recoverWithItem(Optional.empty());
    }

    private Uni<List<StoredPart>> listParts(String key, String uploadId, Integer marker, List<StoredPart> seen) {
        return call(() -> s3.listParts(request -> request.bucket(config.bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .partNumberMarker(marker)))
                .chain(page -> {
                    page.parts()
                            .forEach(part -> seen.add(new StoredPart(
                                    part.partNumber(), StorageService.unquotedEtag(part.eTag()), part.size())));
                    if (Boolean.TRUE.equals(page.isTruncated())
                            && page.nextPartNumberMarker() != null
                            && !page.parts().isEmpty()) {
                        return listParts(key, uploadId, page.nextPartNumberMarker(), seen);
                    }
                    return Uni.createFrom().item(seen);
                });
    }

    /**
     * Completes the upload with these parts (in order, ETags unquoted); also done when storage knows no such upload
     * any more (completed already: the caller reads the object). A refusal for a reason of the parts (missing, another ETag or checksum, too small) fails with
     * {@link Refused}.
     */
    @Override
    public Uni<Void> completeMultipartUpload(String key, String uploadId, List<PartToComplete> parts) {
        List<CompletedPart> completed = new ArrayList<>(parts.size());
        for (PartToComplete part : parts) {
            completed.add(CompletedPart.builder()
                    .partNumber(part.partNumber())
                    .eTag("\"" + part.etag() + "\"")
                    .checksumSHA256(part.checksumSha256())
                    .build());
        }
        return call(() -> s3.completeMultipartUpload(request -> request.bucket(config.bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(completed))))
                .replaceWithVoid()
                .onFailure(S3Storage::isNotFound)
                .recoverWithNull()
                .onFailure(S3Storage::isRefusal)
                .transform(e -> {
                    S3Exception refused = (S3Exception) e;
                    String code = refused.awsErrorDetails() == null
                            ? null
                            : refused.awsErrorDetails().errorCode();
                    return new Refused(code == null ? "HTTP " + refused.statusCode() : code, refused.getMessage());
                });
    }

    /** Aborts the upload: storage drops its parts. An upload storage no longer knows is no failure. */
    @Override
    public Uni<Void> abortMultipartUpload(String key, String uploadId) {
        return call(() -> s3.abortMultipartUpload(
                        request -> request.bucket(config.bucket()).key(key).uploadId(uploadId)))
                .replaceWithVoid()
                .onFailure(S3Storage::isNotFound)
                .recoverWithNull();
    }

    @Override
    public DownloadUrl presignDownload(String key, Duration ttl) {
        return presignDownload(key, ttl, null);
    }

    /**
     * A GET URL for the object; {@code contentDisposition}, when given, is signed in as
     * {@code response-content-disposition} so storage answers with that header.
     */
    @Override
    public DownloadUrl presignDownload(String key, Duration ttl, String contentDisposition) {
        requireTtl(ttl);
        Map<String, String> query =
                contentDisposition == null ? Map.of() : Map.of("response-content-disposition", contentDisposition);
        UrlSigner.Signed signed = signer.sign(SdkHttpMethod.GET, key, Map.of(), query, ttl);
        return new DownloadUrl(signed.url(), signed.expiresAt());
    }

    /** A HEAD URL for the object, with the same signed {@code response-content-disposition} as a GET URL. */
    @Override
    public DownloadUrl presignHead(String key, Duration ttl, String contentDisposition) {
        requireTtl(ttl);
        Map<String, String> query =
                contentDisposition == null ? Map.of() : Map.of("response-content-disposition", contentDisposition);
        UrlSigner.Signed signed = signer.sign(SdkHttpMethod.HEAD, key, Map.of(), query, ttl);
        return new DownloadUrl(signed.url(), signed.expiresAt());
    }

    /** The object's size and type, or empty when there is none. */
    @Override
    public Uni<Optional<StoredObject>> head(String key) {
        return call(() ->
                        s3.headObject(request -> request.bucket(config.bucket()).key(key)))
                .map(head -> Optional.of(new StoredObject(
                        head.contentLength(), head.contentType(), StorageService.unquotedEtag(head.eTag()), null)))
                .onFailure(S3Storage::isNotFound)
                .recoverWithItem(Optional.empty());
    }

    /**
     * The same, with the object's SHA-256 where storage keeps one ({@code x-amz-checksum-mode: ENABLED}): what a
     * signed {@code x-amz-checksum-sha256} recorded, or the composite of a multipart upload completed with them.
     */
    @Override
    public Uni<Optional<StoredObject>> headWithChecksum(String key) {
        return call(() -> s3.headObject(
                        request -> request.bucket(config.bucket()).key(key).checksumMode(ChecksumMode.ENABLED)))
                .map(head -> Optional.of(new StoredObject(
                        head.contentLength(),
                        head.contentType(),
                        StorageService.unquotedEtag(head.eTag()),
                        head.checksumSHA256())))
                .onFailure(S3Storage::isNotFound)
                .recoverWithItem(Optional.empty());
    }

    /**
     * Whether the object exists. A yes is remembered for a few seconds ({@code object-exists} cache), so a
     * hot object costs one HEAD per period; a no is never remembered, so a new object is found at once. A
     * yes that turns stale only means the signed URL meets a 404 at storage, as it would after any delete.
     */
    @Override
    public Uni<Boolean> exists(String key) {
        CompletableFuture<Object> known = existing.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        return head(key).map(object -> {
            if (object.isPresent()) {
                existing.put(key, CompletableFuture.completedFuture(Boolean.TRUE));
            }
            return object.isPresent();
        });
    }

    /** Deletes the object; deleting what is not there succeeds. */
    @Override
    public Uni<Void> delete(String key) {
        return call(() -> s3.deleteObject(
                        request -> request.bucket(config.bucket()).key(key)))
                .call(() -> existing.invalidate(key))
                .replaceWithVoid();
    }

    @Override
    public Uni<byte[]> readPrefix(String key, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("a prefix has at least 1 byte, not " + maxBytes);
        }
        return call(() -> s3.getObject(
                        request -> request.bucket(config.bucket()).key(key).range("bytes=0-" + (maxBytes - 1)),
                        AsyncResponseTransformer.toBytes()))
                .map(bytes -> bytes.asByteArray())
                // 416: the object is empty (no byte 0 to start the range at); 404: it is gone
                .onFailure(
                        failure -> isNotFound(failure) || (failure instanceof S3Exception e && e.statusCode() == 416))
                .recoverWithItem(new byte[0]);
    }

    @Override
    public Uni<Void> move(String key, String target) {
        return call(() -> s3.copyObject(request -> request.sourceBucket(config.bucket())
                        .sourceKey(key)
                        .destinationBucket(config.bucket())
                        .destinationKey(target)))
                .chain(() -> delete(key));
    }

    /** Succeeds when the bucket answers (a HEAD of the bucket: cheap, no listing). */
    @Override
    public Uni<Void> checkBucket() {
        return call(() -> s3.headBucket(request -> request.bucket(config.bucket())))
                .replaceWithVoid();
    }

    /**
     * Runs an SDK call and continues on the caller's Vert.x context: the SDK completes on its own
     * threads, where Hibernate Reactive must not be touched.
     */
    private static <T> Uni<T> call(Supplier<CompletableFuture<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Uni<T> result = Uni.createFrom()
                    .completionStage(call)
                    .onFailure(CompletionException.class)
                    .transform(Throwable::getCause);
            return context == null ? result : result.emitOn(command -> context.runOnContext(ignored -> command.run()));
        });
    }

    /** A setting outside what SigV4 signs: Signet does not start. */
    private static void requireTtlSetting(String name, Duration ttl) {
        if (!StorageService.isValidTtl(ttl)) {
            throw new IllegalStateException(name + ": must be between 1 second and 7 days");
        }
    }

    /** Callers check a client's lifetime before (a 400 naming its field); here it is a programming error. */
    private static void requireTtl(Duration ttl) {
        if (!StorageService.isValidTtl(ttl)) {
            throw new IllegalArgumentException("a presigned URL lives 1 second to 7 days, not " + ttl);
        }
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /** A 4xx that is about the request (not found, throttling and credentials aside). */
    private static boolean isRefusal(Throwable failure) {
        return failure instanceof S3Exception s3
                && s3.statusCode() >= 400
                && s3.statusCode() < 500
                && s3.statusCode() != 403
                && s3.statusCode() != 404
                && s3.statusCode() != 429;
    }
}
