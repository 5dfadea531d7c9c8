package dev.signet.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint. Every resource method carries one (a method without it is refused, and
 * {@code AccessMatrixTest} fails the build); {@link AccessFilter} checks it before the method runs and, for
 * team-scoped permissions, resolves the team once for the request ({@link CurrentCaller}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Access {
    Permission value();
}
