package dev.signet.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PUT of a large body to a presigned URL as curl sends it: {@code Expect: 100-continue}, the body after storage's
 * 100, and storage's answer read even when it came (and the connection closed) before the whole body was sent, as
 * S3Proxy does for a refused signature. Java's HttpClient loses those answers ("header parser received no bytes",
 * "broken pipe"), so the refusals of multipart tests (403 for another part size) are sent this way.
 */
public final class PartPut {

    /** The status, the response headers (names in lower case) and the body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        /** The ETag without quotes. */
        public String etag() {
            String etag = headers.get("etag");
            return etag == null ? null : etag.replace("\"", "");
        }
    }

    private PartPut() {}

    /** PUTs {@code body} with these headers (Content-Length always follows the body, as on the wire). */
    public static Answer put(String url, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("PUT ").append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost())
                    .append(':')
                    .append(uri.getPort())
                    .append("\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\nExpect: 100-continue\r\nConnection: close\r\n");
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(5_000);
            Answer first;
            try {
                first = readHead(in);
            } catch (SocketTimeoutException noInterimAnswer) {
                first = null; // a server that does not answer 100: the client goes on after a while (RFC 9110)
            }
            socket.setSoTimeout(30_000);
            if (first != null && first.status() != 100) {
                return withBody(first, in);
            }
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedWhileSending) {
                // storage answered (and closed) before taking the whole body: its answer is waiting to be read
                try {
                    return withBody(readHead(in), in);
                } catch (IOException noAnswer) {
                    refusedWhileSending.addSuppressed(noAnswer);
                    throw refusedWhileSending;
                }
            }
            return withBody(readHead(in), in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
        return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
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
}
