package dev.signet.link;

import dev.signet.common.Secrets;
import dev.signet.error.ApiException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The values a link is made of, checked exactly: its token's form, the addresses it allows, what a use records. */
public final class LinkRules {

    /** A link's token: {@code lk_} and 256 random bits in base64url ({@link Secrets}). */
    public static final String TOKEN_PREFIX = "lk_";

    public static final int MAX_ALLOWED_IPS = 32;

    /** A user agent is kept to this many characters in the audit trail. */
    public static final int MAX_USER_AGENT = 512;

    private LinkRules() {}

    public static String newToken() {
        return Secrets.newToken(TOKEN_PREFIX);
    }

    /** Whether {@code token} could be one Signet minted (anything else is not looked up). */
    public static boolean wellFormed(String token) {
        return Secrets.wellFormed(token, TOKEN_PREFIX);
    }

    /**
     * The {@code allowed_ips} as PostgreSQL {@code cidr} texts: each an IPv4 or IPv6 address (a block of one) or a
     * block {@code address/prefix} without bits set right of the prefix; duplicates dropped. Refused with a 400 naming
     * the entry: anything else (host names, IPv4 in shorthand such as {@code 10.1}, zones, leading zeros).
     */
    public static List<String> allowedIps(List<String> entries) {
        if (entries == null) {
            return null;
        }
        if (entries.isEmpty()) {
            throw ApiException.invalidField("allowed_ips", "must not be empty (leave it out to allow any address)");
        }
        if (entries.size() > MAX_ALLOWED_IPS) {
            throw ApiException.invalidField("allowed_ips", "must have at most " + MAX_ALLOWED_IPS + " entries");
        }
        Set<String> blocks = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String field = "allowed_ips[" + i + "]";
            String entry = entries.get(i);
            if (entry == null) {
                throw ApiException.invalidField(field, "must not be null");
            }
            blocks.add(block(field, entry));
        }
        return new ArrayList<>(blocks);
    }

    private static String block(String field, String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = address(address);
        if (bytes == null) {
            throw ApiException.invalidField(
                    field, "must be an IPv4 or IPv6 address or CIDR block (e.g. 203.0.113.0/24)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = entry.substring(slash + 1);
            if (!digits.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(digits) > bits) {
                throw ApiException.invalidField(field, "the prefix length must be a number from 0 to " + bits);
            }
            prefix = Integer.parseInt(digits);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                throw ApiException.invalidField(field, "has bits set right of the /" + prefix + " prefix");
            }
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of an IPv4 dotted quad or an IPv6 literal; null for anything else. */
    static byte[] address(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return null; // no zone (%eth0), no brackets
            }
        }
        int dot = text.indexOf('.');
        if (dot >= 0 && ipv4(text.substring(text.lastIndexOf(':') + 1)) == null) {
            return null;
        }
        try {
            // a literal with ':' is parsed, never resolved
            InetAddress parsed = InetAddress.getByName(text);
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("0|[1-9][0-9]{0,2}")) {
                return null;
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** The caller's address as PostgreSQL's {@code inet} takes it; an IPv4-mapped IPv6 one as IPv4. */
    public static String callerIp(String remote) {
        if (remote == null) {
            return null;
        }
        if (remote.regionMatches(true, 0, "::ffff:", 0, 7) && remote.indexOf('.') > 0) {
            byte[] v4 = ipv4(remote.substring(7));
            if (v4 != null) {
                try {
                    return Inet4Address.getByAddress(v4).getHostAddress();
                } catch (UnknownHostException e) {
                    return null;
                }
            }
        }
        return address(remote) == null ? null : remote;
    }

    /** What the audit trail keeps of a user agent: control characters removed, at most 512 characters. */
    public static String userAgent(String header) {
        if (header == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(header.length(), MAX_USER_AGENT));
        for (int i = 0; i < header.length() && out.length() < MAX_USER_AGENT; i++) {
            char c = header.charAt(i);
            if (!Character.isISOControl(c) && c != '\uFFFD' && !Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
