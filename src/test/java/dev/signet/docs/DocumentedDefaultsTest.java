package dev.signet.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md states each setting's default; the code has its own (application.properties, in
 * %prod where it differs, else the default of a {@code @ConfigMapping}). A documented default that differs
 * from the code's, or that the code does not have, fails here, so the table cannot drift.
 */
@QuarkusTest
class DocumentedDefaultsTest {

    static final Path TABLE = DocLinksTest.ROOT.resolve("docs/configuration.md");

    /** Defaults of the frameworks (not set by Signet), which the table repeats for the reader. */
    static final Set<String> FRAMEWORK_DEFAULTS = Set.of(
            "quarkus.s3.path-style-access",
            "quarkus.s3.aws.credentials.type",
            "smallrye.jwt.path.groups",
            "quarkus.log.level",
            "quarkus.shutdown.timeout",
            "signet.local-stack.pg-port",
            "signet.local-stack.s3-port",
            "signet.local-stack.enabled");

    private static final Pattern ROW = Pattern.compile("^\\| `([^|]+?)` \\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Inject
    SmallRyeConfig config;

    record Documented(String name, String value) {}

    /** Rows of the table whose default is written as code; "a / .b" names several settings of one prefix. */
    static List<Documented> documented() throws IOException {
        List<Documented> out = new ArrayList<>();
        Matcher row = ROW.matcher(Files.readString(TABLE));
        while (row.find()) {
            String[] names = row.group(1).split("` / `");
            String[] defaults = row.group(2).split(" / ");
            if (names.length != defaults.length) {
                continue; // one default for several names (credentials, usernames): no value to compare
            }
            String first = names[0];
            for (int i = 0; i < names.length; i++) {
                String name =
                        names[i].startsWith(".") ? first.substring(0, first.lastIndexOf('.')) + names[i] : names[i];
                Matcher code = CODE.matcher(defaults[i].strip());
                if (name.contains("<") || name.contains(" ") || !code.lookingAt()) {
                    continue; // a placeholder name, or a default in words ("any", "none (`*` in dev mode)")
                }
                out.add(new Documented(name, code.group(1)));
            }
        }
        return out;
    }

    @Test
    void everyDocumentedDefaultIsTheCodes() throws IOException {
        List<Documented> rows = documented();
        assertTrue(rows.size() > 30, "the table was read: " + rows.size() + " defaults");
        List<String> wrong = new ArrayList<>();
        for (Documented row : rows) {
            if (FRAMEWORK_DEFAULTS.contains(row.name())) {
                continue;
            }
            String code = codeDefault(row.name());
            if (code == null) {
                wrong.add(row.name() + ": documented " + row.value() + ", but the code has no default");
            } else if (!same(row.value(), code)) {
                wrong.add(row.name() + ": documented " + row.value() + ", the code's is " + code);
            }
        }
        assertTrue(wrong.isEmpty(), "docs/configuration.md differs from the code:\n" + String.join("\n", wrong));
    }

    /** application.properties (%prod first), else a mapping's default; never the test profile's value. */
    String codeDefault(String name) {
        String fromFile = null;
        String fromMapping = null;
        for (ConfigSource source : config.getConfigSources()) {
            String sourceName = source.getName();
            if (sourceName.contains("application.properties") && !sourceName.contains("test-classes")) {
                String prod = source.getValue("%prod." + name);
                String plain = source.getValue(name);
                if (fromFile == null) {
                    fromFile = prod != null ? prod : plain;
                }
            } else if (sourceName.contains("DefaultValuesConfigSource") && fromMapping == null) {
                fromMapping = source.getValue(name);
            }
        }
        return fromFile != null ? fromFile : fromMapping;
    }

    static boolean same(String documented, String code) {
        if (documented.equals(code)) {
            return true;
        }
        Duration a = duration(documented);
        Duration b = duration(code);
        return a != null && a.equals(b) || documented.toLowerCase(Locale.ROOT).equals(code.toLowerCase(Locale.ROOT));
    }

    static Duration duration(String value) {
        try {
            return DurationConverter.parseDuration(value);
        } catch (RuntimeException notADuration) {
            return null;
        }
    }
}
