package dev.signet.support;

import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.ws.rs.HttpMethod;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every JAX-RS resource method compiled into the application (dev-only ones aside), found by reflection. */
public final class Endpoints {

    private Endpoints() {}

    /** "METHOD /path" of each resource method, with the method. */
    public static Map<String, Method> all() {
        Path classes = Path.of("target/classes");
        Map<String, Method> endpoints = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/signet"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Endpoints.class.getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null || type.isAnnotationPresent(IfBuildProfile.class)) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = httpMethod(method);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        String path = (root.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                        endpoints.put(verb + " " + (path.length() > 1 ? path.replaceAll("/$", "") : path), method);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
