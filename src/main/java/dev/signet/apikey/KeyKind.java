package dev.signet.apikey;

/** {@code sk}: full access to the key's team. {@code dk}: may only create download URLs. */
public enum KeyKind {
    SK, DK;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String tokenPrefix() {
        return wire() + "-";
    }

    /** The kind a bearer token claims by its prefix, or null when it is not an API key. */
    public static KeyKind fromToken(String token) {
        if (token.startsWith("sk-")) {
            return SK;
        }
        if (token.startsWith("dk-")) {
            return DK;
        }
        return null;
    }

    public static KeyKind fromWire(String value) {
        return value == null ? null : switch (value) {
            case "sk" -> SK;
            case "dk" -> DK;
            default -> null;
        };
    }
}
