package dev.signet.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.signet.common.WireEnum;

/** Whether a webhook receives deliveries: disabled by its team, or by Signet when it keeps failing. */
public enum WebhookState implements WireEnum {
    ENABLED, DISABLED;

    @Override
    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @Override
    public String toString() {
        return wire();
    }

    public static WebhookState fromWire(String wire) {
        return WireEnum.fromWire(WebhookState.class, wire);
    }
}
