package dev.signet.access;

import dev.signet.common.WireEnum;

/**
 * An API key's kind, chosen when it is minted, stored with it and shown on the wire: {@code sk} has full access to
 * the key's team, {@code dk} may only create download URLs, {@code vk} may only serve a malware scanner, {@code uk} may only upload through Uppy's routes ({@link CallerKind#of(KeyKind)}).
 */
public enum KeyKind implements WireEnum {
    SK,
    DK,
    /** A scanner's key (issue 21): lists, fetches and judges the team's scanning assets, nothing else. */
    VK,
    /**
     * An upload key (issue 23): Uppy's upload routes of its team only, and always expiring; the one kind that may be
     * carried in a URL ({@code /api/v1/uppy/uk-…/s3}), for {@code @uppy/aws-s3} 6.x, which sends no header.
     */
    UK;

    /** "sk-" or "dk-", made once: {@link #fromToken} runs on every API-key request. */
    private final String tokenPrefix = wire() + "-";

    public String tokenPrefix() {
        return tokenPrefix;
    }

    /** The kind a bearer token claims by its prefix, or null when it is not an API key. */
    public static KeyKind fromToken(String token) {
        for (KeyKind kind : values()) {
            if (token.startsWith(kind.tokenPrefix())) {
                return kind;
            }
        }
        return null;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<KeyKind> {
        public Column() {
            super(KeyKind.class);
        }
    }
}
