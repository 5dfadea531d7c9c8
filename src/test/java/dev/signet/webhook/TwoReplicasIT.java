package dev.signet.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.localstack.LocalStack;
import dev.signet.support.Await;
import dev.signet.support.WebhookReceiver;
import dev.signet.support.WebhookReceiver.Received;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged application ({@code target/quarkus-app}, %prod profile, started with
 * {@code java -jar} as in production) against one PostgreSQL: every event is delivered exactly once, both
 * replicas deliver, and the per-webhook concurrency limit holds across them. Runs in Maven's
 * {@code integration-test} phase (failsafe), after {@code package} built the jar that the @QuarkusTest suite
 * (surefire, {@code test} phase) cannot use yet.
 */
class TwoReplicasIT {

    private static final int EVENTS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Replica(String name, int port, Process process, Path log) {

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @Test
    void eachEventIsDeliveredExactlyOnceWithTwoReplicasRunning() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is built by `package`, before this test runs");
        Path s3proxy = Path.of(System.getProperty("signet.local-stack.s3proxy-jar", "target/local-stack/s3proxy.jar"));
        List<Replica> replicas = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(
                        Path.of("target/local-stack-it").toAbsolutePath(), false, 0, 0, s3proxy));
                WebhookReceiver receiver = WebhookReceiver.start()) {
            try {
                run(stack, receiver, jar, replicas);
            } finally {
                // before the stack stops (the end of this block), so no replica sees its database go away
                for (Replica replica : replicas) {
                    replica.process().destroy();
                    if (!replica.process().waitFor(30, TimeUnit.SECONDS)) {
                        replica.process().destroyForcibly();
                    }
                }
            }
        }
    }

    private static void run(LocalStack stack, WebhookReceiver receiver, Path jar, List<Replica> replicas)
            throws Exception {
        Map<String, String> config = new LinkedHashMap<>(stack.config());
        config.put("mp.jwt.verify.issuer", "https://signet.it");
        config.put("mp.jwt.verify.audiences", "signet");
        config.put("quarkus.shutdown.delay-enabled", "false");
        config.put("signet.webhooks.allow-private-targets", "true"); // the receiver is on loopback
        config.put("signet.webhooks.poll-interval", "PT0.2S");
        config.put("signet.webhooks.batch", "5");
        config.put("signet.webhooks.secret-key", "aXQtb25seS1rZXktLS0tLS0tLS0tLS0tLS0tLS0tLS0=");
        // one after the other: the first migrates the empty database
        replicas.add(start("a", jar, config));
        replicas.add(start("b", jar, config));

        DataSource db = stack.postgres().getDatabase("postgres", LocalStack.DATABASE);
        String key = seedTeamAndKey(db);
        String hook = "replicas";
        Map<String, Object> webhook = call(
                replicas.get(0),
                "POST",
                "/api/v1/webhooks",
                key,
                "{\"url\":\"" + receiver.url(hook) + "\",\"events\":[\"asset.deleted\"]}",
                201);
        receiver.configure(hook, (String) webhook.get("secret"), "ok", 0, 0, 30);

        // events made on both replicas: a pending upload each, then deleted (asset.deleted)
        List<String> assets = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Map<String, Object> created = call(
                    replicas.get(i % 2),
                    "POST",
                    "/api/v1/assets/upload-url",
                    key,
                    "{\"type\":\"data\",\"content_type\":\"text/plain\"}",
                    201);
            @SuppressWarnings("unchecked")
            Map<String, Object> asset = (Map<String, Object>) created.get("asset");
            assets.add((String) asset.get("id"));
        }
        for (int i = 0; i < EVENTS; i++) {
            call(replicas.get((i + 1) % 2), "DELETE", "/api/v1/assets/" + assets.get(i), key, null, 204);
        }

        List<Received> received = receiver.await(
                hook, r -> r.stream().map(Received::id).distinct().count() >= EVENTS, Duration.ofSeconds(120));
        WebhookReceiver.sleep(3000); // anything sent twice would arrive by now
        received = receiver.received(hook);
        Set<String> events = strings(db, "SELECT id::text FROM asset_events WHERE type = 'asset.deleted'");
        assertEquals(EVENTS, events.size());
        assertEquals(EVENTS, received.size(), "each event once, none twice");
        assertEquals(events, received.stream().map(Received::id).collect(Collectors.toSet()));
        assertTrue(received.stream().allMatch(Received::verified), "every message verifies");
        assertEquals(Set.of("delivered"), strings(db, "SELECT DISTINCT state FROM webhook_deliveries"));
        assertEquals(Set.of("1"), strings(db, "SELECT DISTINCT attempts::text FROM webhook_deliveries"));
        Set<String> senders = strings(db, "SELECT DISTINCT sent_by FROM webhook_attempts");
        assertEquals(2, senders.size(), "both replicas delivered: " + senders);
        int max = receiver.maxInFlight(hook);
        assertTrue(max <= 4, "signet.webhooks.max-in-flight-per-webhook (4) across both replicas: " + max);

        quotaHoldsAcrossReplicas(db, replicas);
        aLinkRevokedOnOneReplicaIsRefusedOnTheOther(db, replicas);
    }

    /**
     * Issue 22: a download link revoked on one replica is refused by the other on the very next request (nothing on
     * the redirect's path is cached: the bound is 0), and so is a link whose asset was deleted on the other.
     */
    private static void aLinkRevokedOnOneReplicaIsRefusedOnTheOther(DataSource db, List<Replica> replicas)
            throws Exception {
        String key = seedTeamAndKey(db);
        UUID asset = UUID.randomUUID();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO assets (id, team_id, created_by, type, kind,"
                        + " state, object_key, file_name, content_type, size_bytes)"
                        + " SELECT ?, team_id, 'it', 'data', 'input', 'ready', team_id || '/inputs/' || ? || '/it.txt',"
                        + " 'it.txt', 'text/plain', 3 FROM api_keys WHERE secret_hash = ?")) {
            s.setObject(1, asset);
            s.setString(2, asset.toString());
            s.setString(
                    3,
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            assertEquals(1, s.executeUpdate());
        }
        for (int round = 0; round < 20; round++) {
            Replica maker = replicas.get(round % 2);
            Replica other = replicas.get((round + 1) % 2);
            Map<String, Object> link = call(
                    maker,
                    "POST",
                    "/api/v1/links",
                    key,
                    "{\"asset_id\":\"" + asset + "\",\"expires_at\":\""
                            + java.time.Instant.now().plusSeconds(600) + "\"}",
                    201);
            String url = (String) link.get("url");
            String path = url.substring(url.indexOf("/l/"));
            assertEquals(302, use(other, path), "usable on the other replica");
            assertEquals(302, use(maker, path));
            call(maker, "DELETE", "/api/v1/links/" + link.get("id"), key, null, 200);
            assertEquals(410, use(other, path), "revoked on " + maker.name() + ", refused at once on " + other.name());
            assertEquals(410, use(maker, path));
        }
        Map<String, Object> link = call(
                replicas.get(0),
                "POST",
                "/api/v1/links",
                key,
                "{\"asset_id\":\"" + asset + "\",\"expires_at\":\""
                        + java.time.Instant.now().plusSeconds(600) + "\"}",
                201);
        String url = (String) link.get("url");
        String path = url.substring(url.indexOf("/l/"));
        assertEquals(302, use(replicas.get(1), path));
        call(replicas.get(0), "DELETE", "/api/v1/assets/" + asset, key, null, 204);
        assertEquals(410, use(replicas.get(1), path), "the asset deleted on a, its link refused at once on b");
    }

    private static int use(Replica replica, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(replica.url(path))).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * Issue 20: 200 upload-URL requests at once, split over both replicas, against a team with room for exactly 50
     * files: exactly 50 get 201, the rest 409 {@code quota_exceeded}, and the team's counters say 50.
     */
    private static void quotaHoldsAcrossReplicas(DataSource db, List<Replica> replicas) throws Exception {
        String key = seedTeamAndKey(db);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE team_quotas SET has_override = true, quota_files = 50"
                        + " WHERE team_id = (SELECT team_id FROM api_keys WHERE secret_hash = ?)")) {
            s.setString(
                    1,
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            assertEquals(1, s.executeUpdate());
        }
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(replicas.get(i % 2).url("/api/v1/assets/upload-url")))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"type\":\"data\",\"content_type\":\"text/plain\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int created = 0;
        for (var answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 201) {
                created++;
            } else {
                assertEquals(409, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"quota_exceeded\""), response.body());
            }
        }
        assertEquals(50, created, "exactly the uploads that fit, across both replicas");
        assertEquals(
                Set.of("0|50"),
                strings(
                        db,
                        "SELECT concat_ws('|', q.used_files, q.reserved_files) FROM team_quotas q"
                                + " JOIN api_keys k ON k.team_id = q.team_id AND k.secret_hash = '"
                                + HexFormat.of()
                                        .formatHex(MessageDigest.getInstance("SHA-256")
                                                .digest(key.getBytes(StandardCharsets.UTF_8)))
                                + "'"));
    }

    private static Replica start(String name, Path jar, Map<String, String> config) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = Path.of("target/two-replicas-" + name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Replica replica = new Replica(name, port, process, log);
        boolean ready = Await.within(Duration.ofSeconds(120), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited; its log: " + Files.readString(log));
            }
            try {
                return HTTP.send(
                                        HttpRequest.newBuilder(URI.create(replica.url("/q/health/ready")))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException notYet) {
                return false; // not listening yet
            }
        });
        if (!ready) {
            throw new AssertionError("replica " + name + " not ready in 120 s; its log: " + Files.readString(log));
        }
        return replica;
    }

    /** A team and an sk- key, written as Signet writes them (the key stored as its SHA-256). */
    private static String seedTeamAndKey(DataSource db) throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        UUID team = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO teams (id, name, created_by) VALUES (?, 'it', 'it')")) {
                s.setObject(1, team);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO api_keys (id, team_id, name, kind, prefix, "
                    + "secret_hash, created_by) VALUES (?, ?, 'it', 'sk', ?, ?, 'it')")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, team);
                s.setString(3, token.substring(0, 10));
                s.setString(4, hash);
                s.executeUpdate();
            }
        }
        return token;
    }

    private static Map<String, Object> call(
            Replica replica, String method, String path, String key, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica.url(path)))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(
                expected,
                response.statusCode(),
                method + " " + path + " on " + replica.name() + ": " + response.body());
        return response.body().isEmpty() ? Map.of() : JSON.readValue(response.body(), Map.class);
    }

    private static Set<String> strings(DataSource db, String sql) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
