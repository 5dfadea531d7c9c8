package dev.signet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * JWT verification settings for the artifact under test, which runs in the {@code prod} profile: like an
 * operator's, they come from outside (here {@code -D} options the integration-test launcher passes). A fresh
 * RS256 key pair per run, the production default; the public half goes to the executable as a PEM file, the
 * private half stays in {@code target/} for {@link ItTokens} to sign with. The {@code %test} settings of the
 * JVM tests are not used.
 */
public class ProdJwtResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://signet.it";
    public static final String AUDIENCE = "signet";
    static final Path DIR = Path.of("target", "it-jwt").toAbsolutePath();
    static final Path PRIVATE_KEY = DIR.resolve("private.pem");

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIR);
            Path publicKey = DIR.resolve("public.pem");
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(PRIVATE_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            return Map.of(
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.audiences", AUDIENCE,
                    "mp.jwt.verify.publickey.location", publicKey.toString(),
                    "mp.jwt.verify.publickey.algorithm", "RS256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
        // the files are in target/ and replaced on the next run
    }
}
