package dev.signet.http;

import java.util.Map;

/** Request and response examples of the OpenAPI document, taken from the reference pages Signet serves. */
public final class ApiExamples {

    private ApiExamples() {}

    /** Reference 000. */
    public static final String SIGNED_URL_REQUEST = """
            {"object_path": "results/abc123/output.json", "expires_in": 3600}""";

    public static final String SIGNED_URL_RESPONSE = """
            {"object_path": "results/abc123/output.json",
             "signed_url": "https://storage.example.com/results/abc123/output.json?X-Amz-Signature=...",
             "expires_in": 3600}""";

    /** Reference 001. */
    public static final String WORKFLOW_DOWNLOAD_REQUEST = """
            {"resource_uri": "workflow://550e8400-e29b-41d4-a716-446655440000/uploads/customers.csv"}""";

    public static final String WORKFLOW_DOWNLOAD_RESPONSE = """
            {"download_url": "https://s3.amazonaws.com/bucket/uploads/550e.../customers.csv?X-Amz-Signature=...",
             "download_expires_at": "2025-01-16T13:00:00Z",
             "resource_uri": "workflow://550e8400-e29b-41d4-a716-446655440000/uploads/customers.csv",
             "filename": "customers.csv",
             "tool_trace_id": "a1b2c3d4e5f6",
             "workflow_id": "550e8400-e29b-41d4-a716-446655440000"}""";

    /** Reference 002. */
    public static final String UPLOAD_URL_REQUEST = """
            {"content_type": "audio/mpeg", "type": "audio_input"}""";
    /** What Signet answers to the request above: {@code audio_input} is read as type audio, kind input. */
    public static final String UPLOAD_URL_RESPONSE = """
            {"asset": {"id": "019de7f7-3a52-74d1-9eeb-323e0bfb7bb9", "state": "pending_upload",
                       "type": "audio", "kind": "input", "content_type": "audio/mpeg", "file_name": null,
                       "object_key": "019abc12-3456-7890-abcd-ef1234567890/inputs/019de7f7-3a52-74d1-9eeb-323e0bfb7bb9",
                       "size_bytes": null, "duration_seconds": null, "workflow_id": null,
                       "created_at": "2026-05-02T08:54:52.423Z", "updated_at": "2026-05-02T08:54:52.423Z",
                       "checksum_sha256": null, "metadata": null},
             "upload": {"method": "PUT",
                        "url": "https://s3.example.com/signet/019abc12-3456-7890-abcd-ef1234567890/inputs/019de7f7-3a52-74d1-9eeb-323e0bfb7bb9?X-Amz-Signature=...",
                        "headers": {"Content-Type": "audio/mpeg", "If-None-Match": "*"},
                        "expires_at": "2026-05-02T09:09:52Z"}}""";

    /** A multipart upload of a 20 GiB video. */
    public static final String MULTIPART_REQUEST = """
            {"type": "video", "content_type": "video/mp4", "file_name": "take-7.mp4", "file_size": 21474836480}""";

    public static final String MULTIPART_RESPONSE = """
            {"asset": {"id": "019de7f7-3a52-74d1-9eeb-323e0bfb7bb9", "state": "pending_upload",
                       "type": "video", "kind": "input", "content_type": "video/mp4", "file_name": "take-7.mp4",
                       "object_key": "019abc12-3456-7890-abcd-ef1234567890/inputs/019de7f7-3a52-74d1-9eeb-323e0bfb7bb9/take-7.mp4",
                       "size_bytes": null, "duration_seconds": null, "workflow_id": null,
                       "created_at": "2026-05-02T08:54:52.423Z", "updated_at": "2026-05-02T08:54:52.423Z",
                       "checksum_sha256": null, "metadata": null},
             "multipart": {"upload_id": "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
                           "part_size": 16777216, "part_count": 1280, "checksum_algorithm": null,
                           "expires_at": "2026-05-03T08:54:52Z"}}""";

    /** Reference 003. */
    public static final String PRESIGN_REQUEST = """
            {"file_name": "input_image.png", "file_size": 1048576, "content_type": "image/png"}""";

    public static final String PRESIGN_RESPONSE = """
            {"file_key": "inputs/019abc12-3456-7890-abcd-ef1234567890/550e8400-e29b-41d4-a716-446655440000/aW1hZ2UvcG5n/input_image.png",
             "upload_url": "https://s3.example.com/bucket/key?X-Amz-Signature=...",
             "upload_headers": {"If-None-Match": "*"}}""";

    /** Reference 004. */
    public static final String STORAGE_USAGE_RESPONSE = """
            {"orgKey": "019abc12-3456-7890-abcd-ef1234567890", "totalBytes": 5242880, "inputBytes": 1048576,
             "outputBytes": 4194304, "fileCount": 3,
             "breakdown": [{"workflowId": "550e8400-e29b-41d4-a716-446655440000", "workflowName": "nightly",
                            "bytes": 4194304, "fileCount": 2}],
             "quotaBytes": 10737418240, "reservedBytes": 1048576, "quotaFiles": null}""";

    /** A request body's example: its name in the document and the JSON. */
    public record RequestExample(String name, String json) {}

    /**
     * The request examples by operation id: {@link OpenApiDocument} adds them to the bodies (and marks every body
     * required), so the resources carry no {@code @RequestBody} annotations for them.
     */
    public static final Map<String, RequestExample> REQUESTS = Map.of(
            "createSignedUrl", new RequestExample("reference", SIGNED_URL_REQUEST),
            "createWorkflowDownloadUrl", new RequestExample("reference", WORKFLOW_DOWNLOAD_REQUEST),
            "createUploadUrl", new RequestExample("reference", UPLOAD_URL_REQUEST),
            "presignFile", new RequestExample("reference", PRESIGN_REQUEST),
            "createMultipartUpload", new RequestExample("video", MULTIPART_REQUEST));
}
