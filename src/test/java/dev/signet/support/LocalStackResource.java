package dev.signet.support;

import dev.signet.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts the real PostgreSQL and S3Proxy once per test run, on free ports, with fresh data. */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack stack;
    private static JwksServer jwks;
    private static PageServer pages;

    @Override
    public synchronized Map<String, String> start() {
        if (stack == null) {
            Path jar = Path.of(System.getProperty("signet.local-stack.s3proxy-jar", "target/local-stack/s3proxy.jar"));
            stack = LocalStack.start(
                    new LocalStack.Settings(Path.of("target/local-stack-test").toAbsolutePath(), false, 0, 0, jar));
            jwks = JwksServer.start();
            pages = PageServer.start(Path.of("target/demo"));
        }
        Map<String, String> config = new HashMap<>(stack.config());
        config.put("mp.jwt.verify.publickey.location", jwks.url());
        // The browser test's pages come from another origin, which Signet's CORS allows (%test.signet.cors.origins).
        config.put("signet.test.page-origin", pages.origin());
        return config;
    }

    /** The static server of the browser demo, on an origin of its own. */
    public static PageServer pages() {
        return pages;
    }

    /** The identity provider's key set endpoint of this run. */
    public static JwksServer jwks() {
        return jwks;
    }

    /** The stack of this run, for tests that look at the database or storage directly. */
    public static LocalStack stack() {
        return stack;
    }

    @Override
    public synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (jwks != null) {
            jwks.close();
            jwks = null;
        }
        if (pages != null) {
            pages.close();
            pages = null;
        }
    }
}
