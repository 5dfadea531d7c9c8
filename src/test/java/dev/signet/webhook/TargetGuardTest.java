package dev.signet.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which targets a hosted Signet refuses, after resolving them (no request is sent: IP literals and names in
 * /etc/hosts resolve without the network). The same check runs at creation and before every delivery.
 */
class TargetGuardTest {

    static Vertx vertx;
    static TargetGuard hosted;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        hosted = new TargetGuard(false, vertx);
    }

    @AfterAll
    static void stop() {
        hosted.close();
        vertx.close();
    }

    private static String refusal(String url) {
        TargetGuard.RefusedTarget refused = assertThrows(
                TargetGuard.RefusedTarget.class,
                () -> hosted.resolve(TargetGuard.parse("url", url)).await().atMost(Duration.ofSeconds(10)),
                url);
        return refused.getMessage();
    }

    @Test
    void internalAddressesAreRefusedAfterResolution() {
        List<String> refused = List.of(
                "http://localhost:8080/hook",
                "http://127.0.0.1/",
                "http://127.1.2.3:9/",
                "http://0.0.0.0/",
                "http://[::1]/",
                "http://[::]/",
                "http://[::ffff:127.0.0.1]/",
                "http://10.1.2.3/",
                "http://172.16.0.1/",
                "http://172.31.255.255/",
                "http://192.168.1.1/",
                "http://[fc00::1]/",
                "http://[fd12:3456::1]/",
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.1.1/",
                "http://[fe80::1]/",
                "http://[fd00:ec2::254]/latest/meta-data/",
                "http://100.100.100.200/",
                "http://168.63.129.16/",
                "http://192.0.0.192/",
                "http://100.64.0.1/",
                "http://100.127.255.254/",
                "http://224.0.0.1/",
                "http://255.255.255.255/",
                "http://240.0.0.1/",
                "http://[ff02::1]/",
                "http://[64:ff9b::a00:1]/",
                "http://[2002:a00:1::]/",
                "http://[::ffff:169.254.169.254]/",
                "https://198.18.0.1/",
                "http://192.0.2.1/");
        for (String url : refused) {
            String reason = refusal(url);
            assertTrue(reason.startsWith("it resolves to "), url + ": " + reason);
        }
        assertTrue(refusal("http://169.254.169.254/").contains("cloud metadata"));
        assertTrue(refusal("http://[fd00:ec2::254]/").contains("cloud metadata"));
        assertTrue(refusal("http://localhost/").contains("loopback"));
    }

    @Test
    void publicAddressesAreAllowedAndPinned() {
        for (String url : List.of(
                "https://93.184.215.14/hook",
                "http://8.8.8.8:8443/x?y=1",
                "http://[2606:4700::1]/",
                "http://100.128.0.1/",
                "http://172.32.0.1/",
                "http://11.0.0.1/")) {
            InetAddress address =
                    hosted.resolve(TargetGuard.parse("url", url)).await().atMost(Duration.ofSeconds(10));
            assertNotNull(address, url);
            assertNull(TargetGuard.forbidden(address), url);
        }
    }

    @Test
    void theDevelopmentSettingAllowsThem() {
        TargetGuard local = new TargetGuard(true, vertx);
        try {
            InetAddress address = local.resolve(TargetGuard.parse("url", "http://localhost:9/x"))
                    .await()
                    .atMost(Duration.ofSeconds(10));
            assertTrue(address.isLoopbackAddress());
        } finally {
            local.close();
        }
    }

    @Test
    void theUrlIsParsedStrictly() {
        TargetGuard.Target target = TargetGuard.parse("url", "https://hooks.example.com/in?team=a%20b");
        assertEquals("hooks.example.com", target.host());
        assertEquals(443, target.port());
        assertTrue(target.ssl());
        assertEquals("/in?team=a%20b", target.requestUri());
        assertEquals("/", TargetGuard.parse("url", "http://[::1]:8080").requestUri());
        assertEquals("::1", TargetGuard.parse("url", "http://[::1]:8080").host());
        for (String bad : List.of(
                "file:///etc/passwd",
                "gopher://127.0.0.1/",
                "http:/x",
                "mailto:a@b.c",
                "http://a@b.example/",
                "http://example.com/#x",
                "http://exa mple.com/",
                "http://ex\u00e4mple.com/")) {
            assertThrows(RuntimeException.class, () -> TargetGuard.parse("url", bad), bad);
        }
    }
}
