package dev.signet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The S3 client, the URL signer and its credentials are built while the application starts, before it
 * listens (Quarkus opens the socket after the start-up event), on the main thread: never on the event loop
 * of the first request that needs them.
 */
@QuarkusTest
class StorageStartupTest {

    private static final Path LOG = Path.of("target/signet-test.log");
    private static final String BUILT = "S3 client and URL signer built in ";

    @Inject
    StorageService storage;

    @Test
    void theS3ClientIsBuiltAtStartUpOffTheEventLoop() throws IOException {
        assertFalse(storage.builtOn().startsWith("vert.x-eventloop"), storage.builtOn());
        // this application's start: the lines since the previous start's "started in" up to its own
        List<String> lines = Files.readAllLines(LOG);
        int started = -1;
        int previous = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" started in ")) {
                previous = started;
                started = i;
            }
        }
        assertTrue(started >= 0, "no start in " + LOG);
        List<String> startUp = lines.subList(previous + 1, started).stream()
                .filter(l -> l.contains(BUILT))
                .toList();
        assertEquals(1, startUp.size(), "built once while starting: " + startUp);
        // (PublicEndpointTest builds one of its own later, on the test's thread)
        assertTrue(
                lines.stream().filter(l -> l.contains(BUILT)).noneMatch(l -> l.contains("(vert.x-eventloop")),
                "built on an event loop");
    }
}
