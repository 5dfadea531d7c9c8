package dev.signet.http;

import dev.signet.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * What a list endpoint was asked for: at most {@code limit} items after {@code cursor}. Every list reads its
 * {@code limit} and {@code cursor} query parameters here, each endpoint with its own default and maximum; a cursor
 * is an opaque base64url token of the last item's key, so a client cannot build one that skips the team filter.
 */
public record Page(String cursor, int limit) {

    /** An absent {@code limit} is {@code defaultSize}; otherwise a whole number from 1 to {@code max}. */
    public static Page of(String limit, String cursor, int defaultSize, int max) {
        int size;
        if (limit == null) {
            size = defaultSize;
        } else {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("limit", "must be an integer between 1 and " + max);
            }
        }
        if (size < 1 || size > max) {
            throw ApiException.invalidField("limit", "must be between 1 and " + max);
        }
        return new Page(cursor == null || cursor.isEmpty() ? null : cursor, size);
    }

    /** The key the cursor carries, read by {@code parse}; null on the first page. */
    public <K> K after(Function<String, K> parse) {
        if (cursor == null) {
            return null;
        }
        try {
            return parse.apply(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this API returned");
        }
    }

    /** How many rows to read: one more than the page, which tells whether another page follows. */
    public int rowsToRead() {
        return limit + 1;
    }

    /** The page's items out of {@link #rowsToRead()} rows, and the next page's cursor (null on the last page). */
    public <T> Slice<T> slice(List<T> rows, Function<T, Object> key) {
        boolean more = rows.size() > limit;
        List<T> items = more ? rows.subList(0, limit) : rows;
        String next = more ? cursorOf(key.apply(items.get(items.size() - 1))) : null;
        return new Slice<>(items, next);
    }

    /** One page of items and the cursor of the next. */
    public record Slice<T>(List<T> items, String next) {}

    static String cursorOf(Object key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.toString().getBytes(StandardCharsets.UTF_8));
    }
}
