package dev.signet.webhook;

import dev.signet.common.WireEnum;

/** How one attempt to deliver ended. Only {@code delivered} (a 2xx answer) counts as a success. */
public enum AttemptOutcome implements WireEnum {
    DELIVERED,
    /** The receiver answered, but not 2xx (redirects are not followed). */
    HTTP_ERROR,
    /** No complete answer within {@code signet.webhooks.timeout}. */
    TIMEOUT,
    /** No connection (refused, reset, DNS, TLS). */
    CONNECTION_FAILED,
    /** The target resolved to an address Signet may not call (loopback, private, link-local, metadata). */
    REFUSED_TARGET;

    public static AttemptOutcome fromWire(String wire) {
        return WireEnum.fromWire(AttemptOutcome.class, wire);
    }
}
