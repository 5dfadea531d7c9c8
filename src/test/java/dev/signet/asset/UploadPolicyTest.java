package dev.signet.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ApiException;
import dev.signet.storage.StorageConfig;
import dev.signet.storage.StorageService.StoredObject;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The upload rules on their own: no HTTP, no database, no storage. */
class UploadPolicyTest {

    static final long LIMIT = 10L << 30;
    static final String SHA = Base64.getEncoder().encodeToString(new byte[32]);

    final UploadPolicy policy = policy(LIMIT, null, List.of("audio", "video", "image", "document", "data"));

    static UploadPolicy policy(long maxFileSize, List<String> allowedContentTypes, List<String> types) {
        StorageConfig storage = config(StorageConfig.class, method -> switch (method) {
            case "maxFileSize" -> maxFileSize;
            case "allowedContentTypes" -> Optional.ofNullable(allowedContentTypes);
            default -> throw new UnsupportedOperationException(method);
        });
        AssetConfig assets = config(AssetConfig.class, method -> switch (method) {
            case "types" -> types;
            default -> throw new UnsupportedOperationException(method);
        });
        return new UploadPolicy(storage, new AssetTypes(assets));
    }

    /** A configuration interface answering from {@code values} (by method name). */
    static <T> T config(Class<T> type, java.util.function.Function<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> values.apply(method.getName())));
    }

    static String refusal(Runnable call) {
        return assertThrows(ApiException.class, call::run).getMessage();
    }

    @Test
    void anOptionalContentTypeDefaultsAndARequiredOneMustBeThere() {
        assertEquals("application/octet-stream", policy.contentType("content_type", null, true));
        assertEquals("content_type: must not be blank", refusal(() -> policy.contentType("content_type", null, false)));
        assertEquals("image/png", policy.contentType("content_type", "image/png", false));
    }

    @Test
    void onlyAllowedContentTypesPass() {
        UploadPolicy images = policy(LIMIT, List.of("image/*"), List.of("image"));
        assertEquals("image/png", images.contentType("content_type", "image/png", true));
        assertEquals(
                "content_type: 'video/mp4' is not an allowed content type",
                refusal(() -> images.contentType("content_type", "video/mp4", true)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "video/mp4; codecs=\"avc1\"", "IMAGE/PNG", "Video/MP4;codecs=avc1"})
    void theAllowlistMatchesExactTypesAndWildcardsWithoutParameters(String contentType) {
        UploadPolicy some = policy(LIMIT, List.of("image/*", "video/mp4"), List.of("image", "video"));
        assertEquals(contentType, some.contentType("content_type", contentType, false));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "video/webm|content_type: 'video/webm' is not an allowed content type",
                "imagex/png|content_type: 'imagex/png' is not an allowed content type",
                "Video/WebM; codecs=vp9|content_type: 'video/webm' is not an allowed content type",
            })
    void whatTheAllowlistDoesNotNameIsRefused(String contentType, String message) {
        UploadPolicy some = policy(LIMIT, List.of("image/*", "video/mp4"), List.of("image", "video"));
        assertEquals(message, refusal(() -> some.contentType("content_type", contentType, false)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain;charset=utf-8", "application/vnd.api+json", "x-custom/thing"})
    void withoutAnAllowlistAnyWellFormedTypePasses(String contentType) {
        assertEquals(contentType, policy.contentType("content_type", contentType, false));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\" \"|content_type: must not be blank",
                "png|content_type: must be a media type such as image/png",
                "image/|content_type: must be a media type such as image/png",
                "image/png; charset|content_type: must be a media type such as image/png",
                "\"image/png\r\nX-Injected: 1\"|content_type: must be a media type such as image/png",
            })
    void aMalformedContentTypeIsRefused(String contentType, String message) {
        assertEquals(message, refusal(() -> policy.contentType("content_type", contentType, false)));
    }

    @Test
    void aContentTypeHasAtMost255Characters() {
        String longest = "application/" + "x".repeat(126) + ";a=" + "b".repeat(114);
        assertEquals(255, longest.length());
        assertEquals(longest, policy.contentType("content_type", longest, false));
        assertEquals(
                "content_type: must be at most 255 characters",
                refusal(() -> policy.contentType("content_type", longest + "b", false)));
    }

    @Test
    void sizesKeepToTheLimitAndOnePutKeepsToFiveGib() {
        policy.requireSize("file_size", null);
        policy.requireSize("file_size", LIMIT);
        assertEquals(
                "file_size: must be at most " + LIMIT + " bytes",
                refusal(() -> policy.requireSize("file_size", LIMIT + 1)));
        policy.requireSinglePut("file_size", UploadPolicy.MAX_SINGLE_PUT);
        ApiException multipart = assertThrows(
                ApiException.class, () -> policy.requireSinglePut("file_size", UploadPolicy.MAX_SINGLE_PUT + 1));
        assertEquals("use_multipart", multipart.code());
        assertEquals(
                "file_size: 5368709121 bytes is more than one PUT can carry (5 GiB, S3's limit): start a multipart "
                        + "upload with POST /api/v1/assets/multipart and send the file in parts.",
                multipart.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 43 characters, unpadded
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", // 31 bytes
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!=", // not base64
                ""
            })
    void aSha256IsThePaddedBase64OfThirtyTwoBytes(String value) {
        assertEquals(
                "checksum_sha256: must be the base64 (padded, 44 characters) of a SHA-256 digest",
                refusal(() -> UploadPolicy.requireSha256("checksum_sha256", value)));
    }

    @Test
    void aWellFormedSha256OrNoneIsTaken() {
        assertEquals(SHA, UploadPolicy.requireSha256("checksum_sha256", SHA));
        assertNull(UploadPolicy.requireSha256("checksum_sha256", null));
    }

    @ParameterizedTest
    @CsvSource({
        "audio, , audio, INPUT",
        "audio, OUTPUT, audio, OUTPUT",
        "audio_input, , audio, INPUT",
        "video_output, , video, OUTPUT",
        "video_output, OUTPUT, video, OUTPUT",
    })
    void typesAndKindsResolve(String type, AssetKind kind, String expectedType, AssetKind expectedKind) {
        assertEquals(new AssetTypes.Resolved(expectedType, expectedKind), policy.typeAndKind(type, kind));
    }

    @Test
    void anUnknownTypeOrAContradictingKindIsRefused() {
        assertEquals(
                "type: must be one of audio, data, document, image, video",
                refusal(() -> policy.typeAndKind("spreadsheet", null)));
        assertEquals(
                "kind: contradicts type 'audio_input'",
                refusal(() -> policy.typeAndKind("audio_input", AssetKind.OUTPUT)));
    }

    @ParameterizedTest
    @CsvSource({
        "image/png, image",
        "Video/MP4; codecs=avc1, video",
        "audio/mpeg, audio",
        "text/plain, data",
        "application/pdf, data",
    })
    void aWorkflowInputsTypeComesFromItsContentType(String contentType, String type) {
        assertEquals(type, policy.typeOf(contentType));
    }

    @Test
    void aMediaTypeThatIsNotAConfiguredTypeIsData() {
        assertEquals("data", policy(LIMIT, null, List.of("data")).typeOf("image/png"));
    }

    static Stream<Arguments> mismatches() {
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 1);
        String other = Base64.getEncoder().encodeToString(ones);
        return Stream.of(
                Arguments.of(new StoredObject(10, "image/png", "e", null), SHA, null),
                Arguments.of(new StoredObject(10, "image/png; charset=x", "e", SHA), SHA, null),
                Arguments.of(
                        new StoredObject(10, "image/png", "e", other),
                        SHA,
                        "Storage reports the SHA-256 " + other + ", not the declared " + SHA + "."),
                Arguments.of(
                        new StoredObject(11, "image/png", "e", null),
                        null,
                        "The uploaded object has 11 bytes, not the declared 10."),
                Arguments.of(
                        new StoredObject(10, "image/jpeg", "e", null),
                        null,
                        "The uploaded object's content type is 'image/jpeg', not the declared 'image/png'."),
                Arguments.of(
                        new StoredObject(10, null, "e", null),
                        null,
                        "The uploaded object's content type is '', not the declared 'image/png'."));
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void aStoredObjectIsCheckedAgainstWhatWasDeclared(StoredObject object, String expectedSha256, String mismatch) {
        Asset asset = asset("team/inputs/id/a.png", "image/png", 10L);
        assertEquals(mismatch, policy.mismatch(asset, object, expectedSha256));
    }

    @Test
    void anUndeclaredSizeKeepsToTheLimit() {
        UploadPolicy small = policy(100, null, List.of("data"));
        Asset asset = asset("team/inputs/id/a.bin", "application/octet-stream", null);
        assertNull(small.mismatch(asset, new StoredObject(100, "application/octet-stream", "e", null), null));
        assertEquals(
                "The uploaded object has 101 bytes, more than the limit of 100.",
                small.mismatch(asset, new StoredObject(101, "application/octet-stream", "e", null), null));
    }

    @Test
    void aWorkflowInputsContentTypeIsNotChecked() {
        // reference 003 signs no content type: its key records the declared one
        Asset input = asset("inputs/team/id/aW1hZ2UvcG5n/a.png", "image/png", 10L);
        assertNull(policy.mismatch(input, new StoredObject(10, "binary/octet-stream", "e", null), null));
    }

    static Asset asset(String key, String contentType, Long size) {
        Asset asset = new Asset();
        asset.objectKey = key;
        asset.contentType = contentType;
        asset.declaredSize = size;
        return asset;
    }
}
