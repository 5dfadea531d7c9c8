package dev.signet.it;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/**
 * JWTs as the identity provider of {@link ProdJwtResource} would issue them: RS256 with the key id its JWKS
 * endpoint publishes, issuer and audience set.
 */
final class ItTokens {

    private ItTokens() {}

    static String user(String subject) {
        return Jwt.issuer(ProdJwtResource.ISSUER)
                .audience(ProdJwtResource.AUDIENCE)
                .subject(subject)
                .expiresIn(Duration.ofMinutes(30))
                .jws()
                .keyId(keyId())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(privateKey());
    }

    /** Right issuer, audience and claims, but signed by another key, under the given key id. */
    static String signedByAnotherKey(String subject, String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ProdJwtResource.ISSUER)
                    .audience(ProdJwtResource.AUDIENCE)
                    .subject(subject)
                    .expiresIn(Duration.ofMinutes(30))
                    .jws()
                    .keyId(keyId)
                    .algorithm(SignatureAlgorithm.RS256)
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key id the JWKS endpoint publishes. */
    static String keyId() {
        return read(ProdJwtResource.KEY_ID);
    }

    /** Read per token: the resource writes a new key for every run of the integration tests. */
    private static PrivateKey privateKey() {
        try {
            String pem = read(ProdJwtResource.PRIVATE_KEY);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
