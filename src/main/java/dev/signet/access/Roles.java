package dev.signet.access;

/** The roles the identity providers grant; endpoints declare which they need. */
public final class Roles {

    /** A person, from a verified access token. */
    public static final String USER = "user";
    /** A minted {@code sk-}/{@code dk-} key. */
    public static final String API_KEY = "api-key";
    /** A person who may create teams ({@code signet.auth.jwt.team-creator-group}, or anyone when unset). */
    public static final String TEAM_CREATOR = "team-creator";
    /** A person in the platform-admin group: an admin in every team. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {}
}
