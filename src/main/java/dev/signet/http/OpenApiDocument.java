package dev.signet.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.access.Access;
import dev.signet.access.Permission;
import dev.signet.access.TeamAccess;
import dev.signet.common.Text;
import dev.signet.common.WireEnum;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.RecordComponentInfo;

/**
 * Finishes the generated document with what annotations cannot say once for all operations: the two bearer
 * schemes (JWT and API key, told apart by format), the {@code X-Team-ID} rules, and the one error body on every
 * error response.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    private static final DotName ACCESS = DotName.createSimple(Access.class);
    private static final DotName NULLABLE = DotName.createSimple("jakarta.annotation.Nullable");
    private static final DotName PATH = DotName.createSimple(jakarta.ws.rs.Path.class);
    private static final List<String> HTTP_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** Who may call each operation ("POST /api/v1/assets/upload-url"), from the {@link Access} declarations. */
    private final Map<String, Permission> access;
    /** The records behind the schemas, by simple name (SmallRye names a schema after its class). */
    private final Map<String, ClassInfo> records;
    /** Enums spelled in lower case on the wire ({@link WireEnum#wire()}; SmallRye reads the constants' names). */
    private final Set<String> wireEnums;

    /** SmallRye OpenAPI passes the application's index: the declarations are read from it, not repeated here. */
    public OpenApiDocument(IndexView index) {
        this.access = declarations(index);
        this.records = new java.util.HashMap<>();
        this.wireEnums = new java.util.HashSet<>();
        for (ClassInfo type : index.getKnownClasses()) {
            if (type.isRecord() && type.name().toString().startsWith("dev.signet.")) {
                records.put(type.simpleName(), type);
            }
            if (type.isEnum() && type.interfaceNames().contains(DotName.createSimple(WireEnum.class))) {
                wireEnums.add(type.simpleName());
            }
        }
    }

    static final String JWT = "bearerJwt";
    static final String API_KEY = "bearerApiKey";
    static final String ERROR = "Error";
    /** The name Quarkus gives the scheme it derives from smallrye-jwt. */
    private static final String GENERATED_SCHEME = "SecurityScheme";

    private static final List<String> GENERIC = List.of("Not Authorized", "Not Allowed", "Bad Request");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.info(OASFactory.createInfo()
                .title("Signet API")
                .version(openAPI.getInfo() == null ? "dev" : openAPI.getInfo().getVersion())
                .description("Presigned S3 upload and download URLs, with every asset tracked in PostgreSQL. "
                        + "Authenticate with `Authorization: Bearer <JWT>` (then name the team in `X-Team-ID`) or "
                        + "`Authorization: Bearer sk-…` / `dk-…` (an API key of one team; `X-Team-ID` is ignored). "
                        + "Every error has the body `{\"detail\": {\"code\": \"…\", \"message\": \"…\"}}`."));
        var components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.components(components);
        if (components.getSecuritySchemes() != null) {
            components.removeSecurityScheme(GENERATED_SCHEME);
        }
        components.addSecurityScheme(
                JWT,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("A JWT of your identity provider. Team-scoped endpoints need `X-Team-ID`."));
        components.addSecurityScheme(
                API_KEY,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("sk-… or dk-…")
                        .description("An API key minted with POST /api/v1/api-keys: `sk-` (full access to its team), "
                                + "`dk-` (download URLs only), `vk-` (a malware scanner's) or `uk-` (Uppy's upload "
                                + "routes only; also taken in the path of /api/v1/uppy/{key}/s3). Any `X-Team-ID` sent "
                                + "is ignored."));
        components.addSchema(ERROR, errorSchema());
        if (components.getSchemas() != null) {
            Set<String> requests = requestSchemas(openAPI);
            components.getSchemas().forEach((name, schema) -> {
                exact(name, schema, requests.contains(name));
                if (wireEnums.contains(name) && schema.getEnumeration() != null) {
                    schema.setEnumeration(new ArrayList<>(schema.getEnumeration().stream()
                            .map(value -> (Object) String.valueOf(value).toLowerCase(java.util.Locale.ROOT))
                            .toList()));
                }
            });
        }

        // what Signet sends to webhooks (the package annotation of dev.signet.webhook) is authenticated by its Standard
        // Webhooks signature, not by a scheme of the API
        if (openAPI.getWebhooks() != null) {
            openAPI.getWebhooks().values().stream()
                    .filter(item -> item.getOperations() != null)
                    .flatMap(item -> item.getOperations().values().stream())
                    .forEach(operation -> operation.setSecurity(new ArrayList<>()));
        }

        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> examplesPlaced = new HashSet<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            Map<PathItem.HttpMethod, Operation> operations = item.getOperations();
            if (operations != null) {
                operations.forEach((method, operation) -> {
                    finish(operation, access.get(method.name() + " " + path), path.startsWith(KEY_IN_PATH));
                    if (placeRequestExample(operation)) {
                        examplesPlaced.add(operation.getOperationId());
                    }
                });
            }
        });
        if (!examplesPlaced.equals(ApiExamples.REQUESTS.keySet())) {
            throw new IllegalStateException("request examples without a JSON body to go on: "
                    + ApiExamples.REQUESTS.keySet().stream()
                            .filter(id -> !examplesPlaced.contains(id))
                            .toList());
        }
    }

    /**
     * Uppy's routes with an upload key in the path (issue 23): the credential is that path parameter, which no
     * security scheme can say, and there is no header at all.
     */
    static final String KEY_IN_PATH = "/api/v1/uppy/{key}/";

    private void finish(Operation operation, Permission permission, boolean keyInPath) {
        if (permission == null) {
            throw new IllegalStateException("an operation without @Access: " + operation.getSummary());
        }
        boolean secured = permission != Permission.PUBLIC;
        if (secured && !keyInPath) {
            List<SecurityRequirement> either = new ArrayList<>();
            either.add(OASFactory.createSecurityRequirement().addScheme(JWT));
            either.add(OASFactory.createSecurityRequirement().addScheme(API_KEY));
            operation.setSecurity(either);
        } else {
            operation.setSecurity(new ArrayList<>());
        }
        operation.addExtension("x-signet-access", permission.name().toLowerCase(java.util.Locale.ROOT));
        if (permission.scope() == Permission.Scope.TEAM_HEADER && !keyInPath) {
            operation.addParameter(OASFactory.createParameter()
                    .name(TeamAccess.TEAM_HEADER)
                    .in(Parameter.In.HEADER)
                    .description("The team to act in, for JWT callers (required for them: missing or malformed → "
                            + "400, not a member → 403). Ignored for `sk-`/`dk-` keys.")
                    .schema(OASFactory.createSchema()
                            .addType(Schema.SchemaType.STRING)
                            .format("uuid")));
        }
        boolean hasPathParameter = false;
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getIn() == Parameter.In.PATH) {
                    hasPathParameter = true;
                }
            }
        }
        APIResponses responses =
                operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.responses(responses);
        if (secured) {
            addIfAbsent(
                    responses,
                    "401",
                    "Missing, malformed, expired or revoked credential; `detail.code` says which "
                            + "(e.g. `token_expired`, `wrong_audience`, `unknown_key`, `api_key_revoked`).");
            addIfAbsent(responses, "403", "The credential may not do this, or the caller is not a member of the team.");
        }
        // Any request may carry a bad header, URL or query (the HTTP edge refuses those for every operation).
        addIfAbsent(responses, "400", "Invalid input; the message names the field or header. Nothing was changed.");
        addIfAbsent(responses, "406", "`Accept` excludes `application/json`, the only type Signet answers in.");
        addIfAbsent(responses, "414", "The request line is longer than Signet accepts.");
        addIfAbsent(responses, "431", "The request headers are larger than Signet accepts.");
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "413", "The request body is too large.");
            addIfAbsent(responses, "415", "The request body is not sent as `application/json`.");
        }
        if (hasPathParameter) {
            addIfAbsent(responses, "404", "Not found in the caller's team.");
        }
        addIfAbsent(
                responses,
                "503",
                "The database, the object storage or (for JWT callers) the identity "
                        + "provider's key set is unreachable; retry after `Retry-After` seconds.");
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.content(errorContent());
            }
        });
    }

    /**
     * Required and nullable exactly as the record says. Jackson writes every component, null or not, so in a
     * response every property is required and those marked {@code @Nullable} may be null; in a request the
     * {@code @Nullable} ones may be left out (or sent as null) and the others are required.
     */
    private void exact(String name, Schema schema, boolean request) {
        ClassInfo record = records.get(name);
        if (record == null || schema.getProperties() == null) {
            return;
        }
        List<String> required = new ArrayList<>();
        for (RecordComponentInfo component : record.recordComponents()) {
            String property = schema.getProperties().containsKey(component.name())
                    ? component.name()
                    : Text.snakeCase(component.name());
            Schema field = schema.getProperties().get(property);
            if (field == null) {
                continue;
            }
            boolean nullable = component.hasAnnotation(NULLABLE);
            if (!request || !nullable) {
                required.add(property);
            }
            if (nullable) {
                schema.addProperty(property, orNull(field));
            }
        }
        schema.required(required);
    }

    /** The same schema, or null: {@code type: [x, "null"]}, or {@code anyOf} a reference and null. */
    private static Schema orNull(Schema field) {
        if (field.getRef() != null) {
            return OASFactory.createSchema()
                    .anyOf(new ArrayList<>(List.of(
                            OASFactory.createSchema().ref(field.getRef()),
                            OASFactory.createSchema().addType(Schema.SchemaType.NULL))));
        }
        if (field.getType() != null && !field.getType().contains(Schema.SchemaType.NULL)) {
            field.addType(Schema.SchemaType.NULL);
        }
        return field;
    }

    /** Schemas sent as request bodies (the rest are answers). */
    private static Set<String> requestSchemas(OpenAPI openAPI) {
        Set<String> names = new java.util.HashSet<>();
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return names;
        }
        for (var item : openAPI.getPaths().getPathItems().values()) {
            if (item.getOperations() == null) {
                continue;
            }
            for (Operation operation : item.getOperations().values()) {
                if (operation.getRequestBody() == null
                        || operation.getRequestBody().getContent() == null) {
                    continue;
                }
                operation.getRequestBody().getContent().getMediaTypes().values().forEach(media -> {
                    if (media.getSchema() != null && media.getSchema().getRef() != null) {
                        String ref = media.getSchema().getRef();
                        names.add(ref.substring(ref.lastIndexOf('/') + 1));
                    }
                });
            }
        }
        // the records a request body holds (the parts of a multipart completion) are read from requests too
        Map<String, Schema> schemas =
                openAPI.getComponents() == null ? null : openAPI.getComponents().getSchemas();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(names);
        while (schemas != null && !todo.isEmpty()) {
            Schema schema = schemas.get(todo.pop());
            if (schema == null || schema.getProperties() == null) {
                continue;
            }
            for (Schema property : schema.getProperties().values()) {
                for (Schema held : new Schema[] {property, property.getItems()}) {
                    if (held != null && held.getRef() != null) {
                        String name = held.getRef().substring(held.getRef().lastIndexOf('/') + 1);
                        if (names.add(name)) {
                            todo.push(name);
                        }
                    }
                }
            }
        }
        return names;
    }

    /** "METHOD /path" of every method carrying {@link Access}, with its permission. */
    private static Map<String, Permission> declarations(IndexView index) {
        Map<String, Permission> declared = new java.util.HashMap<>();
        for (AnnotationInstance annotation : index.getAnnotations(ACCESS)) {
            MethodInfo method = annotation.target().asMethod();
            String path = join(value(method.declaringClass().declaredAnnotation(PATH)), value(method.annotation(PATH)));
            for (String http : HTTP_METHODS) {
                if (method.hasAnnotation(DotName.createSimple("jakarta.ws.rs." + http))) {
                    declared.put(
                            http + " " + path,
                            Permission.valueOf(annotation.value().asEnum()));
                }
            }
        }
        return declared;
    }

    private static String value(AnnotationInstance path) {
        return path == null ? "" : path.value().asString();
    }

    private static String join(String root, String sub) {
        String joined = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** Adds the response, or replaces the generic description the generator gave it. */
    private static void addIfAbsent(APIResponses responses, String code, String description) {
        var existing = responses.getAPIResponse(code);
        if (existing == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        } else if (GENERIC.contains(existing.getDescription())) {
            existing.description(description);
        }
    }

    private static Content errorContent() {
        return OASFactory.createContent()
                .addMediaType(
                        "application/json",
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(ERROR)));
    }

    /** In a fixed key order, so the document is the same on every build. */
    private static Map<String, Object> errorExample() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", "not_found");
        detail.put("message", "Asset not found.");
        return Map.of("detail", detail);
    }

    private static Schema errorSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema detail = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty(
                        "code",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("Stable machine-readable code, e.g. `invalid_request`, `not_found`."))
                .addProperty("message", string.description("What went wrong, for people."))
                .required(List.of("code", "message"));
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("The one error shape of the API.")
                .addProperty("detail", detail)
                .required(List.of("detail"))
                .example(errorExample());
    }

    /**
     * Every body Signet takes is required (a missing one is 400); the reference pages' examples go on theirs.
     * Answers whether this operation's example was placed.
     */
    private static boolean placeRequestExample(Operation operation) {
        RequestBody body = operation.getRequestBody();
        if (body == null) {
            return false;
        }
        body.setRequired(true);
        ApiExamples.RequestExample example = ApiExamples.REQUESTS.get(operation.getOperationId());
        MediaType json = body.getContent() == null ? null : body.getContent().getMediaType("application/json");
        if (example == null || json == null) {
            return false;
        }
        try {
            json.addExample(
                    example.name(),
                    OASFactory.createExample().value(EXAMPLE_READER.readValue(example.json(), Object.class)));
        } catch (IOException e) {
            throw new IllegalStateException("the example of " + operation.getOperationId() + " is not JSON", e);
        }
        return true;
    }

    private static final ObjectMapper EXAMPLE_READER = new ObjectMapper();
}
