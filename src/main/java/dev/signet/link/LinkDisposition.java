package dev.signet.link;

import dev.signet.common.WireEnum;

/** How a browser should treat the download: show it ({@code inline}) or save it ({@code attachment}). */
public enum LinkDisposition implements WireEnum {
    INLINE,
    ATTACHMENT;
}
