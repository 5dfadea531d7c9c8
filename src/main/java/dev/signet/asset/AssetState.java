package dev.signet.asset;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.signet.common.WireEnum;

/** Where an asset is in its life: {@code pending_upload} → {@code ready}, or failed, expired, deleted. */
public enum AssetState implements WireEnum {
    PENDING_UPLOAD, READY, FAILED, EXPIRED, DELETED;

    @Override
    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @Override
    public String toString() {
        return wire();
    }

    public static AssetState fromWire(String wire) {
        return WireEnum.fromWire(AssetState.class, wire);
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<AssetState> {
        public Column() {
            super(AssetState.class);
        }
    }
}
