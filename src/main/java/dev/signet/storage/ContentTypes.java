package dev.signet.storage;

import dev.signet.error.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Well-formed media types (RFC 6838 names, optional parameters) and the configured allowlist. */
public final class ContentTypes {

    private static final String TOKEN = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
    private static final Pattern MEDIA_TYPE =
            Pattern.compile(TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\p{Cntrl}]*\"))*");
    public static final int MAX_LENGTH = 255;

    private ContentTypes() {}

    /** The content type, checked for shape and against {@code allowed} ({@code type/*} wildcards). */
    public static String require(String field, String contentType, List<String> allowed) {
        if (contentType == null || contentType.isBlank()) {
            throw ApiException.invalidField(field, "must not be blank");
        }
        if (contentType.length() > MAX_LENGTH) {
            throw ApiException.invalidField(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            throw ApiException.invalidField(field, "must be a media type such as image/png");
        }
        if (allowed != null && allowed.stream().noneMatch(pattern -> matches(pattern, contentType))) {
            throw ApiException.invalidField(field, "'" + essence(contentType) + "' is not an allowed content type");
        }
        return contentType;
    }

    /** {@code type/subtype} in lower case, without parameters. */
    public static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    static boolean matches(String pattern, String contentType) {
        String type = essence(contentType);
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        return p.endsWith("/*") ? type.startsWith(p.substring(0, p.length() - 1)) : type.equals(p);
    }
}
