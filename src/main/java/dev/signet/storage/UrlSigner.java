package dev.signet.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 query-string presigning of S3 object URLs, built directly on the SDK's own signer. The high-level
 * {@code S3Presigner} runs the whole request pipeline (endpoint rules, interceptors) for every URL; this
 * builds the request itself (endpoint, bucket addressing, RFC 3986 key encoding with {@code /} kept, the
 * headers to sign) and only signs, several times cheaper per URL. Every header passed is signed, so
 * storage refuses a request whose value differs. Its URLs are the SDK presigner's, byte for byte
 * ({@code UrlSignerTest}).
 * <p>
 * Credentials are never resolved while signing: a provider may block (STS, IRSA, the instance metadata
 * service answer over the network), and signing runs on the event loop. They are resolved when the signer is
 * built (at start-up) and kept; expiring ones are fetched again on {@code refresher} (a worker thread)
 * {@link #REFRESH_AHEAD} before they expire, and those without an expiry from a provider that is not static
 * every {@link #REFRESH_EVERY}. Static credentials cost nothing per URL. While a refresh fails the current
 * credentials are used until they expire; without any, signing fails with an {@link SdkClientException}
 * (storage unavailable: 503).
 */
public final class UrlSigner {

    /** A presigned URL and the instant it stops working (X-Amz-Date has whole seconds). */
    public record Signed(String url, Instant expiresAt) {}

    /** A signed POST policy: the form's action (the bucket's URL), its fields in order, when the policy expires. */
    public record SignedPost(String url, Map<String, String> fields, Instant expiresAt) {}

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter POLICY_EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** How long before they expire credentials are fetched again. */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    /** How often credentials without an expiry are fetched again (unless the provider is static). */
    static final Duration REFRESH_EVERY = Duration.ofMinutes(1);
    /** After a failed fetch, the next one waits this long. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(UrlSigner.class);

    /** Credentials in use, and when to fetch the next (epoch milliseconds). */
    private record Held(AwsCredentialsIdentity identity, long refreshAt, long expiresAt) {}

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Executor refresher;
    private final Clock clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Held held;
    /** No fetch before this (epoch milliseconds): set after a failed one. */
    private volatile long nextAttempt;

    private final String region;
    private final String scheme;
    private final String host;
    private final int port;
    /** What precedes the encoded key in the path: the endpoint's own path, and the bucket in path style. */
    private final String pathPrefix;

    private final String bucket;
    /** Where a POST policy's form goes: the bucket's URL, ending in a slash. */
    private final String bucketUrl;

    /**
     * @param endpoint  the endpoint clients reach, or null for AWS's (in the {@code aws} partition)
     * @param pathStyle bucket in the path rather than in the host name (forced for bucket names with dots)
     */
    public UrlSigner(
            URI endpoint,
            String region,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            boolean pathStyle,
            String bucket) {
        this(endpoint, region, credentials, pathStyle, bucket, ForkJoinPool.commonPool(), Clock.systemUTC());
    }

    /**
     * Resolves the credentials once, on the calling thread (build it at start-up, never on the event loop).
     *
     * @param refresher where credentials are fetched again (a worker pool, never the event loop)
     * @param clock     the signing time (X-Amz-Date) and the credentials' expiry are read from it
     */
    public UrlSigner(
            URI endpoint,
            String region,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            boolean pathStyle,
            String bucket,
            Executor refresher,
            Clock clock) {
        // AWS itself: the SDK's default endpoint, which for us-east-1 is still the global one
        URI base = endpoint != null
                ? endpoint
                : URI.create("https://s3." + (region.equals("us-east-1") ? "" : region + ".") + "amazonaws.com");
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        boolean inPath = pathStyle || bucket.contains(".");
        this.credentials = credentials;
        this.region = region;
        this.scheme = base.getScheme();
        this.host = inPath ? base.getHost() : bucket + "." + base.getHost();
        this.port = base.getPort();
        this.pathPrefix = basePath + (inPath ? "/" + SdkHttpUtils.urlEncode(bucket) : "");
        this.bucket = bucket;
        this.bucketUrl = scheme + "://" + host
                + (port > 0 && !SdkHttpUtils.isUsingStandardPort(scheme, port) ? ":" + port : "") + pathPrefix + "/";
        this.refresher = refresher;
        this.clock = clock;
        fetch();
    }

    /**
     * Signs {@code method} on the object {@code key} for {@code ttl}; {@code headers} become signed headers
     * the client must send as given, {@code query} extra signed query parameters.
     */
    public Signed sign(
            SdkHttpMethod method, String key, Map<String, String> headers, Map<String, String> query, Duration ttl) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        AwsCredentialsIdentity identity = identity(now.toEpochMilli());
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
        SdkHttpRequest signed = signer.sign(sign -> sign.identity(identity)
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

    /**
     * Signs an S3 POST policy (a browser form upload of one object, {@link PostSignature}) valid for {@code ttl}: the
     * object {@code key} exactly, {@code Content-Type} exactly, a body of {@code minLength} to {@code maxLength} bytes.
     * The form sends the answered fields, then the file; storage refuses any other key, type, size, field, or a form
     * after the expiry. A POST cannot carry {@code If-None-Match}: the same form sent again before it expires
     * overwrites the object (with bytes of the same size and type).
     */
    public SignedPost signPost(String key, String contentType, long minLength, long maxLength, Duration ttl) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        AwsCredentialsIdentity identity = identity(now.toEpochMilli());
        String amzDate = AMZ_DATE.format(now);
        String credential = identity.accessKeyId() + "/" + amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        String token = identity instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
        Instant expiresAt = now.plus(ttl);
        StringBuilder policy = new StringBuilder(512)
                .append("{\"expiration\":\"")
                .append(POLICY_EXPIRATION.format(expiresAt))
                .append("\",\"conditions\":[")
                .append("{\"bucket\":")
                .append(json(bucket))
                .append("},[\"eq\",\"$key\",")
                .append(json(key))
                .append("],[\"eq\",\"$Content-Type\",")
                .append(json(contentType))
                .append("],[\"content-length-range\",")
                .append(minLength)
                .append(',')
                .append(maxLength)
                .append("],{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"},{\"x-amz-credential\":")
                .append(json(credential))
                .append("},{\"x-amz-date\":\"")
                .append(amzDate)
                .append("\"}");
        if (token != null) {
            policy.append(",{\"x-amz-security-token\":").append(json(token)).append('}');
        }
        policy.append("]}");
        String encoded = Base64.getEncoder().encodeToString(policy.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("Content-Type", contentType);
        fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", amzDate);
        if (token != null) {
            fields.put("x-amz-security-token", token);
        }
        fields.put("policy", encoded);
        fields.put(
                "x-amz-signature",
                PostSignature.sign(identity.secretAccessKey(), amzDate.substring(0, 8), region, "s3", encoded));
        return new SignedPost(bucketUrl, fields, expiresAt);
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * The credentials to sign with at {@code now}; starts a fetch on the refresher when they are due. Only a
     * volatile read and two comparisons for credentials that are not due.
     */
    private AwsCredentialsIdentity identity(long now) {
        Held current = held;
        if (current == null || now >= current.refreshAt()) {
            if (now >= nextAttempt && refreshing.compareAndSet(false, true)) {
                try {
                    refresher.execute(() -> {
                        try {
                            fetch();
                        } finally {
                            refreshing.set(false);
                        }
                    });
                } catch (RuntimeException rejected) {
                    refreshing.set(false);
                }
            }
            if (current == null || now >= current.expiresAt()) {
                throw SdkClientException.create("No valid S3 credentials: "
                        + (current == null ? "none could be resolved yet" : "they expired and could not be renewed"));
            }
        }
        return current.identity();
    }

    /** Resolves the credentials now, on this thread, and keeps them; a failure keeps the ones held. */
    private void fetch() {
        long now = clock.millis();
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            nextAttempt = now + RETRY_AFTER.toMillis();
            Held current = held;
            LOG.warnf(
                    "S3 credentials could not be resolved (%s); %s",
                    e.getCause() != null ? e.getCause() : e,
                    current == null
                            ? "URLs cannot be signed until they are"
                            : "the current ones are used until " + Instant.ofEpochMilli(current.expiresAt()));
            return;
        }
        long expiresAt = identity.expirationTime().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        if (expiresAt <= now) {
            nextAttempt = now + RETRY_AFTER.toMillis(); // the provider handed out expired credentials
        }
        long refreshAt;
        if (expiresAt != Long.MAX_VALUE) {
            // REFRESH_AHEAD before expiry, or half-way for short-lived credentials
            refreshAt = Math.max(now + (expiresAt - now) / 2, expiresAt - REFRESH_AHEAD.toMillis());
        } else {
            refreshAt =
                    credentials instanceof StaticCredentialsProvider ? Long.MAX_VALUE : now + REFRESH_EVERY.toMillis();
        }
        held = new Held(identity, refreshAt, expiresAt);
    }

    /** The signed request as a URL string, assembled from its encoded parts (no {@link URI} parsing per URL). */
    private static String url(SdkHttpRequest signed) {
        String query = signed.encodedQueryParameters().orElse("");
        StringBuilder url = new StringBuilder(signed.encodedPath().length() + query.length() + 64)
                .append(signed.protocol())
                .append("://")
                .append(signed.host());
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
