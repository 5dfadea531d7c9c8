package dev.signet.webhook;

import dev.signet.common.WireEnum;

/** Whether a webhook receives deliveries: disabled by its team, or by Signet when it keeps failing. */
public enum WebhookState implements WireEnum {
    ENABLED,
    DISABLED;

    public static WebhookState fromWire(String wire) {
        return WireEnum.fromWire(WebhookState.class, wire);
    }
}
