package dev.signet.access;

/** What a caller is in the team a request acts in: the rows of the access matrix. */
public enum CallerKind {
    /** A {@code dk-} key of the team. */
    DOWNLOAD_KEY,
    /** An {@code sk-} key of the team. */
    FULL_KEY,
    MEMBER,
    ADMIN,
    OWNER,
    /** A person in the platform-admin group, member of the team or not. */
    PLATFORM_ADMIN;

    public boolean isKey() {
        return this == DOWNLOAD_KEY || this == FULL_KEY;
    }
}
