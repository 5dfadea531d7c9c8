package dev.signet.asset;

import dev.signet.common.WireEnum;

/**
 * Where an asset is in its life: {@code pending_upload} → {@code ready}, or failed, expired, deleted; behind the
 * scanning gate {@code pending_upload} → {@code scanning} → {@code ready} or {@code quarantined}.
 */
public enum AssetState implements WireEnum {
    PENDING_UPLOAD,
    READY,
    FAILED,
    EXPIRED,
    DELETED,
    /** Settled, waiting for a scanner's verdict: not downloadable (issue 21). */
    SCANNING,
    /** A scanner found it infected: never downloadable again, its object deleted or moved to quarantine. */
    QUARANTINED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<AssetState> {
        public Column() {
            super(AssetState.class);
        }
    }
}
