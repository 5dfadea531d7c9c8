package dev.signet.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ApiException;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    /**
     * URLs that are not a target, and the start of the 400's problem (after "url: "). java.net.URI itself finds
     * no host in some IPv4 look-alikes (a last label that starts with a digit, unless the whole is all digits and
     * dots); TargetGuard refuses the rest.
     */
    static Stream<Arguments> malformedTargets() {
        return Stream.of(
                Arguments.of("http://127.0.0.1:99999/", "must have a port between 1 and 65535"),
                Arguments.of("http://127.0.0.1:65536/", "must have a port between 1 and 65535"),
                Arguments.of("http://127.0.0.1:0/", "must have a port between 1 and 65535"),
                Arguments.of("https://127.0.0.1:00000/", "must have a port between 1 and 65535"),
                Arguments.of("http://127.0.0.1:-1/", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1:4294967377/", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1:80a/", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1: 80/", "must be an absolute http or https URL"),
                Arguments.of("http:///hook", "must be an absolute http or https URL"),
                Arguments.of("http://:8080/hook", "must be an absolute http or https URL"),
                Arguments.of("http://", "must be an absolute http or https URL"),
                Arguments.of("http:/hook", "must be an absolute http or https URL"),
                Arguments.of("//127.0.0.1/hook", "must be an absolute http or https URL"),
                Arguments.of("ftp://127.0.0.1/", "must be an absolute http or https URL"),
                Arguments.of("ws://127.0.0.1/", "must be an absolute http or https URL"),
                Arguments.of("javascript:alert(1)", "must be an absolute http or https URL"),
                Arguments.of("data:text/plain,x", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1/a b", "must be an absolute http or https URL"),
                Arguments.of(" http://127.0.0.1/", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1/ ", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1/\t", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1/%zz", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.1\\@example.com/", "must be an absolute http or https URL"),
                Arguments.of("http://exa_mple.com/", "must be an absolute http or https URL"),
                Arguments.of("http://[::1/", "must be an absolute http or https URL"),
                Arguments.of("http://user@127.0.0.1/", "must not contain credentials"),
                Arguments.of("http://:@127.0.0.1/", "must not contain credentials"),
                Arguments.of("http://127.0.0.1/#", "must not contain a fragment"),
                Arguments.of("http://[fe80::1%25eth0]:9/", "must not name an IPv6 zone"),
                Arguments.of("http://1.2.3/", "must be an absolute http or https URL"),
                Arguments.of("http://2130706433/", "must write an IPv4 address as four decimal numbers"),
                Arguments.of("http://0x7f.0.0.1/", "must be an absolute http or https URL"),
                Arguments.of("http://127.0.0.0x1/", "must be an absolute http or https URL"),
                Arguments.of("http://0177.0.0.1/", "must write an IPv4 address as four decimal numbers"),
                Arguments.of("http://127.000.0.1/", "must write an IPv4 address as four decimal numbers"),
                Arguments.of("http://256.0.0.1/", "must be an absolute http or https URL"),
                Arguments.of("http://1.2.3.4.5/", "must be an absolute http or https URL"),
                Arguments.of("http://hooks.example.com.1/", "must be an absolute http or https URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTargets")
    void aMalformedUrlIsRefusedBeforeAnyAddressRule(String url, String problem) {
        ApiException refused = assertThrows(ApiException.class, () -> TargetGuard.parse("url", url), url);
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().startsWith("url: " + problem), url + " → " + refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedTargets")
    void aWellFormedUrlIsParsed(String url, String host, int port) {
        TargetGuard.Target target = TargetGuard.parse("url", url);
        assertEquals(host, target.host());
        assertEquals(port, target.port());
    }

    static Stream<Arguments> wellFormedTargets() {
        return Stream.of(
                Arguments.of("http://127.0.0.1:1/", "127.0.0.1", 1),
                Arguments.of("http://127.0.0.1:65535/x", "127.0.0.1", 65535),
                Arguments.of("https://127.0.0.1:08443/", "127.0.0.1", 8443),
                Arguments.of("http://0.0.0.0/", "0.0.0.0", 80),
                Arguments.of("https://hooks.example.com/in", "hooks.example.com", 443),
                Arguments.of("https://hooks.example.com./in", "hooks.example.com.", 443),
                Arguments.of("https://1password.example/in", "1password.example", 443),
                Arguments.of("http://[::1]:9/", "::1", 9),
                // RFC 3986 3.1: the scheme is case-insensitive
                Arguments.of("HTTPS://hooks.example.com/", "hooks.example.com", 443));
    }
}
