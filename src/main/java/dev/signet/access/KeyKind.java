package dev.signet.access;

import dev.signet.common.WireEnum;

/**
 * An API key's kind, chosen when it is minted, stored with it and shown on the wire: {@code sk} has full access to
 * the key's team, {@code dk} may only create download URLs, {@code vk} may only serve a malware scanner ({@link CallerKind#of(KeyKind)}).
 */
public enum KeyKind implements WireEnum {
    SK,
    DK,
    /** A scanner's key (issue 21): lists, fetches and judges the team's scanning assets, nothing else. */
    VK;

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
