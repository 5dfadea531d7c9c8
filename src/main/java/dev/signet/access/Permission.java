package dev.signet.access;

import static dev.signet.access.CallerKind.ADMIN;
import static dev.signet.access.CallerKind.DOWNLOAD_KEY;
import static dev.signet.access.CallerKind.FULL_KEY;
import static dev.signet.access.CallerKind.MEMBER;
import static dev.signet.access.CallerKind.OWNER;
import static dev.signet.access.CallerKind.PLATFORM_ADMIN;
import static dev.signet.access.CallerKind.SCANNER_KEY;
import static dev.signet.access.CallerKind.UPLOAD_KEY;

import dev.signet.error.ErrorCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an operation requires of its caller: the columns of the access matrix, and the one place that says
 * which kind of caller may do what. Endpoints declare theirs with {@link Access}; {@link AccessFilter}
 * checks it before the endpoint runs. The last two are asked by services about a value in the request.
 */
public enum Permission {

    /** No credential (reference 004's public download: the object key is the capability). */
    PUBLIC(Scope.NONE, null),
    /** Any valid credential, person or key. */
    SIGNED_IN(Scope.NONE, null),
    /** People allowed to create teams ({@code signet.auth.jwt.team-creator-group}, or anyone). */
    CREATE_TEAMS(Scope.NONE, ErrorCode.TEAM_CREATORS_ONLY),
    /** Download URLs of the team's objects (references 000 and 001). */
    DOWNLOAD(Scope.TEAM_HEADER, null, DOWNLOAD_KEY, FULL_KEY, MEMBER, ADMIN, OWNER, PLATFORM_ADMIN),
    /** Uploads, assets, workflows and storage usage. */
    USE(Scope.TEAM_HEADER, null, FULL_KEY, MEMBER, ADMIN, OWNER, PLATFORM_ADMIN),
    /** Minting, listing and revoking the team's API keys. */
    MANAGE_KEYS(Scope.TEAM_HEADER, ErrorCode.MANAGERS_ONLY, FULL_KEY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** The team's members (people only; the team is named in the path). */
    MANAGE_MEMBERS(Scope.TEAM_PATH, ErrorCode.MANAGERS_ONLY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** Storage usage of one creator other than the caller ({@code createdBy}). */
    SEE_OTHERS_USAGE(Scope.TEAM_HEADER, ErrorCode.USAGE_OF_OTHERS, FULL_KEY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** The team's webhooks: create, list, change, delete, delivery log and re-send. */
    MANAGE_WEBHOOKS(Scope.TEAM_HEADER, ErrorCode.MANAGERS_ONLY, FULL_KEY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** What workers write back to an asset ({@code PATCH /assets/{id}}: duration, metadata). */
    WRITE_BACK(Scope.TEAM_HEADER, ErrorCode.MANAGERS_ONLY, FULL_KEY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** A team's storage quota and what it holds against it (the team is named in the path). */
    SEE_QUOTA(Scope.TEAM_PATH, ErrorCode.MANAGERS_ONLY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** Setting a team's own quota, or returning it to the configured default. */
    SET_QUOTA(Scope.TEAM_PATH, ErrorCode.PLATFORM_ADMINS_ONLY, PLATFORM_ADMIN),
    /** Granting or taking away the owner role. */
    GRANT_OWNER(Scope.TEAM_PATH, ErrorCode.OWNERS_ONLY_GRANT_OWNER, OWNER, PLATFORM_ADMIN),

    // --- the scanning gate (issue 21) ---
    /** A scanner's work: list the team's scanning assets, fetch one with a scan URL, give its verdict. */
    SCAN(Scope.TEAM_HEADER, ErrorCode.SCANNERS_ONLY, SCANNER_KEY),
    /** Reading whether a team's uploads wait for a scanner's verdict. */
    SEE_SCANNING(Scope.TEAM_PATH, ErrorCode.MANAGERS_ONLY, ADMIN, OWNER, PLATFORM_ADMIN),
    /** Turning the scanning gate on or off for a team. */
    SET_SCANNING(Scope.TEAM_PATH, ErrorCode.PLATFORM_ADMINS_ONLY, PLATFORM_ADMIN),

    // download links (issue 22)
    /** Making a download link of a team's ready asset: a link only reads, so {@code dk-} keys may. */
    CREATE_LINKS(Scope.TEAM_HEADER, null, DOWNLOAD_KEY, FULL_KEY, MEMBER, ADMIN, OWNER, PLATFORM_ADMIN),
    /** Listing, reading, revoking the team's links and their audit trail ({@code sk-} keys and people). */
    MANAGE_LINKS(Scope.TEAM_HEADER, null, FULL_KEY, MEMBER, ADMIN, OWNER, PLATFORM_ADMIN),

    // Uppy's Companion routes (issue 23)
    /** Uploads through Uppy's routes: {@link #USE}'s callers, and the team's upload ({@code uk-}) keys. */
    UPLOAD_VIA_UPPY(Scope.TEAM_HEADER, null, FULL_KEY, MEMBER, ADMIN, OWNER, PLATFORM_ADMIN, UPLOAD_KEY);

    /** Where the team an operation acts in comes from. */
    public enum Scope {
        /** No team. */
        NONE,
        /** The key's team, or {@code X-Team-ID} for people. */
        TEAM_HEADER,
        /** The {@code teamId} path parameter (people only; a team they cannot see is not found). */
        TEAM_PATH
    }

    private final Scope scope;
    private final ErrorCode refusal;
    private final Set<CallerKind> allowed;

    Permission(Scope scope, ErrorCode refusal, CallerKind... allowed) {
        this.scope = scope;
        this.refusal = refusal;
        this.allowed = allowed.length == 0 ? EnumSet.noneOf(CallerKind.class) : EnumSet.of(allowed[0], allowed);
    }

    public Scope scope() {
        return scope;
    }

    public boolean allows(CallerKind kind) {
        return allowed.contains(kind);
    }

    /** Why this kind of caller is refused. */
    ErrorCode refusal(CallerKind kind) {
        if (kind == DOWNLOAD_KEY && this != SCAN) {
            return ErrorCode.DOWNLOAD_ONLY_KEY;
        }
        if (kind == SCANNER_KEY) {
            return ErrorCode.SCANNER_ONLY_KEY;
        }
        if (kind == UPLOAD_KEY) {
            return ErrorCode.UPLOAD_ONLY_KEY;
        }
        if (kind.isKey() && scope == Scope.TEAM_PATH) {
            return ErrorCode.PEOPLE_ONLY;
        }
        return refusal == null ? ErrorCode.NOT_ALLOWED : refusal;
    }
}
