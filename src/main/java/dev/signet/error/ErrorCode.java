package dev.signet.error;

import io.quarkus.security.AuthenticationFailedException;
import java.util.Locale;
import java.util.Map;

/**
 * Every error Signet answers: its HTTP status, the {@code detail.code} clients read and the sentence of
 * {@code detail.message} ({@link String#format} template). Several entries may share a wire code (every
 * {@code 403} is {@code forbidden}) and differ in what they say. References 000–004 fix some sentences
 * word for word; they are marked.
 */
public enum ErrorCode {

    // --- 400: the request is wrong; nothing was changed ----------------------------------------------
    /** A field, parameter or header with a bad value: {@code "<field>: <problem>"}. */
    INVALID_REQUEST(400, "%s: %s"),
    MALFORMED_JSON(400, "The request body is not valid JSON."),
    MALFORMED_REQUEST(400, "invalid_request", "The request is malformed."),
    MISSING_TEAM_ID(400, "The X-Team-ID header is required when authenticating with a JWT."),
    INVALID_TEAM_ID(400, "The X-Team-ID header must be a UUID."),
    /** Reference 001, word for word. */
    INVALID_URI_SCHEME(400, "Invalid URI protocol. Expected 'workflow://', got: %s"),
    /** Reference 001, word for word. */
    INVALID_URI(400, "Invalid URI path. Expected format: workflow://{workflowId}/{type}/{filename}, got: %s"),
    /** Reference 001, word for word. */
    INVALID_RESOURCE_TYPE(400, "Invalid resource type '%s'. Expected 'uploads' or 'artifacts'"),
    /** A single PUT above S3's 5 GiB: {@code "<field>: …"}, pointing to the multipart endpoints. */
    /** A pending upload without {@code file_size} while the team has a byte quota (the database decides). */
    FILE_SIZE_REQUIRED(
            400,
            "invalid_request",
            "file_size: required, because the team has a storage quota (%s): declare the file's size."),
    USE_MULTIPART(
            400,
            "%s: %d bytes is more than one PUT can carry (5 GiB, S3's limit): start a multipart upload "
                    + "with POST /api/v1/assets/multipart and send the file in parts."),

    // --- 401: who is calling is not established ------------------------------------------------------
    MISSING_CREDENTIALS(401, "Authentication required: send 'Authorization: Bearer <JWT or API key>'."),
    INVALID_AUTHORIZATION(401, "The Authorization header must use the Bearer scheme."),
    INVALID_TOKEN(401, "The bearer token is invalid."),
    TOKEN_EXPIRED(401, "The token has expired."),
    TOKEN_NOT_YET_VALID(401, "The token is not valid yet."),
    INVALID_SIGNATURE(401, "The token's signature does not verify with the identity provider's key."),
    UNKNOWN_KEY(401, "The token is signed with a key the identity provider does not publish."),
    WRONG_ISSUER(401, "The token was issued by another issuer."),
    WRONG_AUDIENCE(401, "The token is not meant for this service (audience)."),
    WRONG_TOKEN_TYPE(401, "Only access tokens are accepted (not ID or refresh tokens)."),
    UNAUTHORIZED_PARTY(401, "The token was issued to a client that may not call this service."),
    MISSING_CLAIMS(401, "The token lacks a required claim."),
    INVALID_API_KEY(401, "The API key is not valid."),
    API_KEY_REVOKED(401, "The API key has been revoked."),
    API_KEY_EXPIRED(401, "The API key has expired."),
    /** A credential in the path of Uppy's routes that is not an upload key (issue 23). */
    KEY_NOT_ALLOWED_IN_URL(
            401,
            "Only an upload (uk-) API key may be put in a URL: mint one with POST /api/v1/api-keys "
                    + "(kind uk, with expires_at), or send this credential in the Authorization header."),

    // --- 403: known caller, not allowed -------------------------------------------------------------
    NOT_ALLOWED(403, "forbidden", "You are not allowed to perform this action."),
    NOT_A_MEMBER(403, "forbidden", "You are not a member of the team named in X-Team-ID."),
    DOWNLOAD_ONLY_KEY(403, "forbidden", "Download-only (dk-) API keys can only create download URLs."),
    MANAGERS_ONLY(403, "forbidden", "Only team owners and admins can do this."),
    PEOPLE_ONLY(403, "forbidden", "Only people (JWT callers) can do this, not API keys."),
    TEAM_CREATORS_ONLY(403, "forbidden", "You may not create teams."),
    OWNERS_ONLY_GRANT_OWNER(403, "forbidden", "Only team owners can grant or remove the owner role."),
    PLATFORM_ADMINS_ONLY(403, "forbidden", "Only platform admins can do this."),
    USAGE_OF_OTHERS(403, "forbidden", "Only team owners and admins can see another user's usage."),
    /** A browser page of an origin not in {@code signet.cors.origins}. */
    ORIGIN_NOT_ALLOWED(403, "Pages of this origin may not call the API (signet.cors.origins)."),
    /** Reference 001, word for word; also for workflows that do not exist, so ids cannot be probed. */
    WORKFLOW_ACCESS_DENIED(
            403, "forbidden", "Access denied to %s. Check that the workflow_id matches the requesting session."),

    // --- 404: not there, or not the caller's (never leak another team's things) ---------------------
    ROUTE_NOT_FOUND(404, "not_found", "No such resource."),
    TEAM_NOT_FOUND(404, "not_found", "Team not found."),
    MEMBER_NOT_FOUND(404, "not_found", "No such member in this team."),
    API_KEY_NOT_FOUND(404, "not_found", "API key not found."),
    ASSET_NOT_FOUND(404, "not_found", "Asset not found."),
    WORKFLOW_NOT_FOUND(404, "not_found", "workflow_id: no such workflow in this team."),
    OBJECT_PATH_NOT_FOUND(404, "not_found", "No object at '%s'."),
    PUBLIC_OBJECT_NOT_FOUND(404, "not_found", "Object not found."),
    /** Reference 001, word for word. */
    WORKFLOW_RESOURCE_NOT_FOUND(
            404,
            "not_found",
            "No resource at %s. The artifact does not exist or has expired. Retrying with the same URI will not succeed."),
    WEBHOOK_NOT_FOUND(404, "not_found", "Webhook not found."),
    EVENT_NOT_FOUND(404, "not_found", "event_id: no such event in this team."),

    // --- other client errors -------------------------------------------------------------------------
    METHOD_NOT_ALLOWED(405, "This method is not allowed on this resource."),
    NOT_ACCEPTABLE(406, "This resource only produces application/json."),
    ALREADY_MEMBER(409, "That user is already a member of this team."),
    LAST_OWNER(409, "A team must keep at least one owner."),
    INVALID_STATE(409, "The asset is %s and can no longer be confirmed."),
    UPLOAD_MISSING(409, "Nothing has been uploaded for this asset yet: PUT the file to its upload URL first."),
    UPLOAD_MISMATCH(409, "%s The asset is now failed and the object was deleted."),
    /** Sign, list or complete on an asset that is no longer pending. */
    UPLOAD_NOT_PENDING(409, "invalid_state", "The asset is %s: its upload can no longer be continued."),
    NOT_MULTIPART(
            409,
            "This asset was not started as a multipart upload: it takes one PUT to its upload URL, then "
                    + "a confirm."),
    /** Confirming an asset that is a multipart upload. */
    IS_MULTIPART(409, "This asset is a multipart upload: complete it with POST /api/v1/assets/%s/multipart/complete."),
    MULTIPART_EXPIRED(
            409,
            "upload_expired",
            "This multipart upload ran out of time at %s " + "(signet.storage.multipart-ttl): start a new one."),
    /** Complete before every part is in storage; the asset stays pending. */
    UPLOAD_INCOMPLETE(
            409,
            "%s Upload it (GET /api/v1/assets/%s/multipart/parts lists what storage holds), then "
                    + "complete again; the asset is still pending."),
    /** Storage no longer knows the upload (aborted or expired there, e.g. by a bucket lifecycle rule). */
    UPLOAD_GONE(
            409,
            "The multipart upload no longer exists in storage (aborted or expired there). The asset is now "
                    + "failed: start a new upload."),
    ASSET_NOT_WRITABLE(409, "The asset is %s: only pending or ready assets can be updated."),
    TOO_MANY_WEBHOOKS(409, "A team can have at most %d webhooks: delete one first."),
    WEBHOOK_DISABLED(409, "The webhook is disabled: enable it (PATCH with \"enabled\": true) before re-sending."),
    /** A new upload's declared bytes would pass the team's quota (reserved when signed, issue 20). */
    QUOTA_EXCEEDED_BYTES(
            409,
            "quota_exceeded",
            "This upload of %s would pass the team's quota: %s used, %s reserved by pending uploads, quota %s."),
    /** A new upload would pass the team's quota of files (ready plus pending). */
    QUOTA_EXCEEDED_FILES(
            409, "quota_exceeded", "This upload would pass the team's quota of files: %s stored, %s, quota %s."),

    // --- content verification and the scanning gate (issue 21) ---------------------------------------
    /** The upload's first bytes contradict its declared content type; failed like {@link #UPLOAD_MISMATCH}. */
    CONTENT_MISMATCH(409, "%s The asset is now failed and the object was deleted."),
    /** A download of an asset that waits for its scanner's verdict; answered with {@code Retry-After}. */
    ASSET_SCANNING(409, "The asset is being scanned for malware and cannot be downloaded yet. Please try again later."),
    /** A verdict or scan URL for an asset that is not waiting for one. */
    NOT_SCANNING(409, "invalid_state", "The asset is %s, not scanning: it takes no verdict and no scan URL."),
    /** Scanner keys ({@code vk-}) may do nothing but list, fetch and judge scanning assets. */
    SCANNER_ONLY_KEY(
            403,
            "forbidden",
            "Scanner (vk-) API keys can only list scanning assets, fetch them with a scan URL and give a verdict."),
    /** Upload keys ({@code uk-}) may do nothing but Uppy's upload routes of their team (issue 23). */
    UPLOAD_ONLY_KEY(
            403, "forbidden", "Upload (uk-) API keys can only upload through Uppy's routes (/api/v1/uppy/...)."),
    /** The scanner endpoints are for scanner keys only. */
    SCANNERS_ONLY(403, "forbidden", "Only scanner (vk-) API keys can do this."),

    PAYLOAD_TOO_LARGE(413, "The request body is too large."),
    URI_TOO_LONG(414, "The request line is too long."),
    UNSUPPORTED_MEDIA_TYPE(415, "Send the request body as application/json."),
    HEADERS_TOO_LARGE(431, "The request headers are too large."),

    // --- download links (issue 22) -------------------------------------------------------------------
    /** A link id of the management endpoints that is not the team's (or does not exist). */
    LINK_NOT_FOUND(404, "not_found", "Link not found."),
    /** A link can be made only for a ready asset. */
    LINK_ASSET_NOT_READY(409, "invalid_state", "The asset is %s: links can be made only for ready assets."),
    /** {@code GET /l/{token}}: no such link, or the caller's address is not allowed (outsiders learn nothing). */
    PUBLIC_LINK_NOT_FOUND(404, "link_not_found", "No such link."),
    /** {@code GET /l/{token}}: revoked, expired, used up, or its file is gone; which one is the team's to know. */
    LINK_GONE(410, "link_gone", "This link is no longer valid."),

    // --- server side ----------------------------------------------------------------------------------
    INTERNAL_ERROR(500, "An unexpected error occurred."),
    SERVICE_UNAVAILABLE(503, "A backing service is unreachable. Please try again."),
    /** Reference 001, word for word. */
    DOWNLOAD_URL_UNAVAILABLE(503, "service_unavailable", "Failed to generate download URL. Please try again."),
    /** The keys to verify a JWT could not be fetched: an outage, not a bad token. */
    IDENTITY_PROVIDER_UNAVAILABLE(503, "The identity provider's signing keys cannot be fetched. Please try again.");

    private static final String ATTRIBUTE = "signet.error";

    private final int status;
    private final String code;
    private final String template;

    ErrorCode(int status, String template) {
        this.status = status;
        this.code = name().toLowerCase(Locale.ROOT);
        this.template = template;
    }

    ErrorCode(int status, String code, String template) {
        this.status = status;
        this.code = code;
        this.template = template;
    }

    public int status() {
        return status;
    }

    /** The wire code, {@code detail.code}. */
    public String code() {
        return code;
    }

    public String message(Object... args) {
        return args.length == 0 ? template : String.format(Locale.ROOT, template, args);
    }

    public ApiException exception(Object... args) {
        return new ApiException(this, message(args));
    }

    /** {@link #INVALID_REQUEST} for one field: {@code "<field>: <problem>"}. */
    public static ApiException invalidField(String field, String problem) {
        return INVALID_REQUEST.exception(field, problem);
    }

    /** A refused credential, as the security layer carries it to the error mapper. */
    public AuthenticationFailedException unauthenticated() {
        return unauthenticated(template);
    }

    /** The same, with a more precise sentence (never token content: it is shown to the caller). */
    public AuthenticationFailedException unauthenticated(String message) {
        return new AuthenticationFailedException(message, Map.of(ATTRIBUTE, this));
    }

    /** The entry a refused credential carries, or {@link #INVALID_TOKEN} for failures raised outside Signet. */
    public static ErrorCode of(AuthenticationFailedException e) {
        ErrorCode error = e.getAttribute(ATTRIBUTE);
        return error == null ? INVALID_TOKEN : error;
    }

    /** The sentence to show for a refused credential: ours, or the default one for failures raised elsewhere. */
    public static String messageOf(AuthenticationFailedException e) {
        return e.getAttribute(ATTRIBUTE) == null ? INVALID_TOKEN.template : e.getMessage();
    }
}
