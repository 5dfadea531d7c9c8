package dev.signet.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of the Node harness (src/test/node, compiled by the build into target/node/js) with the machine's
 * {@code node}, echoing its output, and gives back its exit code and lines.
 */
public final class Node {

    /** Where the build (src/test/node/scripts/build.mjs) puts the compiled scripts. */
    public static final Path SCRIPTS = Path.of("target/node/js");

    private Node() {}

    public record Run(int exitCode, List<String> lines) {

        public String output() {
            return String.join("\n", lines);
        }

        /** The text after {@code prefix} on the last line that starts with it, or null. */
        public String last(String prefix) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(prefix)) {
                    return lines.get(i).substring(prefix.length());
                }
            }
            return null;
        }
    }

    /** Runs {@code target/node/js/<script>}; a run longer than {@code timeout} is ended and fails. */
    public static Run run(String script, Map<String, String> env, Duration timeout) {
        Path file = SCRIPTS.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file + " is missing: the Node harness is built by ./mvnw verify "
                            + "(process-test-resources: src/test/node/scripts/build.mjs); was it skipped with -Dsignet.node.skip?");
        }
        ProcessBuilder builder = new ProcessBuilder("node", file.toString()).redirectErrorStream(true);
        builder.environment().putAll(env);
        List<String> lines = new ArrayList<>();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node (Node.js 20.19 or newer must be on the PATH)", e);
        }
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            System.out.println(line);
                            synchronized (lines) {
                                lines.add(line);
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "node-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                reader.join(5000);
                synchronized (lines) {
                    lines.add("(ended after " + timeout.toSeconds() + " s)");
                    return new Run(-1, List.copyOf(lines));
                }
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
        synchronized (lines) {
            return new Run(process.exitValue(), List.copyOf(lines));
        }
    }

    /** The Chromium the browser test drives: {@code $CHROMIUM}, or Debian's package. */
    public static String chromium() {
        String configured = System.getenv("CHROMIUM");
        return configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium";
    }
}
