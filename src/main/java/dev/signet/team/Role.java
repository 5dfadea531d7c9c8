package dev.signet.team;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.signet.common.WireEnum;

/** A member's role in a team (what each may do is in {@link Permission}). */
public enum Role implements WireEnum {
    OWNER, ADMIN, MEMBER;

    @Override
    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @Override
    public String toString() {
        return wire();
    }

    public static Role fromWire(String wire) {
        return WireEnum.fromWire(Role.class, wire);
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<Role> {
        public Column() {
            super(Role.class);
        }
    }
}
