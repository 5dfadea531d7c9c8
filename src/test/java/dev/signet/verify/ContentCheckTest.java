package dev.signet.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.support.Samples;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judgement of content against its declared type, by Tika's magic database (no storage: the bytes are given). */
class ContentCheckTest {

    static ContentCheck check(Map<String, ContentRule> rules) {
        return new ContentCheck(rules, 8192);
    }

    final ContentCheck check = check(Map.of());

    @Test
    void tikaTellsTheRealType() {
        assertEquals("image/png", check.detect(Samples.png()).toString());
        assertEquals("application/zip", check.detect(Samples.zip()).toString());
        assertEquals("application/x-executable", check.detect(Samples.elf()).toString());
        assertEquals("image/jpeg", check.detect(Samples.jpeg()).toString());
        assertEquals("application/pdf", check.detect(Samples.pdf()).toString());
    }

    @Test
    void strictTypesMustBeWhatTheyDeclare() {
        assertNull(check.mismatch("image", "image/png", Samples.png()));
        assertNull(check.mismatch("image", "IMAGE/PNG; charset=binary", Samples.png()));
        assertNull(check.mismatch("image", "image/jpeg", Samples.jpeg()));
        assertNull(check.mismatch("document", "application/pdf", Samples.pdf()));
        assertNotNull(check.mismatch("image", "image/png", Samples.elf()));
        assertNotNull(check.mismatch("image", "image/png", Samples.zip()));
        assertNotNull(check.mismatch("image", "image/png", Samples.jpeg()));
        // bytes Tika cannot place, declared as a type it would have recognized
        assertNotNull(check.mismatch("image", "image/png", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertNotNull(check.mismatch("document", "application/pdf", text("just words")));
    }

    @Test
    void typesWhoseContentCannotBeToldApartPass() {
        for (String type : new String[] {"text/plain", "text/csv", "application/json", "application/octet-stream"}) {
            assertNull(check.mismatch("document", type, text("a,b\n1,2\n")), type);
            assertNull(check.mismatch("data", type, text("{\"a\": 1}")), type);
            assertNull(check.mismatch("document", type, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), type);
        }
    }

    @Test
    void lenientRefusesOnlyExecutablesAndArchives() {
        assertNotNull(check.mismatch("data", "image/png", Samples.elf()));
        assertNotNull(check.mismatch("data", "image/png", Samples.zip()));
        assertNotNull(check.mismatch("data", "text/plain", Samples.elf()));
        assertNull(check.mismatch("data", "image/png", Samples.jpeg()), "not an executable: lenient lets it be");
        assertNull(check.mismatch("data", "application/zip", Samples.zip()), "declared as what it is");
        assertNull(check.mismatch("data", "application/octet-stream", Samples.elf()), "declared as any bytes");
    }

    @Test
    void rulesAreConfigurablePerType() {
        ContentCheck custom = check(Map.of("image", ContentRule.OFF, "data", ContentRule.STRICT));
        assertNull(custom.mismatch("image", "image/png", Samples.elf()));
        assertNotNull(custom.mismatch("data", "image/png", Samples.jpeg()));
        assertEquals(ContentRule.STRICT, check.ruleFor("video"));
        assertEquals(ContentRule.STRICT, check.ruleFor("audio"));
        assertEquals(ContentRule.LENIENT, check.ruleFor("cut_file"));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
