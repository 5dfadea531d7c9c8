package dev.signet;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Signet's entry point: Quarkus, with one HTTP-layer check left to Signet. */
@QuarkusMain
public final class Main {

    private Main() {}

    public static void main(String... args) {
        // Quarkus answers a request URI that java.net.URI cannot parse with an empty 400 before any handler runs;
        // Signet's RequestGuard makes the same check and answers with the JSON error body instead.
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}
