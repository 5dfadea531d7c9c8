package dev.signet.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.JwksServer;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * A PEM key is decoded by the type its encoding names, whatever the order of the configured algorithms (SmallRye
 * JWT decoded it as the type of the first one, and that order changed between starts: issue 19).
 */
class PemVerificationKeyTest {

    private static final List<SignatureAlgorithm> RS_FIRST =
            List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256);
    private static final List<SignatureAlgorithm> ES_FIRST =
            List.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256);

    @Test
    void anRsaPemIsAnRsaKeyInEitherOrder() throws Exception {
        PublicKey rsa = JwksServer.rsaKey().jwk().getPublicKey();
        for (List<SignatureAlgorithm> order : List.of(RS_FIRST, ES_FIRST)) {
            PemVerificationKey pem = pem(pem(rsa), order);
            assertEquals(rsa, pem.key().orElseThrow(), order.toString());
            assertTrue(pem.verifies("RS256"));
            assertTrue(pem.verifies("PS256"));
            assertFalse(pem.verifies("ES256"));
            assertEquals(Optional.empty(), pem.problem());
        }
    }

    @Test
    void anEcPemIsAnEcKeyInEitherOrder() throws Exception {
        PublicKey ec = JwksServer.ecKey().jwk().getPublicKey();
        for (List<SignatureAlgorithm> order : List.of(RS_FIRST, ES_FIRST)) {
            PemVerificationKey pem = pem(pem(ec), order);
            assertInstanceOf(ECPublicKey.class, pem.key().orElseThrow());
            assertEquals(ec, pem.key().orElseThrow());
            assertTrue(pem.verifies("ES256"));
            assertFalse(pem.verifies("RS256"));
        }
    }

    @Test
    void pemTextAsSmallRyeReadsItFromAFileOnOneLine() throws Exception {
        PublicKey rsa = JwksServer.rsaKey().jwk().getPublicKey();
        String oneLine = pem(rsa).replace("\n", "");
        assertInstanceOf(RSAPublicKey.class, pem(oneLine, ES_FIRST).key().orElseThrow());
    }

    @Test
    void aJwkIsLeftToSmallRye() throws Exception {
        String jwk = JwksServer.rsaKey().jwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        PemVerificationKey pem = pem(jwk, ES_FIRST);
        assertEquals(Optional.empty(), pem.key());
        assertEquals(Optional.empty(), pem.problem());
        assertFalse(pem.verifies("RS256"));
    }

    @Test
    void aKeyThatVerifiesNoAcceptedAlgorithmStopsStartUp() throws Exception {
        PublicKey rsa = JwksServer.rsaKey().jwk().getPublicKey();
        String problem =
                pem(pem(rsa), List.of(SignatureAlgorithm.ES256)).problem().orElseThrow();
        assertTrue(problem.contains("/etc/signet/idp.pem is an RSA key"), problem);
        assertTrue(problem.contains("accepts only ES256"), problem);
    }

    private static PemVerificationKey pem(String content, List<SignatureAlgorithm> algorithms) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(content); // as SmallRye JWT leaves a key file's text
        Set<SignatureAlgorithm> ordered = new LinkedHashSet<>(algorithms);
        info.setSignatureAlgorithm(ordered);
        return new PemVerificationKey(info, Optional.empty(), Optional.empty(), Optional.of("/etc/signet/idp.pem"));
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
