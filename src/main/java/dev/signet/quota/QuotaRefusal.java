package dev.signet.quota;

import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import java.util.HashMap;
import java.util.Map;

/**
 * The database refused a new upload under the team's quota (migration V7, {@code team_quota_reserve}): the SQLSTATEs
 * it raises and the numbers its DETAIL carries, read back into the error a client sees. The database decides, in the
 * INSERT of the upload's row; this only reads its answer.
 */
public final class QuotaRefusal extends RuntimeException {

    /** The upload would pass the team's quota; DETAIL {@code dimension=bytes|files used= reserved= size= quota=}. */
    static final String QUOTA_EXCEEDED = "SGQ01";
    /** A pending upload without a declared size while the team has a byte quota; DETAIL {@code quota=}. */
    static final String SIZE_REQUIRED = "SGQ02";

    /** Which quota an upload would pass. */
    public enum Dimension {
        BYTES,
        FILES;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Dimension dimension;
    private final ApiException answer;

    private QuotaRefusal(Dimension dimension, ApiException answer) {
        super(answer.getMessage(), null, false, false);
        this.dimension = dimension;
        this.answer = answer;
    }

    /** The quota that was hit; null when the refusal is a missing {@code file_size}. */
    public Dimension dimension() {
        return dimension;
    }

    /** What the client gets: 409 {@code quota_exceeded} with the numbers, or 400 naming {@code file_size}. */
    public ApiException answer() {
        return answer;
    }

    /** The refusal {@code failure} is (a PostgreSQL error with one of the SQLSTATEs above), or null. */
    public static QuotaRefusal of(Throwable failure) {
        if (!(failure instanceof io.vertx.pgclient.PgException pg)) {
            return null;
        }
        Map<String, Long> detail = numbers(pg.getDetail());
        if (SIZE_REQUIRED.equals(pg.getSqlState())) {
            return new QuotaRefusal(
                    null,
                    ErrorCode.FILE_SIZE_REQUIRED.exception(count(detail.getOrDefault("quota", 0L), "byte", "bytes")));
        }
        if (!QUOTA_EXCEEDED.equals(pg.getSqlState())) {
            return null;
        }
        boolean files = pg.getDetail() != null && pg.getDetail().startsWith("dimension=files");
        long used = detail.getOrDefault("used", 0L);
        long reserved = detail.getOrDefault("reserved", 0L);
        long size = detail.getOrDefault("size", 0L);
        long quota = detail.getOrDefault("quota", 0L);
        return files
                ? new QuotaRefusal(
                        Dimension.FILES,
                        ErrorCode.QUOTA_EXCEEDED_FILES.exception(
                                count(used, "file", "files"),
                                count(reserved, "pending upload", "pending uploads"),
                                String.format("%,d", quota)))
                : new QuotaRefusal(
                        Dimension.BYTES,
                        ErrorCode.QUOTA_EXCEEDED_BYTES.exception(
                                count(size, "byte", "bytes"),
                                count(used, "byte", "bytes"),
                                String.format("%,d", reserved),
                                String.format("%,d", quota)));
    }

    /** "1 byte", "1,024 bytes": the messages are read by people. */
    static String count(long n, String one, String many) {
        return String.format("%,d %s", n, n == 1 ? one : many);
    }

    private static Map<String, Long> numbers(String detail) {
        Map<String, Long> out = new HashMap<>();
        if (detail == null) {
            return out;
        }
        for (String pair : detail.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException notANumber) {
                    // the dimension's name
                }
            }
        }
        return out;
    }
}
