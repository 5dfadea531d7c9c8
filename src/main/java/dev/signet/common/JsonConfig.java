package dev.signet.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.UUID;

/**
 * Strict JSON input: a wrong-typed field is a 400 that names it, never a silent coercion
 * ({@code "12"} is not a size, {@code 1.5} is not an integer, {@code 7} is not a name); a field given twice
 * is refused; and no string may carry NUL, an unpaired surrogate or U+FFFD ({@link Text#wellFormed}) into
 * Signet, whatever field it is in.
 * <p>
 * Ids and closed sets are read exactly ({@link ExactUuid}, {@link ExactWireEnum}): Jackson's own readers of
 * UUIDs and enums {@code String.trim()} the text first, which strips NUL, tabs, line breaks and spaces alike
 * ({@code "sha256\u0000"} was {@code sha256}), read an empty or blank string as null ({@code "workflow_id": " "}
 * was no workflow), and take an enum's index ({@code "kind": 0} was {@code input}).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("signet-text")
                .addDeserializer(String.class, new WellFormedStrings())
                .addDeserializer(UUID.class, new ExactUuid())
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    public JsonDeserializer<?> modifyEnumDeserializer(
                            DeserializationConfig config,
                            JavaType type,
                            BeanDescription description,
                            JsonDeserializer<?> deserializer) {
                        return WireEnum.class.isAssignableFrom(type.getRawClass())
                                ? new ExactWireEnum(type.getRawClass())
                                : deserializer;
                    }
                }));
        // A number in a JSON tree (metadata, the write-back's duration) keeps every digit it was sent with: read as a
        // double, 0.1000000000000000055511 became 0.1 and 19.90 became 19.9
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }

    /** A string that is not well-formed text, refused with the field's path. */
    public static final class InvalidText extends JsonMappingException {
        InvalidText(JsonParser parser) {
            super(parser, "must not contain NUL, unpaired surrogates or U+FFFD");
        }
    }

    /** A UUID exactly as {@link Ids#isUuid} takes it, or a 400 naming the field ("must be a UUID"). */
    private static final class ExactUuid extends StdScalarDeserializer<UUID> {

        ExactUuid() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) context.handleUnexpectedToken(UUID.class, parser);
            }
            String text = parser.getText();
            if (!Ids.isUuid(text)) {
                throw InvalidFormatException.from(parser, "not a UUID", text, UUID.class);
            }
            return UUID.fromString(text);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.OtherScalar;
        }
    }

    /** A {@link WireEnum} by its exact wire word, or a 400 naming the field ("must be one of …"). */
    private static final class ExactWireEnum<E extends Enum<E> & WireEnum> extends StdScalarDeserializer<E> {

        private final Class<E> type;

        ExactWireEnum(Class<E> type) {
            super(type);
            this.type = type;
        }

        @Override
        public E deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            String text = parser.getText();
            E value = WireEnum.fromWire(type, text);
            if (value == null) {
                throw InvalidFormatException.from(parser, "not one of the values", text, type);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Enum;
        }
    }

    /** Jackson's own string reading, then {@link Text#wellFormed}. */
    private static final class WellFormedStrings extends StdScalarDeserializer<String> {

        WellFormedStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && !Text.wellFormed(value)) {
                throw new InvalidText(parser);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }
}
