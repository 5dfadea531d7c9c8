package dev.signet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Http;
import dev.signet.support.LocalStackResource;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * With {@code signet.storage.public-endpoint}, URLs are signed for the host clients use (here "localhost")
 * while Signet itself talks to another ("127.0.0.1"); the host is part of the signature.
 */
@QuarkusTest
class PublicEndpointTest {

    @Inject
    S3AsyncClient s3;

    @Inject
    StorageConfig config;

    @Inject
    @CacheName(StorageService.EXISTS_CACHE)
    Cache existing;

    @Test
    void urlsAreSignedForThePublicHost() {
        String internal = LocalStackResource.stack().s3Endpoint();
        assertTrue(internal.startsWith("http://127.0.0.1:"), internal);
        URI publicEndpoint = URI.create(internal.replace("127.0.0.1", "localhost"));
        StorageService storage = new S3Storage(s3, withPublicEndpoint(publicEndpoint), true, existing);

        String key = "public-endpoint/" + UUID.randomUUID() + ".txt";
        StorageService.UploadUrl upload = storage.presignUpload(key, "text/plain", 5L, null);
        assertTrue(upload.url().startsWith(publicEndpoint + "/"), upload.url());
        Map<String, String> headers = upload.headers();
        assertEquals(
                403,
                Http.put(upload.url().replace("localhost", "127.0.0.1"), headers, Http.bytes(5))
                        .statusCode());
        assertEquals(200, Http.put(upload.url(), headers, Http.bytes(5)).statusCode());

        String download =
                storage.presignDownload(key, java.time.Duration.ofMinutes(1)).url();
        assertEquals(200, Http.get(download).statusCode());
        assertEquals(403, Http.get(download.replace("localhost", "127.0.0.1")).statusCode());
    }

    private StorageConfig withPublicEndpoint(URI endpoint) {
        return (StorageConfig) Proxy.newProxyInstance(
                StorageConfig.class.getClassLoader(),
                new Class<?>[] {StorageConfig.class},
                (proxy, method, args) -> method.getName().equals("publicEndpoint")
                        ? Optional.of(endpoint)
                        : method.invoke(config, args));
    }
}
