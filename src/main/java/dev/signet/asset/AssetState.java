package dev.signet.asset;

import dev.signet.common.WireEnum;

/** Where an asset is in its life: {@code pending_upload} → {@code ready}, or failed, expired, deleted. */
public enum AssetState implements WireEnum {
    PENDING_UPLOAD,
    READY,
    FAILED,
    EXPIRED,
    DELETED;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<AssetState> {
        public Column() {
            super(AssetState.class);
        }
    }
}
