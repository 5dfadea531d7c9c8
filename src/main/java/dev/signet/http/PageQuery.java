package dev.signet.http;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The {@code limit} and {@code cursor} query parameters of a list endpoint, taken with {@code @BeanParam}: the page
 * sizes live here, once, with the OpenAPI description that states them. Lists of rows take {@link Items}; the
 * webhook delivery log, whose items carry every attempt, takes the smaller {@link Deliveries}.
 */
public final class PageQuery {

    private PageQuery() {}

    /** 1–200 items, 50 unless asked. */
    public static class Items {
        static final int DEFAULT = 50;
        static final int MAX = 200;

        @Parameter(
                description = "Page size",
                schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
        @RestQuery
        String limit;

        @Parameter(description = "`next_cursor` of the previous page")
        @RestQuery
        String cursor;

        /** The page asked for; 400 naming {@code limit} when it is out of range. */
        public Page page() {
            return Page.of(limit, cursor, DEFAULT, MAX);
        }
    }

    /** 1–100 deliveries, 20 unless asked. */
    public static class Deliveries {
        static final int DEFAULT = 20;
        static final int MAX = 100;

        @Parameter(
                description = "Page size",
                schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
        @RestQuery
        String limit;

        @Parameter(description = "`next_cursor` of the previous page")
        @RestQuery
        String cursor;

        /** The page asked for; 400 naming {@code limit} when it is out of range. */
        public Page page() {
            return Page.of(limit, cursor, DEFAULT, MAX);
        }
    }
}
