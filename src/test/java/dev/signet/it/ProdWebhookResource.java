package dev.signet.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Webhook settings for the artifact under test (prod profile): the receiver of {@link WalkthroughIT} listens on
 * loopback, which production refuses as a target, and signing secrets are stored encrypted with a key made for
 * the run (AES-GCM in the executable, as an operator would configure it).
 */
public class ProdWebhookResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of(
                "signet.webhooks.allow-private-targets",
                "true",
                "signet.webhooks.secret-key",
                Base64.getEncoder().encodeToString(key));
    }

    @Override
    public void stop() {}
}
