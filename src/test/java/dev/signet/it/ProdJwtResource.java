package dev.signet.it;

import dev.signet.support.JwksServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * JWT verification settings for the artifact under test, which runs in the {@code prod} profile: like an
 * operator's, they come from outside (here {@code -D} options the integration-test launcher passes), and the
 * keys from an identity provider's JWKS endpoint, as the README's production command has it: a
 * {@link JwksServer} started for the run publishes a fresh RS256 key, which Signet reads itself (its
 * non-blocking JWKS client, {@code auth/RemoteJwks}). The private half and its key id stay in {@code target/}
 * for {@link ItTokens} to sign with. The {@code %test} settings of the JVM tests are not used.
 */
public class ProdJwtResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://signet.it";
    public static final String AUDIENCE = "signet";
    static final Path DIR = Path.of("target", "it-jwt").toAbsolutePath();
    static final Path PRIVATE_KEY = DIR.resolve("private.pem");
    static final Path KEY_ID = DIR.resolve("kid");

    private JwksServer jwks;

    @Override
    public Map<String, String> start() {
        jwks = JwksServer.start();
        JwksServer.SigningKey key = jwks.rsa();
        try {
            Files.createDirectories(DIR);
            Files.writeString(PRIVATE_KEY, pem("PRIVATE KEY", key.privateKey().getEncoded()));
            Files.writeString(KEY_ID, key.kid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE,
                "mp.jwt.verify.publickey.location", jwks.url());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
        if (jwks != null) {
            jwks.close();
        }
        // the key files are in target/ and replaced on the next run
    }
}
