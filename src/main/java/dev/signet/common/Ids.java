package dev.signet.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import dev.signet.error.ApiException;

/** Identifiers and timestamps as the database stores them. */
public final class Ids {

    /** UUIDv7: time-ordered, so keyset pagination by id follows creation order. */
    private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return UUID_V7.generate();
    }

    /** Now, at PostgreSQL's microsecond precision, so a response shows exactly what was stored. */
    public static Instant now() {
        return truncate(Instant.now());
    }

    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Parses a UUID given by the client, or fails with a 400 that names the field. */
    public static UUID parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the common error
        }
        throw ApiException.invalidField(field, "must be a UUID");
    }
}
