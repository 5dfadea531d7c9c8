package dev.signet.ops;

import dev.signet.storage.StorageService;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.time.Duration;

/** Counts the presigned URLs storage issues ({@code signet_urls_issued_total{kind}}), so storage itself counts nothing. */
@Decorator
@Priority(10)
public abstract class CountedUrls implements StorageService {

    private final StorageService storage;
    private final SignetMetrics metrics;

    @Inject
    public CountedUrls(@Delegate StorageService storage, SignetMetrics metrics) {
        this.storage = storage;
        this.metrics = metrics;
    }

    @Override
    public UploadUrl presignUpload(String key, String contentType, Long contentLength, String checksumSha256) {
        UploadUrl url = storage.presignUpload(key, contentType, contentLength, checksumSha256);
        metrics.uploadUrlIssued();
        return url;
    }

    @Override
    public UploadUrl presignExactUpload(String key, long contentLength) {
        UploadUrl url = storage.presignExactUpload(key, contentLength);
        metrics.uploadUrlIssued();
        return url;
    }

    /** A POST policy is an upload URL as well (Uppy's single files, issue 23). */
    @Override
    public UploadForm presignPost(String key, String contentType, long minLength, long maxLength) {
        UploadForm form = storage.presignPost(key, contentType, minLength, maxLength);
        metrics.uploadUrlIssued();
        return form;
    }

    @Override
    public UploadUrl presignUploadPart(
            String key, String uploadId, int partNumber, long size, String checksumSha256, Duration ttl) {
        UploadUrl url = storage.presignUploadPart(key, uploadId, partNumber, size, checksumSha256, ttl);
        metrics.uploadUrlIssued();
        return url;
    }

    @Override
    public DownloadUrl presignDownload(String key, Duration ttl) {
        DownloadUrl url = storage.presignDownload(key, ttl);
        metrics.downloadUrlIssued();
        return url;
    }

    @Override
    public DownloadUrl presignDownload(String key, Duration ttl, String contentDisposition) {
        DownloadUrl url = storage.presignDownload(key, ttl, contentDisposition);
        metrics.downloadUrlIssued();
        return url;
    }

    /** Counts what the ranged reads of content verification took from storage ({@code signet_storage_read_bytes_total}). */
    @Override
    public io.smallrye.mutiny.Uni<byte[]> readPrefix(String key, int maxBytes) {
        return storage.readPrefix(key, maxBytes).invoke(bytes -> metrics.storageBytesRead(bytes.length));
    }

    @Override
    public DownloadUrl presignHead(String key, Duration ttl, String contentDisposition) {
        DownloadUrl url = storage.presignHead(key, ttl, contentDisposition);
        metrics.downloadUrlIssued();
        return url;
    }
}
