package dev.signet.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.signet.common.WireEnum;

/** One event for one webhook: {@code pending} → {@code delivered}, or {@code failed} after the retry window. */
public enum DeliveryState implements WireEnum {
    PENDING,
    /** Waiting while its webhook is disabled; pending again when it is enabled. */
    PAUSED,
    DELIVERED,
    FAILED;

    @Override
    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @Override
    public String toString() {
        return wire();
    }

    public static DeliveryState fromWire(String wire) {
        return WireEnum.fromWire(DeliveryState.class, wire);
    }
}
