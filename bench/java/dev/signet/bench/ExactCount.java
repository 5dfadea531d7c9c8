package dev.signet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends exactly N POSTs with a fixed concurrency and waits for every answer, so the rows a scenario
 * created can be compared with its 2xx responses exactly (wrk stops with requests in flight that the
 * server completes but wrk never counts). Prints one JSON line with the status counts.
 *
 * <pre>java -cp ... dev.signet.bench.ExactCount &lt;url&gt; &lt;json-body&gt; &lt;requests&gt; &lt;concurrency&gt; [Header: value]...</pre>
 */
public final class ExactCount {

    private ExactCount() {}

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String body = args[1];
        int requests = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 4; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            builder.header(
                    args[i].substring(0, colon).trim(),
                    args[i].substring(colon + 1).trim());
        }
        HttpRequest request = builder.build();
        Semaphore permits = new Semaphore(concurrency);
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
        for (int i = 0; i < requests; i++) {
            permits.acquire();
            all[i] = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        String key = failure != null
                                ? "failed: " + failure.getClass().getSimpleName()
                                : Integer.toString(response.statusCode());
                        statuses.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        permits.release();
                        return null;
                    });
        }
        CompletableFuture.allOf(all).join();
        int ok = 0;
        Map<String, Integer> sorted = new TreeMap<>();
        for (Map.Entry<String, AtomicInteger> e : statuses.entrySet()) {
            sorted.put(e.getKey(), e.getValue().get());
            if (e.getKey().startsWith("2")) {
                ok += e.getValue().get();
            }
        }
        StringBuilder json = new StringBuilder("{\"requests\":")
                .append(requests)
                .append(",\"ok\":")
                .append(ok)
                .append(",\"non_2xx\":")
                .append(requests - ok)
                .append(",\"statuses\":{");
        String sep = "";
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        System.out.println(json.append("}}"));
    }
}
