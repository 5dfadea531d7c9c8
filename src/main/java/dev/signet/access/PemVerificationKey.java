package dev.signet.access;

import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The verification key when the configured key is PEM text (a public key or a certificate) in a file
 * ({@code mp.jwt.verify.publickey.location}) or inline ({@code mp.jwt.verify.publickey}). A PEM holds one key,
 * and its type (RSA, EC, EdDSA) decides which algorithms it verifies.
 *
 * <p>Signet reads it itself because SmallRye JWT decodes a PEM public key as the type of the <em>first</em>
 * configured algorithm, and with several ({@code RS256,ES256}, the shipped setting) that is the first of a hash
 * set of enum constants, whose order differs from one start to the next: an RSA key decoded as EC fails, and
 * every token was refused ({@code unknown_key}) for the life of the process in about half the starts (issue
 * 19). Here the key is decoded by the type its encoding names, once, when the application starts; a JWKS URL
 * is {@link RemoteJwks}'s, and a JWK file or HS256 secret stays with SmallRye JWT (whose choice of a JWK does
 * not depend on that order).
 */
@ApplicationScoped
public class PemVerificationKey {

    /** The key families a PEM may hold, each with the JOSE algorithms it verifies. */
    enum Type {
        RSA("RSA", SignatureAlgorithm.RS256),
        EC("EC", SignatureAlgorithm.ES256),
        EDDSA("EdDSA", SignatureAlgorithm.EDDSA);

        final String label;
        /** What SmallRye JWT's decoder takes to choose this family's key factory. */
        final SignatureAlgorithm decodeAs;

        Type(String label, SignatureAlgorithm decodeAs) {
            this.label = label;
            this.decodeAs = decodeAs;
        }

        static Type of(PublicKey key) {
            if (key instanceof RSAPublicKey) {
                return RSA;
            }
            if (key instanceof ECPublicKey) {
                return EC;
            }
            return key instanceof EdECPublicKey ? EDDSA : null;
        }

        boolean verifies(String algorithm) {
            return switch (this) {
                case RSA -> algorithm.startsWith("RS") || algorithm.startsWith("PS");
                case EC -> algorithm.startsWith("ES");
                case EDDSA -> "EdDSA".equals(algorithm);
            };
        }
    }

    private final PublicKey key;
    private final Type type;
    private final String source;
    /** Why the configured key cannot be used (start-up then fails), or null. */
    private final String problem;

    /**
     * SmallRye JWT has read the key file already (at start-up, failing it when unreadable): its text is the
     * public key content, and the location settings only name it.
     */
    public PemVerificationKey(
            JWTAuthContextInfo jwt,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> inline,
            @ConfigProperty(name = "smallrye.jwt.verify.key.location") Optional<String> verifyKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation) {
        String content = jwt.getPublicKeyContent();
        this.key = content == null || !mayBePem(jwt.getKeyFormat()) ? null : decode(content, jwt.getKeyFormat());
        this.type = key == null ? null : Type.of(key);
        this.source = inline.isPresent()
                ? "mp.jwt.verify.publickey"
                : verifyKeyLocation
                        .or(() -> publicKeyLocation)
                        .map(String::trim)
                        .orElse("the configuration");
        this.problem = mismatch(jwt.getSignatureAlgorithm());
    }

    private static boolean mayBePem(KeyFormat format) {
        return format == null
                || format == KeyFormat.ANY
                || format == KeyFormat.PEM_KEY
                || format == KeyFormat.PEM_CERTIFICATE;
    }

    /**
     * The public key in PEM text, decoded the way SmallRye JWT decodes it (the same formats are accepted) but as
     * the family the encoding names; null when the text is no PEM key or certificate (a JWK, say).
     */
    static PublicKey decode(String content, KeyFormat format) {
        if (format != KeyFormat.PEM_CERTIFICATE) {
            // The encoding (SubjectPublicKeyInfo) names its algorithm: every other family's factory refuses it.
            for (Type candidate : Type.values()) {
                try {
                    return KeyUtils.decodePublicKey(content, candidate.decodeAs);
                } catch (Exception notThisType) {
                    // next family
                }
            }
        }
        if (format != KeyFormat.PEM_KEY) {
            try {
                return KeyUtils.getCertificate(content).getPublicKey();
            } catch (Exception notACertificate) {
                // not PEM at all
            }
        }
        return null;
    }

    /** A key that verifies none of the accepted algorithms would refuse every token: say so at start-up. */
    private String mismatch(Set<SignatureAlgorithm> accepted) {
        if (key == null) {
            return null;
        }
        if (type == null) {
            return "The key in " + source + " is a " + key.getAlgorithm()
                    + " key; Signet verifies RSA, EC and EdDSA keys.";
        }
        List<String> names =
                accepted.stream().map(SignatureAlgorithm::getAlgorithm).sorted().toList();
        if (names.stream().anyMatch(type::verifies)) {
            return null;
        }
        return "The key in " + source + " is an " + type.label + " key, but mp.jwt.verify.publickey.algorithm "
                + "(MP_JWT_VERIFY_PUBLICKEY_ALGORITHM) accepts only " + String.join(", ", names)
                + ": every token would be refused.";
    }

    /** The PEM key, when one is configured. */
    public Optional<PublicKey> key() {
        return Optional.ofNullable(key);
    }

    /** Whether a token signed with this algorithm can be verified by the key. */
    public boolean verifies(String algorithm) {
        return type != null && algorithm != null && type.verifies(algorithm);
    }

    /** For the start-up check: why the configured key cannot be used, or empty. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** For the start-up log: where the configured key (PEM or not) comes from. */
    String source() {
        return source;
    }

    /** For the start-up log: the key, its type and the accepted algorithms it verifies. */
    String describe(Set<SignatureAlgorithm> accepted) {
        return "the " + type.label + " public key in " + source + " (verifying "
                + accepted.stream()
                        .map(SignatureAlgorithm::getAlgorithm)
                        .filter(type::verifies)
                        .sorted()
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
