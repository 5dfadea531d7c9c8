package dev.signet.support;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Sends a file's bytes as {@code @uppy/aws-s3} does with the answer of Companion's {@code GET /s3/params}: a
 * {@code PUT} of the bytes with the answer's {@code headers}, or a {@code POST} of a multipart/form-data body whose
 * parts are the answer's {@code fields}, in order, then {@code file}.
 */
public final class UppyUploads {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private UppyUploads() {}

    /** Sends {@code bytes} as the {@code params} answer says; answers storage's status and body. */
    public static Http.Answer send(JsonPath params, String fileName, String contentType, byte[] bytes) {
        String method = params.getString("method");
        Map<String, String> headers = params.getMap("headers") == null ? Map.of() : params.getMap("headers");
        if ("PUT".equals(method)) {
            return Http.put(params.getString("url"), headers, bytes);
        }
        if (!"POST".equals(method)) {
            throw new IllegalArgumentException("Uppy sends PUT or POST, not " + method);
        }
        Map<String, String> fields = params.getMap("fields") == null ? Map.of() : params.getMap("fields");
        return post(params.getString("url"), headers, new LinkedHashMap<>(fields), fileName, contentType, bytes);
    }

    private static Http.Answer post(
            String url,
            Map<String, String> headers,
            Map<String, String> fields,
            String fileName,
            String contentType,
            byte[] bytes) {
        String boundary = "----uppy" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(bytes);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-type") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            answer.headers().map().forEach((name, values) -> answerHeaders.put(name.toLowerCase(), values.get(0)));
            return new Http.Answer(answer.statusCode(), answerHeaders, answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST to storage: no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
