package dev.signet.asset;

import dev.signet.common.WireEnum;

/** Whether an asset went into a workflow or came out of one. */
public enum AssetKind implements WireEnum {
    INPUT,
    OUTPUT;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<AssetKind> {
        public Column() {
            super(AssetKind.class);
        }
    }
}
