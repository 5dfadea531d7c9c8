package dev.signet.common;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.signet.error.ApiException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Identifiers and timestamps as the database stores them. */
public final class Ids {

    /**
     * UUIDv7: time-ordered, so keyset pagination by id follows creation order. Its random part makes ids
     * unguessable (object keys act as download capabilities), so the generator and its SecureRandom are made
     * at run time, never frozen into a native image.
     */
    private static final Lazy<TimeBasedEpochGenerator> UUID_V7 =
            new Lazy<>(() -> Generators.timeBasedEpochGenerator(new SecureRandom()));

    private Ids() {}

    public static UUID newId() {
        return UUID_V7.get().generate();
    }

    /** Now, at PostgreSQL's microsecond precision, so a response shows exactly what was stored. */
    public static Instant now() {
        return truncate(Instant.now());
    }

    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Parses a UUID given by the client (path, query, header), or fails with a 400 that names the field. Only
     * the form {@link #isUuid} takes: {@link UUID#fromString} alone would also take {@code +0000000-…} and
     * {@code 0-0-0-0-0}.
     */
    public static UUID parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        if (!isUuid(value)) {
            throw ApiException.invalidField(field, "must be a UUID");
        }
        return UUID.fromString(value);
    }

    /**
     * Whether {@code value} is exactly a UUID as RFC 9562 writes it: 32 hex digits in groups of 8-4-4-4-12, no
     * padding, braces or {@code urn:uuid:}. Hex digits may be upper case (the RFC reads them case-insensitively).
     * The one rule for ids wherever a client sends them (JSON bodies too: {@link JsonConfig}).
     */
    public static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
