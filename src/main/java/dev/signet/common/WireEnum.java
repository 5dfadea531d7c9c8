package dev.signet.common;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A closed set whose values travel as lower-case words (in JSON, in query parameters, in the database's
 * text columns). The enum is the one place a value is spelled; {@link Converter} maps it for JPA, Jackson
 * uses {@code @JsonValue} on {@link #wire()}.
 */
public interface WireEnum {

    /** Every enum has it. */
    String name();

    /** The value on the wire and in the database: the constant's name in lower case. */
    @JsonValue
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant spelled {@code wire}, or null. */
    static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String wire) {
        if (wire != null) {
            for (E value : type.getEnumConstants()) {
                if (value.wire().equals(wire)) {
                    return value;
                }
            }
        }
        return null;
    }

    /** "a, b, c": for messages that list the allowed values. */
    static <E extends Enum<E> & WireEnum> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(value -> value.wire()).collect(Collectors.joining(", "));
    }

    /** Stores a {@link WireEnum} as its wire word. */
    abstract class Converter<E extends Enum<E> & WireEnum> implements AttributeConverter<E, String> {

        private final Class<E> type;

        protected Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.wire();
        }

        @Override
        public E convertToEntityAttribute(String column) {
            return fromWire(type, column);
        }
    }
}
