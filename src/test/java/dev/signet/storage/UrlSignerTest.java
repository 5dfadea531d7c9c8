package dev.signet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.http.ContentDisposition;
import dev.signet.http.Outages;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link UrlSigner} makes the SDK presigner's URLs, byte for byte, for the same credentials, region,
 * endpoint, addressing, key, expiry, signed headers and signed query parameters; and it never resolves
 * credentials while signing. Plain JUnit: no app, no storage (the URLs working against S3Proxy is what the
 * integration tests show).
 * <p>
 * The SDK's presigner reads the time itself ({@code Instant.now()} in {@code DefaultS3Presigner}) and has no
 * clock to set, so each comparison fixes UrlSigner's clock to the second the SDK signed at (its
 * {@code X-Amz-Date}); the signature depends on nothing finer.
 */
class UrlSignerTest {

    private static final AwsBasicCredentials KEYS =
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String BUCKET = "signet";
    private static final String TEAM =
            "01a20298-de67-703e-b93a-820710b13056/inputs/01a20299-0a51-7c3e-9d3a-2bd9b0a1a6f2/";
    private static final List<String> KEYS_TO_SIGN = List.of(
            TEAM + "hello.txt",
            TEAM + "with spaces in it.txt",
            TEAM + "a+b=c.txt",
            TEAM + "100% sure.txt",
            TEAM + "ünïcødé straße.txt",
            TEAM + "日本語/ファイル.txt",
            TEAM + "tilde~name.txt",
            TEAM + "all of it + % ~ ü 日本 (1) [2] {3} !$&'*,;=@.bin");
    private static final Pattern AMZ_DATE = Pattern.compile("[?&]X-Amz-Date=(\\d{8}T\\d{6}Z)");
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX");

    private final List<S3Presigner> presigners = new ArrayList<>();

    @AfterEach
    void close() {
        presigners.forEach(S3Presigner::close);
    }

    /** The ways Signet is configured: an S3-compatible server (path style), a custom domain, AWS itself. */
    private enum Addressing {
        PATH_STYLE("http://127.0.0.1:9000", "us-east-1", true),
        VIRTUAL_HOST_CUSTOM_ENDPOINT("https://storage.example.test", "us-east-1", false),
        VIRTUAL_HOST_AWS(null, "eu-central-1", false),
        VIRTUAL_HOST_AWS_US_EAST_1(null, "us-east-1", false),
        PATH_STYLE_AWS(null, "eu-central-1", true);

        final URI endpoint;
        final String region;
        final boolean pathStyle;

        Addressing(String endpoint, String region, boolean pathStyle) {
            this.endpoint = endpoint == null ? null : URI.create(endpoint);
            this.region = region;
            this.pathStyle = pathStyle;
        }
    }

    private S3Presigner presigner(Addressing a) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(a.region))
                .credentialsProvider(StaticCredentialsProvider.create(KEYS))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(a.pathStyle)
                        .build());
        if (a.endpoint != null) {
            builder.endpointOverride(a.endpoint);
        }
        S3Presigner presigner = builder.build();
        presigners.add(presigner);
        return presigner;
    }

    /** UrlSigner for the same addressing, its clock fixed at the second {@code sdkUrl} was signed. */
    private static UrlSigner signerAt(Addressing a, String sdkUrl) {
        Matcher date = AMZ_DATE.matcher(sdkUrl);
        assertTrue(date.find(), sdkUrl);
        Instant signedAt = Instant.from(BASIC.parse(date.group(1)));
        return new UrlSigner(
                a.endpoint,
                a.region,
                StaticCredentialsProvider.create(KEYS),
                a.pathStyle,
                BUCKET,
                Runnable::run,
                Clock.fixed(signedAt.plusMillis(737), ZoneOffset.UTC));
    }

    /** One comparison: the SDK's URL for this addressing and key, then UrlSigner's for the same. */
    private interface Case {
        void check(Addressing addressing, S3Presigner presigner, String key);
    }

    private void forEveryAddressingAndKey(Case check) {
        for (Addressing a : Addressing.values()) {
            S3Presigner presigner = presigner(a);
            for (String key : KEYS_TO_SIGN) {
                check.check(a, presigner, key);
            }
        }
    }

    @Test
    void getUrlsAreTheSdksByteForByte() {
        Duration ttl = Duration.ofSeconds(600);
        forEveryAddressingAndKey((a, presigner, key) -> {
            String sdk = presigner
                    .presignGetObject(r -> r.signatureDuration(ttl)
                            .getObjectRequest(g -> g.bucket(BUCKET).key(key)))
                    .url()
                    .toString();
            String ours = signerAt(a, sdk)
                    .sign(SdkHttpMethod.GET, key, Map.of(), Map.of(), ttl)
                    .url();
            assertEquals(sdk, ours, a + " " + key);
        });
    }

    @Test
    void getUrlsWithASignedResponseDispositionAreTheSdks() {
        Duration ttl = Duration.ofHours(1);
        forEveryAddressingAndKey((a, presigner, key) -> {
            String name = key.substring(key.lastIndexOf('/') + 1);
            for (String disposition : List.of(
                    ContentDisposition.of("attachment", name),
                    ContentDisposition.of("inline", "quote \" and back\\slash; ü.txt"))) {
                String sdk = presigner
                        .presignGetObject(r -> r.signatureDuration(ttl)
                                .getObjectRequest(
                                        g -> g.bucket(BUCKET).key(key).responseContentDisposition(disposition)))
                        .url()
                        .toString();
                String ours = signerAt(a, sdk)
                        .sign(
                                SdkHttpMethod.GET,
                                key,
                                Map.of(),
                                Map.of("response-content-disposition", disposition),
                                ttl)
                        .url();
                assertEquals(sdk, ours, a + " " + key + " " + disposition);
            }
        });
    }

    @Test
    void putUrlsWithSignedHeadersAreTheSdks() {
        Duration ttl = Duration.ofMinutes(15);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Content-Length", "1024");
        headers.put("If-None-Match", "*");
        forEveryAddressingAndKey((a, presigner, key) -> {
            var presigned = presigner.presignPutObject(r -> r.signatureDuration(ttl)
                    .putObjectRequest(p -> p.bucket(BUCKET)
                            .key(key)
                            .contentType("text/plain; charset=utf-8")
                            .contentLength(1024L)
                            .ifNoneMatch("*")));
            String sdk = presigned.url().toString();
            String ours = signerAt(a, sdk)
                    .sign(SdkHttpMethod.PUT, key, headers, Map.of(), ttl)
                    .url();
            assertEquals(sdk, ours, a + " " + key);
            // the same headers are the ones the SDK says the client must send (besides Host)
            Map<String, List<String>> sdkHeaders = new LinkedHashMap<>(presigned.signedHeaders());
            sdkHeaders.remove("host");
            assertEquals(
                    Map.of(
                            "content-type",
                            List.of("text/plain; charset=utf-8"),
                            "content-length",
                            List.of("1024"),
                            "if-none-match",
                            List.of("*")),
                    sdkHeaders,
                    a + " " + key);
        });
    }

    // --- credentials: resolved at construction, refreshed off the signing thread --------------------

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A provider that counts its calls and hands out what the test set (or fails). */
    private static final class CountingProvider implements IdentityProvider<AwsCredentialsIdentity> {
        final AtomicInteger calls = new AtomicInteger();
        volatile AwsCredentialsIdentity next;
        volatile RuntimeException failure;

        @Override
        public Class<AwsCredentialsIdentity> identityType() {
            return AwsCredentialsIdentity.class;
        }

        @Override
        public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return CompletableFuture.completedFuture(next);
        }
    }

    private static AwsSessionCredentials session(String id, Instant expires) {
        return AwsSessionCredentials.builder()
                .accessKeyId(id)
                .secretAccessKey("secret-" + id)
                .sessionToken("token-" + id)
                .expirationTime(expires)
                .build();
    }

    private static String credentialOf(String url) {
        Matcher m = Pattern.compile("X-Amz-Credential=([^%&]+)").matcher(url);
        assertTrue(m.find(), url);
        return m.group(1);
    }

    private static String sign(UrlSigner signer) {
        return signer.sign(SdkHttpMethod.GET, "a.txt", Map.of(), Map.of(), Duration.ofMinutes(1))
                .url();
    }

    @Test
    void staticCredentialsAreResolvedOnceAndNeverAgain() {
        TestClock clock = new TestClock();
        List<Runnable> refreshes = new ArrayList<>();
        UrlSigner signer = new UrlSigner(
                null, "eu-central-1", StaticCredentialsProvider.create(KEYS), false, BUCKET, refreshes::add, clock);
        for (int day = 0; day < 30; day++) {
            clock.now = clock.now.plus(Duration.ofDays(1));
            assertEquals("AKIDEXAMPLE", credentialOf(sign(signer)));
        }
        assertTrue(refreshes.isEmpty(), "no refresh of static credentials");
    }

    @Test
    void expiringCredentialsAreRenewedAheadOfExpiryOnTheRefresherNotWhileSigning() {
        TestClock clock = new TestClock();
        CountingProvider provider = new CountingProvider();
        provider.next = session("FIRST", clock.now.plus(Duration.ofHours(1)));
        List<Runnable> refresher = new ArrayList<>();
        UrlSigner signer = new UrlSigner(null, "eu-central-1", provider, false, BUCKET, refresher::add, clock);
        assertEquals(1, provider.calls.get(), "resolved once, when built");

        clock.now = clock.now.plus(Duration.ofMinutes(54));
        for (int i = 0; i < 100; i++) {
            assertEquals("FIRST", credentialOf(sign(signer)));
        }
        assertEquals(1, provider.calls.get(), "signing never resolves credentials");
        assertTrue(refresher.isEmpty());

        clock.now = clock.now.plus(Duration.ofMinutes(2)); // within 5 minutes of expiry
        provider.next = session("SECOND", clock.now.plus(Duration.ofHours(1)));
        assertEquals("FIRST", credentialOf(sign(signer)), "still valid: used while the next ones are fetched");
        assertEquals("FIRST", credentialOf(sign(signer)));
        assertEquals(1, refresher.size(), "one fetch handed to the refresher, however many URLs are signed");
        assertEquals(1, provider.calls.get(), "and not run on the signing thread");

        refresher.remove(0).run();
        assertEquals(2, provider.calls.get());
        assertEquals("SECOND", credentialOf(sign(signer)));
        assertTrue(refresher.isEmpty());
    }

    @Test
    void credentialsWithoutExpiryFromAProviderThatIsNotStaticAreFetchedAgainEveryMinute() {
        TestClock clock = new TestClock();
        CountingProvider provider = new CountingProvider();
        provider.next = AwsBasicCredentials.create("PROFILE1", "secret");
        List<Runnable> refresher = new ArrayList<>();
        UrlSigner signer = new UrlSigner(null, "eu-central-1", provider, false, BUCKET, refresher::add, clock);
        clock.now = clock.now.plusSeconds(59);
        assertEquals("PROFILE1", credentialOf(sign(signer)));
        assertTrue(refresher.isEmpty());
        clock.now = clock.now.plusSeconds(1);
        provider.next = AwsBasicCredentials.create("PROFILE2", "secret");
        assertEquals("PROFILE1", credentialOf(sign(signer)));
        refresher.remove(0).run();
        assertEquals("PROFILE2", credentialOf(sign(signer)), "a rotated key file is picked up within a minute");
    }

    @Test
    void withoutCredentialsSigningFailsAsAStorageOutageUntilTheyCome() {
        TestClock clock = new TestClock();
        CountingProvider provider = new CountingProvider();
        provider.failure = new IllegalStateException("IMDS unreachable");
        List<Runnable> refresher = new ArrayList<>();
        UrlSigner signer = new UrlSigner(null, "eu-central-1", provider, false, BUCKET, refresher::add, clock);

        SdkClientException failure = assertThrows(SdkClientException.class, () -> sign(signer));
        assertEquals(Outages.Service.STORAGE, Outages.unavailable(failure));
        assertTrue(refresher.isEmpty(), "no new attempt within 5 s of a failed one");

        clock.now = clock.now.plus(Duration.ofSeconds(6));
        assertThrows(SdkClientException.class, () -> sign(signer));
        assertEquals(1, refresher.size());
        provider.failure = null;
        provider.next = session("LATE", clock.now.plus(Duration.ofHours(6)));
        refresher.remove(0).run();
        assertEquals("LATE", credentialOf(sign(signer)));
    }

    @Test
    void expiredCredentialsThatCannotBeRenewedAreNotUsed() {
        TestClock clock = new TestClock();
        CountingProvider provider = new CountingProvider();
        provider.next = session("SHORT", clock.now.plus(Duration.ofMinutes(10)));
        UrlSigner signer = new UrlSigner(null, "eu-central-1", provider, false, BUCKET, Runnable::run, clock);
        provider.failure = new IllegalStateException("STS down");
        clock.now = clock.now.plus(Duration.ofMinutes(6)); // past half-life: a fetch, which fails
        assertEquals("SHORT", credentialOf(sign(signer)));
        clock.now = clock.now.plus(Duration.ofMinutes(5)); // expired
        assertThrows(SdkClientException.class, () -> sign(signer));
    }
}
