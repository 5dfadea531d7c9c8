package dev.signet.storage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 query-string presigning of S3 object URLs, built directly on the SDK's own signer. The high-level
 * {@code S3Presigner} runs the whole request pipeline (endpoint rules, interceptors) for every URL; this
 * builds the request itself (endpoint, bucket addressing, RFC 3986 key encoding with {@code /} kept, the
 * headers to sign) and only signs, several times cheaper per URL. Every header passed is signed, so
 * storage refuses a request whose value differs.
 */
public final class UrlSigner {

    /** A presigned URL and the instant it stops working (X-Amz-Date has whole seconds). */
    public record Signed(String url, Instant expiresAt) {
    }

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final String region;
    private final String scheme;
    private final String host;
    private final int port;
    /** What precedes the encoded key in the path: the endpoint's own path, and the bucket in path style. */
    private final String pathPrefix;

    /**
     * @param endpoint  the endpoint clients reach, or null for AWS's regional endpoint
     * @param pathStyle bucket in the path rather than in the host name (forced for bucket names with dots)
     */
    public UrlSigner(URI endpoint, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            boolean pathStyle, String bucket) {
        URI base = endpoint != null ? endpoint : URI.create("https://s3." + region + ".amazonaws.com");
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        boolean inPath = pathStyle || bucket.contains(".");
        this.credentials = credentials;
        this.region = region;
        this.scheme = base.getScheme();
        this.host = inPath ? base.getHost() : bucket + "." + base.getHost();
        this.port = base.getPort();
        this.pathPrefix = basePath + (inPath ? "/" + SdkHttpUtils.urlEncode(bucket) : "");
    }

    /**
     * Signs {@code method} on the object {@code key} for {@code ttl}; {@code headers} become signed headers
     * the client must send as given, {@code query} extra signed query parameters.
     */
    public Signed sign(SdkHttpMethod method, String key, Map<String, String> headers, Map<String, String> query,
            Duration ttl) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(method)
                .protocol(scheme)
                .host(host)
                .encodedPath(pathPrefix + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
        if (port > 0) {
            request.port(port);
        }
        headers.forEach(request::putHeader);
        query.forEach(request::putRawQueryParameter);
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SdkHttpRequest signed = signer.sign(sign -> sign
                .identity(identity)
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, ttl)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)))
                .request();
        return new Signed(url(signed), now.plus(ttl));
    }

    /** The signed request as a URL string, assembled from its encoded parts (no {@link URI} parsing per URL). */
    private static String url(SdkHttpRequest signed) {
        String query = signed.encodedQueryParameters().orElse("");
        StringBuilder url = new StringBuilder(signed.encodedPath().length() + query.length() + 64)
                .append(signed.protocol()).append("://").append(signed.host());
        if (!SdkHttpUtils.isUsingStandardPort(signed.protocol(), signed.port())) {
            url.append(':').append(signed.port());
        }
        url.append(signed.encodedPath());
        if (!query.isEmpty()) {
            url.append('?').append(query);
        }
        return url.toString();
    }
}
