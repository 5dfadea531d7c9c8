package dev.signet.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything Signet needs, embedded, for dev mode and tests: a PostgreSQL (zonky) in this JVM's care and
 * an S3Proxy child JVM (filesystem backend, SigV4 checked) with the bucket created. Never part of the
 * production artifact: these sources are test sources, and dev mode adds them only under {@code -Plocal}.
 */
public final class LocalStack implements AutoCloseable {

    public static final String DATABASE = "signet";
    public static final String BUCKET = "signet";
    public static final String ACCESS_KEY = "signet-local";
    public static final String SECRET_KEY = "signet-local-secret";

    /**
     * The bucket's CORS rules, for pages that PUT to upload URLs and read downloads (the demo in dev mode, the
     * browser test): S3Proxy's properties take space-separated lists, origins as whole-match regular expressions.
     * Any page served from this machine may PUT with the headers upload URLs sign and GET; {@code null} is the
     * origin a browser sends to S3 after a cross-origin redirect (a page on another origin than Signet that
     * {@code fetch}es the public download's 302), and S3Proxy answers it with {@code Access-Control-Allow-Origin:
     * null}. {@code ETag} (read by Uppy) and {@code Content-Disposition} (the file name) are readable.
     */
    public static final Map<String, String> CORS = Map.of(
            "s3proxy.cors-allow-origins", "http://localhost(:[0-9]+)? http://127\\.0\\.0\\.1(:[0-9]+)? null",
            "s3proxy.cors-allow-methods", "GET HEAD PUT POST",
            "s3proxy.cors-allow-headers", "Content-Type If-None-Match x-amz-checksum-sha256",
            "s3proxy.cors-exposed-headers", "ETag Content-Disposition Content-Length");

    /**
     * @param dataDir    where PostgreSQL's data and the S3 objects live
     * @param keepData   false wipes both at start (tests), true keeps them between runs (dev)
     * @param pgPort     0 for any free port
     * @param s3Port     0 for any free port
     * @param s3proxyJar the S3Proxy jar-with-dependencies the build copied
     */
    public record Settings(Path dataDir, boolean keepData, int pgPort, int s3Port, Path s3proxyJar) {}

    private EmbeddedPostgres postgres;
    private final Settings settings;
    private final int s3Port;
    private Process s3proxy;

    private LocalStack(EmbeddedPostgres postgres, Settings settings, Process s3proxy, int s3Port) {
        this.postgres = postgres;
        this.settings = settings;
        this.s3proxy = s3proxy;
        this.s3Port = s3Port;
    }

    public static LocalStack start(Settings settings) {
        Path pgData = settings.dataDir().resolve("postgres");
        Path s3Data = settings.dataDir().resolve("s3");
        EmbeddedPostgres postgres = null;
        try {
            if (!settings.keepData()) {
                deleteRecursively(settings.dataDir());
            }
            Files.createDirectories(pgData);
            Files.createDirectories(s3Data.resolve(BUCKET));
            postgres = startPostgres(pgData, settings.pgPort());
            createDatabase(postgres);
            int s3Port = settings.s3Port() > 0 ? settings.s3Port() : freePort();
            Process s3proxy = startS3Proxy(settings.s3proxyJar(), s3Data, s3Port, settings.dataDir());
            return new LocalStack(postgres, settings, s3proxy, s3Port);
        } catch (IOException | RuntimeException e) {
            closeQuietly(postgres);
            throw new IllegalStateException("The local stack did not start: " + e.getMessage(), e);
        }
    }

    /** The Quarkus configuration that points Signet at this stack. */
    public Map<String, String> config() {
        int pgPort = postgres.getPort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + pgPort + "/" + DATABASE);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DATABASE);
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        config.put("quarkus.s3.endpoint-override", s3Endpoint());
        config.put("quarkus.s3.path-style-access", "true");
        config.put("quarkus.s3.aws.region", "us-east-1");
        config.put("quarkus.s3.aws.credentials.type", "static");
        config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY);
        config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
        config.put("signet.storage.bucket", BUCKET);
        return config;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** Stops the S3 server, for tests of what Signet does when storage is unreachable. */
    public synchronized void stopS3() {
        s3proxy.destroy();
        try {
            s3proxy.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the S3 server again on the same port with the same data. */
    public synchronized void startS3() {
        if (s3proxy.isAlive()) {
            return;
        }
        try {
            s3proxy = startS3Proxy(settings.s3proxyJar(), settings.dataDir().resolve("s3"), s3Port, settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops PostgreSQL, keeping its data, for tests of what Signet does when the database is unreachable. */
    public synchronized void stopPostgres() {
        closeQuietly(postgres);
    }

    /** Starts PostgreSQL again on the same port with the same data. */
    public synchronized void startPostgres() {
        try {
            postgres = startPostgres(settings.dataDir().resolve("postgres"), postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Override
    public void close() {
        stopS3();
        closeQuietly(postgres);
    }

    private static void createDatabase(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    private static Process startS3Proxy(Path jar, Path data, int port, Path workDir) throws IOException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + ": run the build once (./mvnw -Plocal or ./mvnw verify) so it is copied there");
        }
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", ACCESS_KEY);
        props.setProperty("s3proxy.credential", SECRET_KEY);
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", data.toAbsolutePath().toString());
        CORS.forEach(props::setProperty);
        Path conf = workDir.resolve("s3proxy.conf");
        try (Writer out = Files.newBufferedWriter(conf)) {
            props.store(out, "generated by Signet's local stack");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The watchdog ends S3Proxy when this JVM goes away, even when it is killed without shutdown hooks.
        String classPath = jar.toAbsolutePath() + File.pathSeparator + ownClassPath();
        List<String> command = new ArrayList<>(List.of(
                javaBin,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                S3ProxyWatchdog.class.getName(),
                "--properties",
                conf.toAbsolutePath().toString()));
        Path log = workDir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "s3proxy-stop"));
        awaitPort(process, port, log);
        return process;
    }

    private static String ownClassPath() {
        try {
            return Path.of(S3ProxyWatchdog.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitPort(Process process, int port, Path log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited at start; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        process.destroy();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within 60 s; see " + log);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort on the way out
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
