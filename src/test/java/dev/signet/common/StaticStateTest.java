package dev.signet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Quarkus runs Signet's static initialisers while it builds the native image and stores what they made in the
 * executable. A {@link Random} (SecureRandom included) made then is seeded on the build machine and shared by
 * every process, so GraalVM refuses the image. This finds such a field in a second, rather than after the
 * minutes of a native build: every class of {@code src/main} is initialised, and no static field may hold a
 * random generator, an object holding one directly (e.g. a UUID generator), or a {@link Lazy} already made.
 */
class StaticStateTest {

    @Test
    void noStaticFieldHoldsStateMadeAtBuildTime() throws Exception {
        Path classes = Path.of("target", "classes");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/signet"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, true, getClass().getClassLoader());
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())
                            && !field.getType().isPrimitive()) {
                        field.setAccessible(true);
                        if (madeAtBuildTime(field.get(null))) {
                            offenders.add(name + "." + field.getName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "static fields holding random state; see Lazy");
    }

    @Test
    void theCheckSeesTheDefectItGuardsAgainst() throws Exception {
        Lazy<Random> lazy = new Lazy<>(java.security.SecureRandom::new);
        assertEquals(false, madeAtBuildTime(lazy));
        lazy.get();
        assertEquals(true, madeAtBuildTime(lazy));
        assertEquals(true, madeAtBuildTime(com.fasterxml.uuid.Generators.timeBasedEpochGenerator()));
    }

    private static boolean madeAtBuildTime(Object value) throws IllegalAccessException {
        if (value == null || isRandom(value)) {
            return value != null;
        }
        if (value instanceof Lazy<?>) {
            return fieldValue(value, "value") != null;
        }
        for (Class<?> c = value.getClass(); c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        && !field.getType().isPrimitive()
                        && field.trySetAccessible()
                        && isRandom(field.get(value))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isRandom(Object value) {
        return value instanceof Random || value instanceof SplittableRandom;
    }

    private static Object fieldValue(Object target, String name) throws IllegalAccessException {
        try {
            Field field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
