package dev.signet.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A plain HTTP client for using presigned URLs exactly as a browser or SDK would. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Http() {}

    /**
     * PUTs {@code body} with these headers (Content-Length always follows the body, as on the wire). Like
     * curl for large bodies it asks {@code Expect: 100-continue}, so a refusal arrives before the bytes.
     */
    public static HttpResponse<String> put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .expectContinue(body.length > 64 * 1024)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<byte[]> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Sends once more when a pooled keep-alive connection turns out to be closed before any response byte
     * arrived ("header parser received no bytes"), as browsers and SDKs do; anything else fails the test.
     */
    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            try {
                return CLIENT.send(request, handler);
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                return CLIENT.send(request, handler);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new java.util.Random(size).nextBytes(data);
        return data;
    }
}
