package dev.signet.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain HTTP client for using presigned URLs as a browser, SDK or curl would. Every test PUTs to storage with
 * {@link #put}, so a refusal is always seen as storage's answer.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** The slice of the body sent between two looks for an early answer. */
    private static final int SLICE = 64 * 1024;

    /** The status, the response headers (names in lower case) and the body. */
    public record Answer(int statusCode, Map<String, String> headers, String body) {

        /** The ETag without quotes. */
        public String etag() {
            String etag = headers.get("etag");
            return etag == null ? null : etag.replace("\"", "");
        }
    }

    private Http() {}

    /**
     * PUTs {@code body} with these headers (Content-Length always follows the body, as on the wire) as curl does:
     * {@code Expect: 100-continue}, the body in slices, and storage's answer read whenever it comes. S3Proxy (Jetty)
     * answers 100 before it checks the signature, refuses (403) after the first bytes of the body and closes the
     * connection; java.net.http then loses the answer ("header parser received no bytes": 6 to 27 of 100 refused
     * 1 MiB PUTs with expectContinue on a loaded machine). Here the answer is read from the socket even after the send
     * failed: it is waiting in the receive buffer.
     */
    public static Answer put(String url, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only (storage in tests): " + url);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write(head(uri, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.setSoTimeout(30_000);
            Answer early = null;
            // as curl: a server that sends no 100 gets the body after a second (a late 100 is skipped below)
            if (body.length > 0 && answerWaiting(socket, in, 1000)) {
                Answer interim = readHead(in);
                early = interim.statusCode() >= 200 ? interim : null;
            }
            IOException sending = null;
            try {
                for (int sent = 0; early == null && sent < body.length; ) {
                    if (in.available() > 0) {
                        Answer answer = readHead(in); // a late 100, or the refusal: then the rest is not sent
                        early = answer.statusCode() >= 200 ? answer : null;
                        continue;
                    }
                    int slice = Math.min(SLICE, body.length - sent);
                    out.write(body, sent, slice);
                    sent += slice;
                }
                out.flush();
            } catch (IOException refusedWhileSending) {
                sending = refusedWhileSending; // storage answered and closed before taking the whole body
            }
            try {
                Answer answer = early != null ? early : readHead(in);
                while (answer.statusCode() < 200) {
                    answer = readHead(in);
                }
                return withBody(answer, in);
            } catch (IOException noAnswer) {
                if (sending != null) {
                    noAnswer.addSuppressed(sending);
                }
                throw noAnswer;
            }
        } catch (IOException e) {
            throw new IllegalStateException("PUT " + uri.getRawPath() + ": no answer from storage", e);
        }
    }

    /**
     * POSTs a browser's form upload (an S3 POST policy): {@code multipart/form-data} of {@code fields} in order, then
     * the file as the last part, as {@code @uppy/aws-s3}'s {@code buildPostPolicyForm} does.
     */
    public static Answer postForm(String url, Map<String, String> fields, String fileType, byte[] file) {
        String boundary = "----signet-form-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                        + "Content-Type: " + fileType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return new Answer(response.statusCode(), headers, response.body());
    }

    public static HttpResponse<byte[]> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new java.util.Random(size).nextBytes(data);
        return data;
    }

    private static String head(URI uri, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder("PUT ").append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        // the Host header as java.net.http and the SDKs send it (and sign it): the port only when there is one
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() >= 0) {
            head.append(':').append(uri.getPort());
        }
        head.append("\r\nContent-Length: ").append(length).append("\r\nConnection: close\r\n");
        if (length > 0) {
            head.append("Expect: 100-continue\r\n");
        }
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        return head.append("\r\n").toString();
    }

    /** Whether a response's first byte arrives within {@code millis} (nothing is consumed). */
    private static boolean answerWaiting(Socket socket, InputStream in, int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        in.mark(1);
        try {
            in.read();
            in.reset();
            return true;
        } catch (SocketTimeoutException nothingYet) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    private static Answer readHead(InputStream in) throws IOException {
        String statusLine = line(in);
        while (statusLine.isEmpty()) {
            statusLine = line(in);
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        String[] parts = statusLine.split(" ");
        return new Answer(Integer.parseInt(parts[1]), headers, "");
    }

    private static Answer withBody(Answer head, InputStream in) throws IOException {
        String length = head.headers().get("content-length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).trim(), 16)) {
                all.write(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Answer(head.statusCode(), head.headers(), new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of the response head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
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
}
