package dev.signet.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The test's webhook receiver: {@code src/test/node/scripts/webhook-receiver.mjs}, a Node server that verifies every
 * delivery with the {@code standardwebhooks} npm package (the Standard Webhooks project's library, pinned in the
 * Node harness's package-lock.json, which the build installs before the tests), records it, and answers 204, 500 or
 * nothing as the test asks, per hook name.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final Path DIR = Path.of("src/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static WebhookReceiver shared;

    /** One delivery as the receiver saw it; {@code body} is the request body exactly as sent. */
    public record Received(
            String id,
            String timestamp,
            boolean verified,
            String error,
            String type,
            Map<String, Object> payload,
            Object answered,
            String body) {

        public long timestampSeconds() {
            return Long.parseLong(timestamp);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> asset() {
            return (Map<String, Object>) ((Map<String, Object>) payload.get("data")).get("asset");
        }
    }

    private final Process process;
    private final int port;

    private WebhookReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The receiver of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized WebhookReceiver shared() {
        if (shared == null) {
            shared = start();
            WebhookReceiver started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return shared;
    }

    public static WebhookReceiver start() {
        try {
            install();
            Process process = new ProcessBuilder("node", "scripts/webhook-receiver.mjs")
                    .directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening ")) {
                process.destroy();
                throw new IllegalStateException("the webhook receiver did not start: " + line);
            }
            return new WebhookReceiver(
                    process,
                    Integer.parseInt(line.substring("listening ".length()).trim()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node (Node.js 20.19 or newer must be on the PATH)", e);
        }
    }

    /** The build's node-install step (src/test/node/scripts/install.mjs) put the package there. */
    private static void install() {
        if (!Files.exists(DIR.resolve("node_modules/standardwebhooks/package.json"))) {
            throw new IllegalStateException("standardwebhooks is not installed in " + DIR
                    + ": run the tests with ./mvnw (its node-install step runs npm ci there)");
        }
    }

    public int port() {
        return port;
    }

    /** The URL Signet should deliver to for this hook. */
    public String url(String hook) {
        return "http://127.0.0.1:" + port + "/hooks/" + hook;
    }

    /** How the hook answers: {@code ok} (204), {@code fail} (500) or {@code hang}; the first N may fail or hang. */
    public void configure(String hook, String secret, String mode, int failFirst, int hangFirst, int delayMs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("secret", secret);
        config.put("mode", mode);
        config.put("fail_first", failFirst);
        config.put("hang_first", hangFirst);
        config.put("delay_ms", delayMs);
        try {
            send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control/hooks/" + hook))
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void configure(String hook, String secret) {
        configure(hook, secret, "ok", 0, 0, 0);
    }

    /** The most deliveries the hook had open at once. */
    public int maxInFlight(String hook) {
        return ((Number) state(hook).get("max_in_flight")).intValue();
    }

    private Map<String, Object> state(String hook) {
        try {
            String body = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control/hooks/" + hook))
                    .GET()
                    .build());
            return JSON.readValue(body, new TypeReference<>() {});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the hook received so far, in order. */
    @SuppressWarnings("unchecked")
    public List<Received> received(String hook) {
        List<Received> received = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) state(hook).get("received")) {
            received.add(new Received(
                    (String) r.get("id"),
                    (String) r.get("timestamp"),
                    Boolean.TRUE.equals(r.get("verified")),
                    (String) r.get("error"),
                    (String) r.get("type"),
                    (Map<String, Object>) r.get("payload"),
                    r.get("answered"),
                    (String) r.get("body")));
        }
        return received;
    }

    /** Waits until what the hook received satisfies {@code done}; fails with what it has after {@code timeout}. */
    public List<Received> await(String hook, Predicate<List<Received>> done, Duration timeout) {
        List<Received> received = Await.poll(timeout, () -> received(hook), done);
        if (!done.test(received)) {
            throw new AssertionError("hook " + hook + " received, after " + timeout + ": " + received);
        }
        return received;
    }

    /** Waits until the hook has received at least {@code n} deliveries. */
    public List<Received> awaitCount(String hook, int n, Duration timeout) {
        return await(hook, r -> r.size() >= n, timeout);
    }

    private static String send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("receiver answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A pause for a test that checks nothing more arrives (a quiet period: there is nothing to poll for). */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
