package dev.signet.access;

import dev.signet.common.WireEnum;

/**
 * A person's role in a team, as stored with the membership and shown on the wire ({@code "owner"}, …); in that
 * team it makes them a {@link CallerKind} ({@link CallerKind#of(Role)}), which {@link Permission} checks.
 */
public enum Role implements WireEnum {
    OWNER,
    ADMIN,
    MEMBER;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<Role> {
        public Column() {
            super(Role.class);
        }
    }
}
