package dev.signet.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * An identity provider's JWKS endpoint, served by the test run itself, holding RSA and EC signing keys that
 * tests publish, rotate and remove, and which can fail, hang or go away like a real provider.
 */
public final class JwksServer implements AutoCloseable {

    public static final String PATH = "/realms/signet/protocol/openid-connect/certs";

    /** How the endpoint answers. */
    public enum Mode {
        /** The published keys, as Keycloak serves them (with {@code Cache-Control: no-cache}). */
        SERVE,
        /** HTTP 500. */
        FAIL,
        /** Accepts the request and answers nothing until the mode changes. */
        HANG
    }

    /** A signing key: its private half signs tokens, its public half is what the endpoint publishes. */
    public record SigningKey(String kid, String algorithm, PrivateKey privateKey, PublicJsonWebKey jwk) {}

    private volatile int port;
    private final List<SigningKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-jwks");
        thread.setDaemon(true);
        return thread;
    });
    private final SigningKey rsa;
    private final SigningKey ec;
    private volatile Mode mode = Mode.SERVE;
    private volatile HttpServer server;

    private JwksServer() {
        this.rsa = rsaKey();
        this.ec = ecKey();
        published.add(rsa);
        published.add(ec);
    }

    /** Listens on a free port, which it keeps across {@link #down()} and {@link #up()}. */
    public static JwksServer start() {
        JwksServer jwks = new JwksServer();
        jwks.up();
        return jwks;
    }

    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** The RSA key every test token is signed with unless a test says otherwise. */
    public SigningKey rsa() {
        return rsa;
    }

    public SigningKey ec() {
        return ec;
    }

    /** Publishes a key (a rotation adds the new key before tokens signed with it appear). */
    public void publish(SigningKey key) {
        published.add(key);
    }

    public void unpublish(SigningKey key) {
        published.removeIf(k -> k.kid().equals(key.kid()));
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Requests the endpoint received since start. */
    public int requests() {
        return requests.get();
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again, on the same port. */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        // The JDK server releases its port a moment after stop(): try again for a while.
        for (int attempt = 0; ; attempt++) {
            try {
                HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
                started.createContext(PATH, this::answer);
                started.setExecutor(executor);
                started.start();
                server = started;
                port = started.getAddress().getPort();
                return;
            } catch (java.net.BindException e) {
                if (attempt == 100) {
                    throw new IllegalStateException("cannot listen on port " + port + " again", e);
                }
                sleep(50);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        down();
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            while (mode == Mode.HANG && !Thread.currentThread().isInterrupted()) {
                sleep(20);
            }
            if (mode == Mode.FAIL) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            byte[] body = ("{\"keys\":["
                            + published.stream()
                                    .map(k -> k.jwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                                    .collect(Collectors.joining(","))
                            + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new RSA-2048 key with a fresh key id (not published). */
    public static SigningKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return signingKey(generator.generateKeyPair(), "RS256", "rsa-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new P-256 key with a fresh key id (not published). */
    public static SigningKey ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return signingKey(generator.generateKeyPair(), "ES256", "ec-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SigningKey signingKey(java.security.KeyPair pair, String algorithm, String prefix)
            throws org.jose4j.lang.JoseException {
        String kid = prefix + UUID.randomUUID();
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
        jwk.setKeyId(kid);
        jwk.setAlgorithm(algorithm);
        jwk.setUse("sig");
        return new SigningKey(kid, algorithm, pair.getPrivate(), jwk);
    }
}
