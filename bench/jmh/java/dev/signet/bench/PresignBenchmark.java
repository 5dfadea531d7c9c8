package dev.signet.bench;

import dev.signet.download.ContentDisposition;
import dev.signet.storage.UrlSigner;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The presigning layer alone, one thread, no HTTP, no database: URLs per second per core.
 * <ul>
 * <li>{@code app*}: Signet's presigning layer, {@link UrlSigner} (what {@code StorageService} calls for every
 * URL), configured as for the local stack (static credentials, us-east-1, endpoint override, path-style).</li>
 * <li>{@code sdkPresignGetObject}: the raw high-level SDK presigner, for reference.</li>
 * <li>{@code sdkV4SignerOnly}: the SDK's SigV4 signer on a prebuilt request (query-string auth, unsigned
 * payload), the lower bound of what any presigning layer on the AWS SDK can cost.</li>
 * </ul>
 * Run with {@code bench/jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PresignBenchmark {

    static final String ENDPOINT = "http://127.0.0.1:9000";
    static final String BUCKET = "signet";
    static final String TEAM = "01a20298-de67-703e-b93a-820710b13056";
    static final String KEY = TEAM + "/inputs/01a20299-0a51-7c3e-9d3a-2bd9b0a1a6f2/hello.txt";
    static final String DISPOSITION = ContentDisposition.of("attachment", "hello.txt");

    private S3Presigner presigner;
    private UrlSigner storage;
    private Map<String, String> uploadHeaders;
    private AwsV4HttpSigner signer;
    private AwsCredentialsIdentity identity;
    private SdkHttpRequest getRequest;

    @Setup
    public void setUp() {
        presigner = S3Presigner.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(ENDPOINT))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("signet-local", "signet-local-secret")))
                .build();
        storage = new UrlSigner(
                URI.create(ENDPOINT),
                "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("signet-local", "signet-local-secret")),
                true,
                BUCKET);
        uploadHeaders = new LinkedHashMap<>();
        uploadHeaders.put("Content-Type", "text/plain");
        uploadHeaders.put("Content-Length", "1024");
        uploadHeaders.put("If-None-Match", "*");
        signer = AwsV4HttpSigner.create();
        identity = AwsCredentialsIdentity.create("signet-local", "signet-local-secret");
        getRequest = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(ENDPOINT + "/" + BUCKET + "/" + KEY))
                .build();
    }

    @TearDown
    public void tearDown() {
        presigner.close();
    }

    /** Scenario (2), reference 000: a signed GET, no Content-Disposition. */
    @Benchmark
    public String appPresignDownload() {
        return storage.sign(SdkHttpMethod.GET, KEY, Map.of(), Map.of(), Duration.ofSeconds(600))
                .url();
    }

    /** Scenario (5), reference 004: a signed GET with a signed response-content-disposition. */
    @Benchmark
    public String appPresignDownloadWithDisposition() {
        return storage.sign(
                        SdkHttpMethod.GET,
                        KEY,
                        Map.of(),
                        Map.of("response-content-disposition", DISPOSITION),
                        Duration.ofHours(1))
                .url();
    }

    /** Scenarios (3) and (4): a signed PUT with Content-Type, Content-Length and If-None-Match. */
    @Benchmark
    public String appPresignUpload() {
        return storage.sign(SdkHttpMethod.PUT, KEY, uploadHeaders, Map.of(), Duration.ofMinutes(15))
                .url();
    }

    /** The high-level SDK presigner, as used directly. */
    @Benchmark
    public String sdkPresignGetObject() {
        return presigner
                .presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(600))
                        .getObjectRequest(g -> g.bucket(BUCKET).key(KEY)))
                .url()
                .toString();
    }

    /** The SigV4 signer alone on a prebuilt request: the floor of presigning with the AWS SDK. */
    @Benchmark
    public String sdkV4SignerOnly() {
        return signer.sign(r -> r.identity(identity)
                        .request(getRequest)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(600))
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false))
                .request()
                .getUri()
                .toString();
    }
}
