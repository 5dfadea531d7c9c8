package dev.signet.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Checks every response a test receives through RestAssured against the committed contract, docs/openapi.yaml
 * (which {@code OpenApiTest} keeps equal to the served document): an undocumented status, a wrong content
 * type, a missing required field, a wrong type, a value outside an enum or an unexpected null fails the test
 * that met it. Two maintained validators share the work: Atlassian's swagger-request-validator (the path,
 * operation, status, content type and required fields) and networknt's JSON Schema validator for the body
 * schemas, in OpenAPI 3.1's dialect (JSON Schema 2020-12), since Atlassian's reads 3.1 schemas without their
 * types (verified: it passes a string where the document says integer, and a value outside an enum).
 * Requests are not checked: many tests send invalid ones on purpose. Installed before every
 * {@code @QuarkusTest} method in the test's own class loader, whose RestAssured the test uses (a Quarkus
 * test callback, META-INF/services).
 */
public class ContractCheck implements QuarkusTestBeforeEachCallback {

    private static final Path DOCUMENT = Path.of("docs/openapi.yaml");
    /** The name of the webhook (OpenAPI 3.1 {@code webhooks}) that documents every event Signet sends. */
    public static final String EVENT_WEBHOOK = "assetEvent";

    private static volatile boolean installed;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Contract contract = withOwnLoader(Contract::new);
        RestAssured.filters((request, spec, next) -> {
            Response response = next.next(request, spec);
            List<String> problems = withOwnLoader(() -> contract.check(
                    RestAssuredRequest.of(request),
                    RestAssuredResponse.of(response),
                    request.getMethod(),
                    URI.create(request.getURI()).getRawPath(),
                    response.statusCode(),
                    response.asString()));
            if (!problems.isEmpty()) {
                throw new AssertionError("The answer to " + request.getMethod() + " " + request.getURI()
                        + " breaks docs/openapi.yaml: " + problems + "\n" + response.statusLine() + "\n"
                        + response.asString());
            }
            return response;
        });
        installed = true;
    }

    /** Raw answers (RawHttp) held to the same contract: their status, content type and body. */
    public interface Answers {
        List<String> check(String method, String target, RawHttp.Answer answer);
    }

    public static Answers answers() {
        Contract contract = withOwnLoader(Contract::new);
        return (method, target, answer) -> withOwnLoader(() -> {
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query); // raw: it may not even be a valid URI
            var request = new com.atlassian.oai.validator.model.SimpleRequest.Builder(method, path).build();
            String type = answer.headers()
                    .lines()
                    .filter(l -> l.startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).trim())
                    .findFirst()
                    .orElse(null);
            var response = com.atlassian.oai.validator.model.SimpleResponse.Builder.status(answer.status())
                    .withContentType(type)
                    .withBody(answer.body())
                    .build();
            return contract.check(request, response, method, path, answer.status(), answer.body());
        });
    }

    /**
     * The body of a webhook delivery held to the document: the request body of its webhook {@code assetEvent}
     * (OpenAPI 3.1's {@code webhooks}: what Signet sends, not what it serves). Answers the problems, or none.
     */
    public static List<String> event(String body) {
        Contract contract;
        synchronized (ContractCheck.class) {
            if (events == null) {
                events = withOwnLoader(Contract::new);
            }
            contract = events;
        }
        return withOwnLoader(() -> contract.checkEvent(body));
    }

    private static Contract events;

    /**
     * The parsers find their extensions with ServiceLoader on the context class loader: make it theirs, not
     * the Quarkus test class loader (which holds a second copy of their classes).
     */
    private static <T> T withOwnLoader(Callable<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ContractCheck.class.getClassLoader());
        try {
            return work.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The document, both validators, and the way from a request to its response schema. */
    static final class Contract {

        private final OpenApiInteractionValidator interactions;
        private final JsonSchemaFactory schemas;
        private final SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        private final JsonNode paths;
        private final JsonNode webhooks;
        private final List<Map.Entry<Pattern, String>> templates = new ArrayList<>();
        private final ObjectMapper json = new ObjectMapper();

        Contract() throws Exception {
            String uri = DOCUMENT.toUri().toString();
            interactions = OpenApiInteractionValidator.createForSpecificationUrl(uri)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
            schemas = JsonSchemaFactory.getInstance(
                    SpecVersion.VersionFlag.V202012,
                    builder -> builder.metaSchema(OpenApi31.getInstance())
                            .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
            paths = document.path("paths");
            webhooks = document.path("webhooks");
            for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
                String template = names.next();
                templates.add(Map.entry(Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")), template));
            }
            // the most literal template first: /assets/upload-url before /assets/{id}
            templates.sort(Comparator.comparingLong(
                    entry -> entry.getValue().chars().filter(c -> c == '{').count()));
        }

        List<String> check(
                com.atlassian.oai.validator.model.Request request,
                com.atlassian.oai.validator.model.Response response,
                String method,
                String path,
                int status,
                String body)
                throws Exception {
            List<String> problems = new ArrayList<>();
            try {
                interactions.validate(request, response).getMessages().stream()
                        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                        .forEach(m -> problems.add(m.getKey() + ": " + m.getMessage()));
            } catch (IllegalArgumentException e) {
                // a hostile path Atlassian's validator cannot even decode: the schema check below still runs
            }
            String template = templates.stream()
                    .filter(t -> t.getKey().matcher(path).matches())
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (template == null) {
                return problems; // not an operation of the API (an unknown route): nothing to hold it to
            }
            String operation = method.toLowerCase(Locale.ROOT);
            JsonNode documented = paths.path(template)
                    .path(operation)
                    .path("responses")
                    .path(Integer.toString(status))
                    .path("content")
                    .path("application/json")
                    .path("schema");
            if (!documented.isMissingNode() && !body.isEmpty()) {
                String pointer = "#/paths/" + escape(template) + "/" + operation + "/responses/" + status
                        + "/content/application~1json/schema";
                JsonSchema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT.toUri() + pointer), config);
                for (ValidationMessage message : schema.validate(json.readTree(body))) {
                    problems.add("schema: " + message.getMessage());
                }
            }
            return problems;
        }

        List<String> checkEvent(String body) throws Exception {
            JsonNode documented = webhooks.path(EVENT_WEBHOOK)
                    .path("post")
                    .path("requestBody")
                    .path("content")
                    .path("application/json")
                    .path("schema");
            if (documented.isMissingNode()) {
                return List.of("docs/openapi.yaml documents no webhook " + EVENT_WEBHOOK + " with a JSON body");
            }
            List<String> problems = new ArrayList<>();
            String pointer = "#/webhooks/" + EVENT_WEBHOOK + "/post/requestBody/content/application~1json/schema";
            JsonSchema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT.toUri() + pointer), config);
            for (ValidationMessage message : schema.validate(json.readTree(body))) {
                problems.add("schema: " + message.getMessage());
            }
            return problems;
        }

        private static String escape(String template) {
            return template.replace("~", "~0").replace("/", "~1");
        }
    }
}
