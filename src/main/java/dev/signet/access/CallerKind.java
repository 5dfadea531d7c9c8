package dev.signet.access;

/**
 * What a {@link Caller} is in the team a request acts in: the rows of the access matrix, which {@link Permission}
 * checks. A key is one by its {@link KeyKind}, a person by their {@link Role} there (or the platform-admin group).
 */
public enum CallerKind {
    /** A {@code dk-} key of the team. */
    DOWNLOAD_KEY,
    /** An {@code sk-} key of the team. */
    FULL_KEY,
    MEMBER,
    ADMIN,
    OWNER,
    /** A person in the platform-admin group, member of the team or not. */
    PLATFORM_ADMIN,
    /** A {@code vk-} key of the team: a malware scanner (issue 21). */
    SCANNER_KEY,
    /** A {@code uk-} key of the team: uploads through Uppy's routes, nothing else (issue 23). */
    UPLOAD_KEY;

    /** What a key of this kind is in its team. */
    public static CallerKind of(KeyKind key) {
        return switch (key) {
            case SK -> FULL_KEY;
            case DK -> DOWNLOAD_KEY;
            case VK -> SCANNER_KEY;
            case UK -> UPLOAD_KEY;
        };
    }

    /** What a member with this role is in the team. */
    public static CallerKind of(Role role) {
        return switch (role) {
            case OWNER -> OWNER;
            case ADMIN -> ADMIN;
            case MEMBER -> MEMBER;
        };
    }

    public boolean isKey() {
        return this == DOWNLOAD_KEY || this == FULL_KEY || this == SCANNER_KEY || this == UPLOAD_KEY;
    }
}
