package dev.signet.localstack;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Dev mode ({@code ./mvnw -Plocal}): starts the local stack before Signet reads its datasource and S3
 * settings, unless the configuration already names an external PostgreSQL or S3. Data is kept under
 * {@code target/local/local-stack} between runs.
 */
public class LocalStackConfigSourceFactory implements ConfigSourceFactory {

    /** Set once the stack runs in this JVM: dev-mode reloads create new class loaders, not new stacks. */
    private static final String STARTED = "signet.local-stack.started";

    private static final String PREFIX = "signet.local-stack.config.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || isFalse(context.getValue("signet.local-stack.enabled"))) {
            return List.of();
        }
        Map<String, String> config = System.getProperty(STARTED) != null ? fromSystemProperties() : start(context);
        return List.of(new PropertiesConfigSource(config, "signet-local-stack", 275));
    }

    private static synchronized Map<String, String> start(ConfigSourceContext context) {
        if (System.getProperty(STARTED) != null) {
            return fromSystemProperties();
        }
        boolean externalDb = isSet(context.getValue("quarkus.datasource.reactive.url"));
        boolean externalS3 = isSet(context.getValue("quarkus.s3.endpoint-override"));
        Map<String, String> config = new java.util.LinkedHashMap<>();
        if (!(externalDb && externalS3)) {
            Path dir = Path.of(value(
                            context, "signet.local-stack.dir", defaultDir().toString()))
                    .toAbsolutePath();
            LocalStack stack = LocalStack.start(new LocalStack.Settings(
                    dir.resolve("data"),
                    true,
                    port(context, "signet.local-stack.pg-port", 55432),
                    port(context, "signet.local-stack.s3-port", 59000),
                    Path.of(value(
                            context,
                            "signet.local-stack.s3proxy-jar",
                            dir.resolve("s3proxy.jar").toString()))));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
            stack.config().forEach((key, value) -> {
                boolean db = key.startsWith("quarkus.datasource.");
                if (db ? !externalDb : !externalS3) {
                    config.put(key, value);
                }
            });
            System.out.printf(
                    "%nSignet local stack: PostgreSQL on %s, S3 on %s (data in %s)%n%n",
                    stack.config().get("quarkus.datasource.jdbc.url"), stack.s3Endpoint(), dir);
        }
        config.forEach((key, value) -> System.setProperty(PREFIX + key, value));
        System.setProperty(STARTED, "true");
        return config;
    }

    /** {@code local-stack} beside the classes directory: {@code target/local/local-stack} under -Plocal. */
    private static Path defaultDir() {
        try {
            Path classes = Path.of(LocalStackConfigSourceFactory.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return classes.getParent().resolve("local-stack");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromSystemProperties() {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        for (String name : new ArrayList<>(System.getProperties().stringPropertyNames())) {
            if (name.startsWith(PREFIX)) {
                config.put(name.substring(PREFIX.length()), System.getProperty(name));
            }
        }
        return config;
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? value.getValue() : fallback;
    }

    private static int port(ConfigSourceContext context, String name, int fallback) {
        return Integer.parseInt(value(context, name, Integer.toString(fallback)));
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static boolean isFalse(ConfigValue value) {
        return isSet(value) && "false".equalsIgnoreCase(value.getValue());
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }
}
