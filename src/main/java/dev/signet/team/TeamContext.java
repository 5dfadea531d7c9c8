package dev.signet.team;

import java.util.UUID;

import dev.signet.apikey.KeyKind;
import dev.signet.auth.Caller;
import dev.signet.error.ApiException;

/**
 * The team a request acts in and what the caller may do there. {@code role} is the member's role for a
 * JWT caller (ADMIN for a platform admin who is not a member) and null for an API key.
 */
public record TeamContext(UUID teamId, Caller caller, Role role) {

    /** Owners, admins and {@code sk-} keys manage the team's keys. */
    public boolean canManage() {
        return caller instanceof Caller.ApiKey key ? key.kind() == KeyKind.SK : role != null && role.canManage();
    }

    public TeamContext requireManager() {
        if (!canManage()) {
            throw ApiException.forbidden(caller instanceof Caller.ApiKey
                    ? "Download-only (dk-) API keys can only create download URLs."
                    : "Only team owners and admins can do this.");
        }
        return this;
    }

    /** Anything but a {@code dk-} key: that one may only create download URLs. */
    public TeamContext requireFullAccess() {
        if (caller instanceof Caller.ApiKey key && key.kind() == KeyKind.DK) {
            throw ApiException.forbidden("Download-only (dk-) API keys can only create download URLs.");
        }
        return this;
    }
}
