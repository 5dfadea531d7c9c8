package dev.signet.team;

import java.util.Locale;

/** A member's role in a team; owners and admins manage members and keys. */
public enum Role {
    OWNER, ADMIN, MEMBER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canManage() {
        return this != MEMBER;
    }

    public static Role fromWire(String value) {
        return value == null ? null : switch (value) {
            case "owner" -> OWNER;
            case "admin" -> ADMIN;
            case "member" -> MEMBER;
            default -> null;
        };
    }
}
