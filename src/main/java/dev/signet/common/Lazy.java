package dev.signet.common;

import java.util.function.Supplier;

/**
 * A value made on first use, once. For state that must not exist while the native image is built: Quarkus
 * runs application static initialisers at build time and stores what they made in the executable, so a
 * {@code SecureRandom} in a {@code static final} would be seeded once, on the build machine, and shared by
 * every process started from it (GraalVM refuses such an image). Kept in a {@code Lazy}, it is made in the
 * running process instead; only the empty holder is in the image.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T v = value;
        return v != null ? v : make();
    }

    private synchronized T make() {
        if (value == null) {
            value = factory.get();
        }
        return value;
    }
}
