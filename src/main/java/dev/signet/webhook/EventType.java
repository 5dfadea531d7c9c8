package dev.signet.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.signet.common.WireEnum;
import java.util.List;

/**
 * What happened to an asset, as the {@code type} of an event: one per change of state, and {@code asset.updated}
 * for what workers write back. Written by the database trigger of migration V5 ({@code 'asset.' || state}); and
 * {@code link.used}, written by a download link's use (migration V8, the link package).
 */
public enum EventType implements WireEnum {
    ASSET_READY("asset.ready"),
    ASSET_FAILED("asset.failed"),
    ASSET_EXPIRED("asset.expired"),
    ASSET_DELETED("asset.deleted"),
    ASSET_UPDATED("asset.updated"),
    // the scanning gate (issue 21, migration V9)
    ASSET_SCANNING("asset.scanning"),
    ASSET_QUARANTINED("asset.quarantined"),
    ASSET_SCAN_OVERDUE("asset.scan_overdue"),
    /** A use of a download link (issue 22), written by the use's statement when {@code signet.links.use-events}. */
    LINK_USED("link.used");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }

    public static EventType fromWire(String wire) {
        return WireEnum.fromWire(EventType.class, wire);
    }

    public static List<EventType> all() {
        return List.of(values());
    }

    /**
     * What a webhook created without {@code events} receives: the five lifecycle events. The scanning gate's are for
     * scanners and gated teams, and {@code link.used} comes once per download when {@code signet.links.use-events} is
     * on: both are received only when named, so neither floods a webhook that did not ask (nor one made before them).
     */
    public static List<EventType> defaults() {
        return List.of(ASSET_READY, ASSET_FAILED, ASSET_EXPIRED, ASSET_DELETED, ASSET_UPDATED);
    }
}
