package dev.signet.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A static web server on another origin than Signet's, as a browser app's host would be: it serves the demo page
 * and its bundle (target/demo, built by the Node harness) to the browser test. Signet's CORS allows its origin in
 * tests ({@code signet.test.page-origin}).
 */
public final class PageServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "map",
            "application/json",
            "txt",
            "text/plain; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;

    private PageServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "test-page-server");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves the files under {@code root}; {@code /} is {@code index.html}. */
    public static PageServer start(Path root) {
        try {
            return new PageServer(root);
        } catch (IOException e) {
            throw new IllegalStateException("the test page server did not start", e);
        }
    }

    /** The origin pages are served from, e.g. {@code http://127.0.0.1:40123}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Path root() {
        return root;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1))
                    .normalize();
            boolean found = file.startsWith(root) && Files.isRegularFile(file);
            if (!"GET".equals(exchange.getRequestMethod()) || !found) {
                exchange.sendResponseHeaders(found ? 405 : 404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
