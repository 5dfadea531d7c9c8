package dev.signet.link;

import dev.signet.common.WireEnum;

/** How one use of a link ended, as the audit trail and the event {@code link.used} say. */
public enum LinkOutcome implements WireEnum {
    /** Counted, and redirected to storage. */
    REDIRECTED,
    EXPIRED,
    REVOKED,
    /** {@code max_uses} reached. */
    USED_UP,
    /** The caller's address is outside {@code allowed_ips} (answered 404, as an unknown link). */
    IP_REFUSED,
    /** The asset is no longer ready (deleted). */
    ASSET_GONE;
}
