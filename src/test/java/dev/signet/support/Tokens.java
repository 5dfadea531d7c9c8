package dev.signet.support;

import dev.signet.support.JwksServer.SigningKey;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Access tokens as an identity provider issues them for Signet, signed with the keys the test's JWKS
 * endpoint publishes ({@link JwksServer}), and the ways they go wrong.
 */
public final class Tokens {

    /** {@code %test.mp.jwt.verify.issuer}, {@code .audiences} and one of the authorized parties. */
    public static final String ISSUER = "https://signet.test";

    public static final String AUDIENCE = "signet";
    public static final String CLIENT = "signet-web";

    private Tokens() {}

    /** The claims of a valid access token for {@code subject}, to sign as they are or changed. */
    public static JwtClaimsBuilder claims(String subject) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("azp", CLIENT)
                .expiresIn(Duration.ofHours(1));
    }

    public static String sign(JwtClaimsBuilder claims, SigningKey key) {
        return claims.jws()
                .keyId(key.kid())
                .algorithm(SignatureAlgorithm.fromAlgorithm(key.algorithm()))
                .sign(key.privateKey());
    }

    /** Signed with the test run's published RSA key. */
    public static String sign(JwtClaimsBuilder claims) {
        return sign(claims, jwks().rsa());
    }

    public static String user(String subject) {
        return sign(claims(subject));
    }

    public static String platformAdmin(String subject) {
        return sign(claims(subject).groups(Set.of("platform-admin")));
    }

    public static String expired(String subject) {
        Instant now = Instant.now();
        return sign(claims(subject).issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)));
    }

    public static String wrongIssuer(String subject) {
        return sign(claims(subject).issuer("https://someone-else.example"));
    }

    /** Names the published RSA key but is signed by another one. */
    public static String badSignature(String subject) {
        SigningKey other = JwksServer.rsaKey();
        return sign(claims(subject), new SigningKey(jwks().rsa().kid(), "RS256", other.privateKey(), other.jwk()));
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public static String algNone(String subject) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"azp\":\"" + CLIENT
                + "\",\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
        return header + "." + claims + ".";
    }

    public static JwksServer jwks() {
        return LocalStackResource.jwks();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
