package dev.signet.support;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Declares the local stack for every {@code @QuarkusTest} in the run (one stack, one app start). */
@WithTestResource(value = LocalStackResource.class, scope = TestResourceScope.GLOBAL)
public final class TestStack {

    private TestStack() {}
}
