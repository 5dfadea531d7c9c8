package dev.signet.apikey;

import dev.signet.access.KeyKind;
import dev.signet.common.Secrets;

/**
 * Key material: {@code sk-}/{@code dk-}/{@code vk-} followed by 256 random bits in base64url, stored only as a SHA-256 of the
 * whole token ({@link Secrets}, shared with download links).
 */
public final class ApiKeySecrets {

    /** How much of a token is kept in clear to let people tell their keys apart. */
    static final int DISPLAY_PREFIX_LENGTH = 10;

    private ApiKeySecrets() {}

    public static String newToken(KeyKind kind) {
        return Secrets.newToken(kind.tokenPrefix());
    }

    public static boolean wellFormed(String token) {
        KeyKind kind = KeyKind.fromToken(token);
        return kind != null && Secrets.wellFormed(token, kind.tokenPrefix());
    }

    public static String hash(String token) {
        return Secrets.hash(token);
    }

    public static String displayPrefix(String token) {
        return token.substring(0, DISPLAY_PREFIX_LENGTH);
    }
}
