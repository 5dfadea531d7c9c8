package dev.signet.asset;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.signet.common.WireEnum;

/** Whether an asset went into a workflow or came out of one. */
public enum AssetKind implements WireEnum {
    INPUT, OUTPUT;

    @Override
    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @Override
    public String toString() {
        return wire();
    }

    public static AssetKind fromWire(String wire) {
        return WireEnum.fromWire(AssetKind.class, wire);
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<AssetKind> {
        public Column() {
            super(AssetKind.class);
        }
    }
}
