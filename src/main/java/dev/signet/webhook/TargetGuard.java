package dev.signet.webhook;

import dev.signet.common.Text;
import dev.signet.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which webhook targets Signet may call: an {@code http(s)} URL whose host resolves only to public addresses.
 * Refused, after DNS resolution: loopback, unspecified, private (RFC 1918, IPv6 unique local fc00::/7),
 * link-local (169.254/16, fe80::/10), shared address space (100.64/10), multicast, broadcast and reserved
 * ranges, IPv4 inside IPv6 (mapped, compatible, NAT64, 6to4) by its IPv4 address, and cloud metadata
 * addresses (169.254.169.254, fd00:ec2::254, 100.100.100.200, 168.63.129.16, 192.0.0.192).
 * <p>
 * Checked when a webhook is created or changed, and again before every delivery, whose connection then goes to
 * the address that was checked (a name that resolves elsewhere the second time, DNS rebinding, cannot slip
 * in between). Redirects are never followed. {@code signet.webhooks.allow-private-targets=true} lifts the
 * address rule for local development and tests. Names are resolved on a small worker pool, never on the event
 * loop.
 */
@ApplicationScoped
public class TargetGuard {

    public static final int MAX_URL_LENGTH = 2048;

    /** A parsed target: where to connect and what to send as Host (and TLS server name). */
    public record Target(URI uri, String host, int port, boolean ssl) {

        /** The path and query to request. */
        public String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** A target Signet may not call, and why (for the 400 at creation, the delivery log at delivery). */
    public static final class RefusedTarget extends RuntimeException {
        RefusedTarget(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final byte[][] METADATA = {
        {(byte) 169, (byte) 254, (byte) 169, (byte) 254}, {100, 100, 100, (byte) 200},
        {(byte) 168, 63, (byte) 129, 16}, {(byte) 192, 0, 0, (byte) 192}
    };

    /** fd00:ec2::254 */
    private static final byte[] AWS_METADATA_V6 = {
        (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
    };

    private final boolean allowPrivate;
    private final WorkerExecutor resolver;

    @Inject
    public TargetGuard(WebhookConfig config, Vertx vertx) {
        this(config.allowPrivateTargets(), vertx);
    }

    TargetGuard(boolean allowPrivate, Vertx vertx) {
        this.allowPrivate = allowPrivate;
        this.resolver = vertx.createSharedWorkerExecutor("signet-webhook-dns", 4);
    }

    @PreDestroy
    void close() {
        resolver.close();
    }

    public boolean allowsPrivateTargets() {
        return allowPrivate;
    }

    /**
     * The URL's form: a 400 naming {@code field} unless it is an absolute http(s) URL with a host, no credentials
     * or fragment, a port from 1 to 65535 (when given), an IPv4 address only as a plain dotted quad and an IPv6
     * address without a zone. Checked before any address rule, so what is stored is what is later called.
     */
    public static Target parse(String field, String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.invalidField(field, "must be at most " + MAX_URL_LENGTH + " characters");
        }
        if (!Text.visible(url) || url.chars().anyMatch(c -> c == ' ' || c > 0x7e)) {
            throw ApiException.invalidField(
                    field, "must be an absolute http or https URL (percent-encode anything else)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.invalidField(field, "must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.isOpaque() || uri.getHost() == null) {
            throw ApiException.invalidField(field, "must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalidField(field, "must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.invalidField(field, "must not contain a fragment");
        }
        // java.net.URI takes any number of digits as a port (http://h:99999/ parsed, and failed only when sent)
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw ApiException.invalidField(field, "must have a port between 1 and 65535");
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (host.indexOf('%') >= 0) {
                throw ApiException.invalidField(field, "must not name an IPv6 zone");
            }
        } else if (numeric(lastLabel(host)) && !dottedQuad(host)) {
            // 1.2.3, 2130706433, 0x7f.1, 010.0.0.1: read as an IPv4 address by some parsers, a name by others
            throw ApiException.invalidField(field, "must write an IPv4 address as four decimal numbers 0 to 255");
        }
        return new Target(uri, host, port, ssl);
    }

    private static String lastLabel(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** Digits, or 0x and hex digits: what WHATWG URL parsers take for the end of an IPv4 address. */
    private static boolean numeric(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        return !lower.isEmpty() && (lower.chars().allMatch(Character::isDigit) || lower.startsWith("0x"));
    }

    /** a.b.c.d, each 0 to 255 in decimal without leading zeros. */
    private static boolean dottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0'
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address to connect to: the host resolved, and every address it resolves to allowed. Fails with
     * {@link RefusedTarget} when one is not, or when the name does not resolve.
     */
    public Uni<InetAddress> resolve(Target target) {
        return Uni.createFrom()
                .<InetAddress[]>emitter(emitter -> resolver.<InetAddress[]>executeBlocking(
                                () -> InetAddress.getAllByName(target.host()), false)
                        .onSuccess(emitter::complete)
                        .onFailure(failure -> emitter.fail(
                                failure instanceof UnknownHostException
                                        ? new RefusedTarget("the host name does not resolve")
                                        : new RefusedTarget(
                                                "the host name could not be resolved: " + failure.getMessage()))))
                .map(addresses -> {
                    if (!allowPrivate) {
                        for (InetAddress address : addresses) {
                            String reason = forbidden(address);
                            if (reason != null) {
                                throw new RefusedTarget("it resolves to " + address.getHostAddress() + ", " + reason);
                            }
                        }
                    }
                    return addresses[0];
                });
    }

    /** Why Signet may not call this address, or null when it may. */
    public static String forbidden(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            byte[] v4 = embeddedIpv4(b);
            if (v4 != null) {
                try {
                    String reason = forbidden(InetAddress.getByAddress(v4));
                    return reason == null ? null : reason + " (inside an IPv6 address)";
                } catch (UnknownHostException e) {
                    return "an unusable address";
                }
            }
            if (Arrays.equals(b, AWS_METADATA_V6)) {
                return "a cloud metadata address";
            }
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                return "a loopback or unspecified address";
            }
            if (address.isLinkLocalAddress() || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return "a link-local address";
            }
            if ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
                return "a private (unique local) address";
            }
            if (address.isMulticastAddress()) {
                return "a multicast address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
                return "a Teredo tunnel address";
            }
            if ((b[0] & 0xff) == 0x01
                    && b[1] == 0
                    && b[2] == 0
                    && b[3] == 0
                    && b[4] == 0
                    && b[5] == 0
                    && b[6] == 0
                    && b[7] == 0) {
                return "a discard-only address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation address";
            }
            return null;
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        for (byte[] metadata : METADATA) {
            if (Arrays.equals(b, metadata)) {
                return "a cloud metadata address";
            }
        }
        if (a0 == 127 || a0 == 0) {
            return "a loopback or unspecified address";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local address";
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return "a private address";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 || a0 == 198 && (a1 & 0xfe) == 18) {
            return "a reserved address";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 2
                || a0 == 198 && a1 == 51 && (b[2] & 0xff) == 100
                || a0 == 203 && a1 == 0 && (b[2] & 0xff) == 113) {
            return "a documentation address";
        }
        if (a0 >= 224) {
            return "a multicast, broadcast or reserved address";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 address, or null. */
    static byte[] embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 6to4: 2002:AABB:CCDD::/48
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }
}
