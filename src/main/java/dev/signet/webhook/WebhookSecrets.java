package dev.signet.webhook;

import dev.signet.common.Lazy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Signing secrets of webhooks and the Standard Webhooks signature.
 * <p>
 * A secret is {@code whsec_} + base64 of 32 random bytes (the form Standard Webhooks libraries take), shown once
 * when the webhook is created. Signet must keep it to sign, so it cannot store only a hash as it does for API
 * keys: with {@code signet.webhooks.secret-key} set, it is stored encrypted with AES-256-GCM (a random 96-bit
 * nonce per secret, the webhook id as associated data, so a stored value cannot be moved to another webhook);
 * without it, as it is, and start-up says so. Both forms stay readable after a key is added.
 */
@ApplicationScoped
public class WebhookSecrets {

    static final String PREFIX = "whsec_";
    private static final String SEALED = "aes-gcm:";
    private static final String PLAIN = "plain:";
    /** Made at run time (see {@link Lazy}): a seed frozen into a native image would repeat in every process. */
    private static final Lazy<SecureRandom> RANDOM = new Lazy<>(SecureRandom::new);

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

    private final Optional<SecretKeySpec> key;

    public WebhookSecrets(WebhookConfig config) {
        this.key = config.secretKey().filter(k -> !k.isBlank()).map(WebhookSecrets::aesKey);
    }

    void announce(@Observes StartupEvent event) {
        if (key.isEmpty()) {
            LOG.warn("signet.webhooks.secret-key is not set: webhook signing secrets are stored unencrypted "
                    + "(set it to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        }
    }

    private static SecretKeySpec aesKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("signet.webhooks.secret-key must be base64 (of 32 random bytes)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(
                    "signet.webhooks.secret-key must be the base64 of exactly 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.get().nextBytes(secret);
        return PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    /** The secret as it is stored for this webhook. */
    public String seal(UUID webhook, String secret) {
        if (key.isEmpty()) {
            return PLAIN + secret;
        }
        try {
            byte[] nonce = new byte[12];
            RANDOM.get().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(webhook.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
            byte[] stored = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, stored, 0, nonce.length);
            System.arraycopy(sealed, 0, stored, nonce.length, sealed.length);
            return SEALED + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every JVM", e);
        }
    }

    /** The secret of this webhook from what is stored. */
    public String open(UUID webhook, String stored) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(SEALED)) {
            throw new IllegalStateException("webhook " + webhook + ": unknown secret format");
        }
        if (key.isEmpty()) {
            throw new IllegalStateException(
                    "webhook " + webhook + ": its secret is encrypted, but " + "signet.webhooks.secret-key is not set");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(SEALED.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(128, bytes, 0, 12));
            cipher.updateAAD(webhook.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "webhook " + webhook + ": its secret does not decrypt with " + "signet.webhooks.secret-key", e);
        }
    }

    /**
     * The {@code webhook-signature} header of Standard Webhooks: {@code v1,} + base64 of HMAC-SHA256 over
     * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64-decoded part of the secret after
     * {@code whsec_}.
     */
    public static String signature(String secret, String messageId, long timestamp, byte[] body) {
        try {
            byte[] keyBytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
