package dev.signet.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** JWTs as an identity provider would issue them, and the ways they go wrong. */
public final class Tokens {

    /** Signing uses the key the app verifies with (test-jwt.jwk); the issuer is %test.mp.jwt.verify.issuer. */
    public static final String ISSUER = "https://signet.test";

    private Tokens() {
    }

    public static String user(String subject) {
        return Jwt.issuer(ISSUER).subject(subject).expiresIn(Duration.ofHours(1)).sign();
    }

    public static String platformAdmin(String subject) {
        return Jwt.issuer(ISSUER).subject(subject).groups(Set.of("platform-admin"))
                .expiresIn(Duration.ofHours(1)).sign();
    }

    public static String expired(String subject) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).subject(subject).issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(3600)).sign();
    }

    public static String wrongIssuer(String subject) {
        return Jwt.issuer("https://someone-else.example").subject(subject).expiresIn(Duration.ofHours(1))
                .sign();
    }

    public static String badSignature(String subject) {
        return Jwt.issuer(ISSUER).subject(subject).expiresIn(Duration.ofHours(1))
                .signWithSecret("another-secret-that-is-long-enough-for-hs256-but-wrong-0123");
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public static String algNone(String subject) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}");
        return header + "." + claims + ".";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
