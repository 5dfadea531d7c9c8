package dev.signet.team;

import dev.signet.access.Permission;
import dev.signet.common.WireEnum;

/** A member's role in a team (what each may do is in {@link Permission}). */
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
