package dev.signet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The launcher of the README's production command (src/main/dist/signet) and the container image
 * (docker/Dockerfile.jvm) run the JVM with the same memory and compiler settings: both were measured as one
 * in docs/benchmarks.md, so neither may drift alone.
 */
class LauncherFlagsTest {

    @Test
    void theLauncherAndTheImageShareTheirJvmSettings() throws IOException {
        String launcher = Files.readString(Path.of("src/main/dist/signet"));
        String image = Files.readString(Path.of("docker/Dockerfile.jvm"));
        Set<String> launcherFlags =
                flags(value(launcher, "MEMORY=\"([^\"]*)\"") + " " + value(launcher, "TUNING=\"([^\"]*)\""));
        Set<String> imageFlags = flags(value(image, "ENV GC_CONTAINER_OPTIONS=\"([^\"]*)\"") + " "
                + value(image, "ENV JAVA_OPTS_APPEND=\"([^\"]*)\""));
        imageFlags.removeIf(flag -> flag.startsWith("-XX:SharedArchiveFile")); // the launcher finds its own
        assertEquals(
                imageFlags,
                launcherFlags.stream().filter(imageFlags::contains).collect(Collectors.toCollection(TreeSet::new)),
                "every JVM setting of the image is in the launcher, with the same value");
        // run-java.sh, the image's entry point, adds these for the serial collector; the launcher has them itself
        assertTrue(
                launcherFlags.containsAll(
                        Set.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:+ExitOnOutOfMemoryError")),
                launcherFlags.toString());
    }

    private static String value(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1);
    }

    /** The JVM's own options (-X…), without system properties. */
    private static Set<String> flags(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(o -> o.startsWith("-X"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
