package dev.signet.common;

import dev.signet.error.ApiException;

/**
 * The text rules every string from a client meets. Two levels: any string must be storable and
 * transmittable ({@link #wellFormed}: no NUL, no unpaired surrogate, no replacement character left by
 * broken percent- or UTF-8 encoding); a name a person reads must also show every character it has
 * ({@link #visible}: no control characters, no format characters such as bidi overrides and zero-width
 * spaces, no line or paragraph separators).
 */
public final class Text {

    private Text() {}

    /** Whether PostgreSQL, HTTP headers and URLs can carry the string as it is. */
    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0' || c == '\uFFFD') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a person sees every character: well-formed, and no control, format or separator characters. */
    public static boolean visible(String s) {
        if (!wellFormed(s)) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int codePoint = s.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED && (codePoint & 0xFFFE) == 0xFFFE) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** Why the value is not a name of at most {@code max} characters ({@link Name}), or null when it is one. */
    public static String nameProblem(String value, int max) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        if (value.codePointCount(0, value.length()) > max) {
            return "must be at most " + max + " characters";
        }
        if (!visible(value)) {
            return "must not contain control or invisible characters";
        }
        return null;
    }

    /** The name rule for a value outside a request body (a query or path parameter): a 400 naming {@code field}. */
    public static String requireName(String field, String value, int max) {
        String problem = nameProblem(value, max);
        if (problem != null) {
            throw ApiException.invalidField(field, problem);
        }
        return value;
    }

    /** {@code fileSize} → {@code file_size}: a Java name as the JSON of the API spells it. */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
