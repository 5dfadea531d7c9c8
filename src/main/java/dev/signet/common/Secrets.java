package dev.signet.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets Signet mints (API keys, download links): a prefix and 256 random bits in base64url, stored only as a
 * SHA-256 of the whole token. The secret is random and long, so an unsalted fast hash is enough to make a stolen
 * table useless, and it keeps the lookup an indexed equality.
 */
public final class Secrets {

    /** Made at run time (see {@link Lazy}): a seed frozen into a native image would repeat in every process. */
    private static final Lazy<SecureRandom> RANDOM = new Lazy<>(SecureRandom::new);

    /** Random bytes in a token: 256 bits. */
    private static final int BYTES = 32;

    /** Characters of base64url (no padding) that carry {@link #BYTES} bytes. */
    public static final int TOKEN_CHARS = 43;

    private Secrets() {}

    /** {@code prefix} followed by 256 random bits in base64url ({@link #TOKEN_CHARS} characters). */
    public static String newToken(String prefix) {
        byte[] secret = new byte[BYTES];
        RANDOM.get().nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether {@code token} is {@code prefix} and {@link #TOKEN_CHARS} base64url characters. */
    public static boolean wellFormed(String token, String prefix) {
        if (token == null || token.length() != prefix.length() + TOKEN_CHARS || !token.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The SHA-256 of the whole token in hex: what is stored. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
