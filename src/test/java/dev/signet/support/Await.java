package dev.signet.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;

/**
 * Waiting in tests, in the two ways a test may wait: until something happens (polled, answering as soon as it
 * has), or until a deadline computed from the thing waited for (a URL's expiry, a cache's time to live, see
 * {@link Caches} to make that short) has passed. Never a fixed sleep: a sleep chosen to be long enough is too long
 * on a quiet machine and may be too short on a busy one.
 */
public final class Await {

    /** Polls start fast (most conditions hold within milliseconds) and slow down to this. */
    private static final long FIRST_PAUSE_MS = 10;

    private static final long LONGEST_PAUSE_MS = 100;

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Await() {}

    /** A question polled: may throw, which ends the wait (an {@link AssertionError} stays one). */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Asks {@code probe} until {@code done} accepts its answer or {@code timeout} has passed; answers the last
     * answer, for the caller to assert on (so a timeout fails with what was last seen).
     */
    public static <T> T poll(Duration timeout, Probe<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        T last = ask(probe);
        while (!done.test(last)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return last;
            }
            sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            last = ask(probe);
        }
        return last;
    }

    /** Whether {@code condition} held within {@code timeout} (polled). */
    public static boolean within(Duration timeout, Probe<Boolean> condition) {
        return poll(timeout, condition, Boolean.TRUE::equals);
    }

    /** Like {@link #within}, failing the test with {@code what} (what was waited for) on a timeout. */
    public static void until(Duration timeout, String what, Probe<Boolean> condition) {
        if (!within(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }

    /**
     * Returns once {@code deadline} has passed by the system clock, which storage and the app's caches read too
     * (sleeping only the time left, none if it passed already).
     */
    public static void past(Instant deadline) {
        for (long left = Duration.between(Instant.now(), deadline).toNanos();
                left >= 0;
                left = Duration.between(Instant.now(), deadline).toNanos()) {
            sleep(left / 1_000_000 + 1);
        }
    }

    /**
     * When a SigV4 presigned URL expires: its {@code X-Amz-Date} (whole seconds) plus {@code X-Amz-Expires}.
     * Storage refuses it from that instant on (S3Proxy: {@code now / 1000 >= date + expires}).
     */
    public static Instant expiryOf(String presignedUrl) {
        String date = null;
        String expires = null;
        for (String pair : URI.create(presignedUrl).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals("X-Amz-Date")) {
                date = value;
            } else if (name.equals("X-Amz-Expires")) {
                expires = value;
            }
        }
        if (date == null || expires == null) {
            throw new IllegalArgumentException("not a SigV4 presigned URL: " + presignedUrl);
        }
        return Instant.from(AMZ_DATE.parse(date)).plusSeconds(Long.parseLong(expires));
    }

    private static <T> T ask(Probe<T> probe) {
        try {
            return probe.get();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        } catch (Exception e) {
            throw new IllegalStateException("the awaited probe failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
