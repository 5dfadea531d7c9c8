package dev.signet.support;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Looks at the bucket directly, with storage credentials, to check what a request left behind. */
@ApplicationScoped
public class Storage {

    private final S3AsyncClient s3;
    private final String bucket;

    public Storage(
            S3AsyncClient s3,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "signet.storage.bucket") String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The object's metadata, or null when there is none. */
    public HeadObjectResponse head(String key) {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(key)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof S3Exception s && s.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    public byte[] read(String key) {
        return s3.getObject(
                        r -> r.bucket(bucket).key(key),
                        software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes())
                .join()
                .asByteArray();
    }

    public void write(String key, String contentType, byte[] bytes) {
        s3.putObject(
                        r -> r.bucket(bucket).key(key).contentType(contentType),
                        software.amazon.awssdk.core.async.AsyncRequestBody.fromBytes(bytes))
                .join();
    }

    public int count() {
        return s3.listObjectsV2(r -> r.bucket(bucket)).join().keyCount();
    }

    /** Every object's key, size and ETag: equal before and after means no object was written or deleted. */
    public String fingerprint() {
        StringBuilder all = new StringBuilder();
        String token = null;
        do {
            String next = token;
            var page = s3.listObjectsV2(r -> r.bucket(bucket).continuationToken(next))
                    .join();
            page.contents()
                    .forEach(o -> all.append(o.key())
                            .append(' ')
                            .append(o.size())
                            .append(' ')
                            .append(o.eTag())
                            .append('\n'));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return all.toString();
    }
}
