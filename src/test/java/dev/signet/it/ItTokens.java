package dev.signet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/** JWTs as the identity provider of {@link ProdJwtResource} would issue them: RS256, issuer and audience set. */
final class ItTokens {

    private ItTokens() {
    }

    static String user(String subject) {
        return Jwt.issuer(ProdJwtResource.ISSUER).audience(ProdJwtResource.AUDIENCE).subject(subject)
                .expiresIn(Duration.ofMinutes(30))
                .jws().algorithm(SignatureAlgorithm.RS256).sign(privateKey());
    }

    /** Right issuer, audience and claims, but signed by a key the service does not trust. */
    static String signedByAnotherKey(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ProdJwtResource.ISSUER).audience(ProdJwtResource.AUDIENCE).subject(subject)
                    .expiresIn(Duration.ofMinutes(30))
                    .jws().algorithm(SignatureAlgorithm.RS256).sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Read per token: the resource writes a new key for every run of the integration tests. */
    private static PrivateKey privateKey() {
        try {
            String pem = Files.readString(ProdJwtResource.PRIVATE_KEY);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
