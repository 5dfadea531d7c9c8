package dev.signet.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** Webhook delivery settings ({@code signet.webhooks.*}); every one has a default fit for production. */
@ConfigMapping(prefix = "signet.webhooks")
public interface WebhookConfig {

    /**
     * Allow targets on loopback, private, link-local and other internal addresses (local development and tests
     * only: a hosted Signet must never call into its own network).
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /**
     * AES-256 key (base64 of 32 bytes) that encrypts signing secrets at rest. Unset: secrets are stored as they
     * are (a WARN at start-up says so); secrets stored before a key was set keep working.
     */
    Optional<String> secretKey();

    /** Webhooks per team at most. */
    @WithDefault("20")
    @Min(1)
    int maxPerTeam();

    /**
     * How often each replica looks for due deliveries. New ones wake it at once (see {@link #listen()}); the poll
     * finds retries that came due, and everything when notifications do not arrive.
     */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * Listen for new deliveries (PostgreSQL {@code LISTEN}/{@code NOTIFY} on a connection of the pool kept for
     * it) and claim them at once. Off: new deliveries wait for the next poll (use it behind a proxy that pools
     * connections per transaction, where notifications do not arrive).
     */
    @WithDefault("true")
    boolean listen();

    /**
     * Deliveries a replica claims in one transaction at most; it claims again once this much room is free (or
     * when a webhook's claimed deliveries are all done). It holds at most the larger of this and {@link
     * #maxInFlight()} claimed deliveries at once.
     */
    @WithDefault("50")
    @Min(1)
    int batch();

    /** Deliveries sent at once by one replica, all endpoints together. */
    @WithDefault("64")
    @Min(1)
    int maxInFlight();

    /**
     * Deliveries in flight to one webhook at once, across all replicas (one replica holds a webhook's claimed
     * deliveries at a time and sends this many of them at once, over as many kept-alive connections).
     */
    @WithDefault("4")
    @Min(1)
    int maxInFlightPerWebhook();

    /** Connecting to a receiver. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** The whole request, from connecting to the end of the answer: slower is a failed attempt. */
    @WithDefault("PT15S")
    Duration timeout();

    Retry retry();

    Disable disable();

    interface Retry {

        /** The wait after the first failed attempt; each further failure doubles it (with jitter). */
        @WithDefault("PT5S")
        Duration initialInterval();

        /** The longest wait between two attempts. */
        @WithDefault("PT2H")
        Duration maxInterval();

        /** How long after its event a delivery is retried; then it is failed. */
        @WithDefault("PT24H")
        Duration window();
    }

    interface Disable {

        /** A webhook is disabled after this many failed attempts in a row … */
        @WithDefault("20")
        @Min(1)
        int failures();

        /** … once it has been failing for this long (no success in between). */
        @WithDefault("PT24H")
        Duration after();
    }
}
