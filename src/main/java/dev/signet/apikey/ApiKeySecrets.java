package dev.signet.apikey;

import dev.signet.access.KeyKind;
import dev.signet.common.Lazy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Key material: {@code sk-}/{@code dk-}/{@code vk-} followed by 256 random bits in base64url. Only a SHA-256 of the
 * whole token is stored: the secret is random and long, so an unsalted fast hash is enough to make a
 * stolen table useless, and it keeps the lookup an indexed equality.
 */
public final class ApiKeySecrets {

    /** Made at run time (see {@link Lazy}): a seed frozen into a native image would repeat in every process. */
    private static final Lazy<SecureRandom> RANDOM = new Lazy<>(SecureRandom::new);

    private static final Pattern FORMAT = Pattern.compile("[sdv]k-[A-Za-z0-9_-]{43}");
    /** How much of a token is kept in clear to let people tell their keys apart. */
    static final int DISPLAY_PREFIX_LENGTH = 10;

    private ApiKeySecrets() {}

    public static String newToken(KeyKind kind) {
        byte[] secret = new byte[32];
        RANDOM.get().nextBytes(secret);
        return kind.tokenPrefix() + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static boolean wellFormed(String token) {
        return FORMAT.matcher(token).matches();
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    public static String displayPrefix(String token) {
        return token.substring(0, DISPLAY_PREFIX_LENGTH);
    }
}
