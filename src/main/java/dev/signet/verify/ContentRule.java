package dev.signet.verify;

import java.util.Set;

/** How an asset type's content is held to its declared content type ({@code signet.verification.rules.<type>}). */
public enum ContentRule {
    /** The content's detected type must be the declared one, or one of them a kind of the other. */
    STRICT,
    /** Only content that is clearly an executable or an archive is refused, unless that is what was declared. */
    LENIENT,
    /** No ranged read, no check. */
    OFF;

    /** The types whose content is a known media format, held strictly unless configured otherwise. */
    static final Set<String> STRICT_BY_DEFAULT = Set.of("image", "audio", "video", "document");

    public static ContentRule defaultFor(String assetType) {
        return STRICT_BY_DEFAULT.contains(assetType) ? STRICT : LENIENT;
    }
}
