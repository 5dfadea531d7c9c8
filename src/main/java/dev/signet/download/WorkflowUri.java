package dev.signet.download;

import dev.signet.error.ErrorCode;
import dev.signet.http.StorageInputs;
import java.util.UUID;

/** {@code workflow://{workflowId}/{uploads|artifacts}/{filename}}, parsed with reference 001's errors. */
public record WorkflowUri(UUID workflowId, String type, String filename) {

    static final String SCHEME = "workflow://";

    public static WorkflowUri parse(String uri) {
        if (!uri.startsWith(SCHEME)) {
            throw ErrorCode.INVALID_URI_SCHEME.exception(uri);
        }
        String[] parts = uri.substring(SCHEME.length()).split("/", -1);
        UUID workflowId = parts.length == 3 ? uuidOrNull(parts[0]) : null;
        if (workflowId == null || parts[1].isEmpty() || StorageInputs.fileNameProblem(parts[2]) != null) {
            throw ErrorCode.INVALID_URI.exception(uri);
        }
        if (!parts[1].equals("uploads") && !parts[1].equals("artifacts")) {
            throw ErrorCode.INVALID_RESOURCE_TYPE.exception(parts[1]);
        }
        return new WorkflowUri(workflowId, parts[1], parts[2]);
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
