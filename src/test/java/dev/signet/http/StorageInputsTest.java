package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ApiException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for a client's values bound for storage, on their own (no app, no storage). */
class StorageInputsTest {

    static String refusal(Runnable call) {
        ApiException refused = assertThrows(ApiException.class, call::run);
        assertEquals("invalid_request", refused.code());
        return refused.getMessage();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"a/b", "a\\b", "..", "../x", "x..y", ".", "a\u0007", "a\u200bb", " lead", "trail ", "\ud800"})
    void fileNamesCannotAddressAnotherPathOrHideCharacters(String bad) {
        assertThrows(ApiException.class, () -> StorageInputs.requireFileName("file_name", bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat.png", "ünïcødé 名前.txt", "emoji-😀.png", "a.b.c"})
    void fileNamesOfAnyScriptPass(String good) {
        assertEquals(good, StorageInputs.requireFileName("file_name", good));
        assertNull(StorageInputs.fileNameProblem(good));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"|file_name: must not be blank",
                "a/b|file_name: must be a file name, not a path (no '/' or '\\')",
                "x..y|file_name: must not contain '..'",
                "\" lead\"|file_name: must not start or end with white space",
                "\"a\u0007\"|file_name: must not contain control or invisible characters",
            })
    void aRefusedFileNameSaysWhy(String name, String message) {
        assertEquals(message, refusal(() -> StorageInputs.requireFileName("file_name", name)));
    }

    @ParameterizedTest
    @CsvSource({"a, 255, true", "a, 256, false", "名, 85, true", "名, 86, false"}) // 名: three bytes in UTF-8
    void aFileNameHasAtMost255Bytes(String character, int count, boolean taken) {
        String name = character.repeat(count);
        assertEquals(taken ? null : "must be at most 255 bytes", StorageInputs.fileNameProblem(name));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"|object_path: must not be blank",
                "\" \"|object_path: must not be blank",
                "/etc/passwd|object_path: must be relative to your team's storage, not absolute",
                "a\\b|object_path: must use '/' as separator",
                "a//b|object_path: must not contain empty, '.' or '..' segments",
                "a/|object_path: must not contain empty, '.' or '..' segments",
                "./a|object_path: must not contain empty, '.' or '..' segments",
                "a/../../other-team/x|object_path: must not contain empty, '.' or '..' segments",
                "a/b\u202e.txt|object_path: must not contain control or invisible characters",
            })
    void aPathCannotLeaveTheTeamsNamespace(String path, String message) {
        assertEquals(message, refusal(() -> StorageInputs.requireRelativePath("object_path", path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "renders/2024/frame 0001.png", "x..y/z", "ünï/名前"})
    void aRelativePathPasses(String path) {
        assertEquals(path, StorageInputs.requireRelativePath("object_path", path));
    }

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {"1024, ", "1025, object_path: makes the object key longer than S3's 1024 bytes"})
    void aKeyPastS3sLimitNamesTheFieldThatMadeIt(int bytes, String message) {
        String key = "k".repeat(bytes);
        if (message == null) {
            assertEquals(key, StorageInputs.requireKeyFits("object_path", key));
        } else {
            assertEquals(message, refusal(() -> StorageInputs.requireKeyFits("object_path", key)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1S", "PT1H", "P7D"})
    void aLifetimeFromOneSecondToSevenDaysPasses(Duration ttl) {
        assertEquals(ttl, StorageInputs.requireTtl("expires_in", ttl));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S", "PT0.5S", "PT168H1S"})
    void aLifetimeOutsideOneSecondToSevenDaysIsRefused(Duration ttl) {
        assertEquals(
                "expires_in: must be between 1 second and 7 days",
                refusal(() -> StorageInputs.requireTtl("expires_in", ttl)));
    }
}
