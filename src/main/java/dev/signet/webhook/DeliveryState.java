package dev.signet.webhook;

import dev.signet.common.WireEnum;

/** One event for one webhook: {@code pending} → {@code delivered}, or {@code failed} after the retry window. */
public enum DeliveryState implements WireEnum {
    PENDING,
    /** Waiting while its webhook is disabled; pending again when it is enabled. */
    PAUSED,
    DELIVERED,
    FAILED;

    public static DeliveryState fromWire(String wire) {
        return WireEnum.fromWire(DeliveryState.class, wire);
    }
}
