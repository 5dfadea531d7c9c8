package dev.signet.verify;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Tells an upload's real type from its first bytes with Apache Tika's magic database (tika-core's
 * {@code tika-mimetypes.xml}: no signature table of Signet's own) and judges it against the declared content type by
 * the asset type's {@link ContentRule}. Pure: the bytes come from storage's ranged read, the verdict goes back to the
 * upload lifecycle, which fails the asset as it fails a size mismatch.
 */
@Startup
@ApplicationScoped
public class ContentCheck {

    /**
     * What lenient refuses: content that runs or unpacks (and the kinds Tika's registry puts under them, e.g. a JAR
     * or an OOXML file under ZIP), when the declared type is none of these.
     */
    static final List<MediaType> EXECUTABLES_AND_ARCHIVES = List.of(
            MediaType.application("x-executable"),
            MediaType.application("x-elf"),
            MediaType.application("x-sharedlib"),
            MediaType.application("x-object"),
            MediaType.application("x-coredump"),
            MediaType.application("x-msdownload"),
            MediaType.application("x-dosexec"),
            MediaType.application("x-mach-o"),
            MediaType.application("x-mach-o-universal"),
            MediaType.application("java-vm"),
            MediaType.application("zip"),
            MediaType.application("gzip"),
            MediaType.application("x-tar"),
            MediaType.application("x-7z-compressed"),
            MediaType.application("x-rar-compressed"),
            MediaType.application("x-bzip2"),
            MediaType.application("x-xz"),
            MediaType.application("zstd"));

    private final Map<String, ContentRule> rules;
    private final int sniffBytes;
    /** Loaded once at start-up from tika-core's class path resource (a few MB of XML: never on a request). */
    private final MimeTypes types;

    private final MediaTypeRegistry registry;

    @Inject
    public ContentCheck(VerificationConfig config) {
        this(config.rules(), config.sniffBytes());
    }

    /** With these rules and this read size (tests; the service takes them from {@link VerificationConfig}). */
    ContentCheck(Map<String, ContentRule> rules, int sniffBytes) {
        this.rules = Map.copyOf(rules);
        this.sniffBytes = sniffBytes;
        this.types = MimeTypes.getDefaultMimeTypes(ContentCheck.class.getClassLoader());
        this.registry = types.getMediaTypeRegistry();
    }

    /** The rule for an asset type: configured, else strict for media and documents, lenient for the rest. */
    public ContentRule ruleFor(String assetType) {
        ContentRule rule = rules.get(assetType);
        return rule != null ? rule : ContentRule.defaultFor(assetType);
    }

    /** How many bytes to read from the start of an upload. */
    public int sniffBytes() {
        return sniffBytes;
    }

    /** The type Tika detects from these bytes alone (no file name: a name is the client's word, not the content). */
    public MediaType detect(byte[] prefix) {
        try {
            return registry.normalize(types.detect(new ByteArrayInputStream(prefix), new Metadata()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
    }

    /**
     * Why the content contradicts the declared type under the asset type's rule, or null when it does not (or the
     * rule is off). {@code prefix}: the first bytes of the object.
     */
    public String mismatch(String assetType, String declaredContentType, byte[] prefix) {
        ContentRule rule = ruleFor(assetType);
        if (rule == ContentRule.OFF) {
            return null;
        }
        MediaType declared = parse(declaredContentType);
        MediaType detected = detect(prefix);
        boolean compatible = compatible(declared, detected);
        boolean refused = switch (rule) {
            case STRICT -> !compatible && !(isUntellable(detected) && !isRecognizable(declared));
            case LENIENT -> !compatible && isExecutableOrArchive(detected);
            case OFF -> false;
        };
        if (!refused) {
            return null;
        }
        return "The uploaded content is " + describe(detected) + ", not the declared '" + declared
                + "' (signet.verification.rules." + assetType + "="
                + rule.name().toLowerCase(Locale.ROOT) + ").";
    }

    /** Same type, or one a kind of the other per Tika's registry (text/csv under text/plain, a DOCX under ZIP). */
    boolean compatible(MediaType declared, MediaType detected) {
        if (declared == null) {
            return false;
        }
        return declared.equals(detected)
                || registry.isSpecializationOf(detected, declared)
                || (registry.isSpecializationOf(declared, detected) && !isUntellableOnly(detected));
    }

    /**
     * octet-stream alone says only "not recognized": the declared type is a kind of it, yet that is compatible only
     * when the declared type has no magic Tika could have seen (see {@link #mismatch}).
     */
    private static boolean isUntellableOnly(MediaType detected) {
        return detected.equals(MediaType.OCTET_STREAM);
    }

    /** Content Tika cannot tell apart from others by its bytes: unrecognized bytes, plain text. */
    private static boolean isUntellable(MediaType detected) {
        return detected.equals(MediaType.OCTET_STREAM) || detected.equals(MediaType.TEXT_PLAIN);
    }

    /** Whether Tika could have recognized content of the declared type by its bytes (it has magic for it). */
    private boolean isRecognizable(MediaType declared) {
        if (declared == null) {
            return false;
        }
        try {
            MimeType type = types.getRegisteredMimeType(declared.toString());
            return type != null && type.hasMagic() && !declared.equals(MediaType.TEXT_PLAIN);
        } catch (MimeTypeException e) {
            return false;
        }
    }

    private boolean isExecutableOrArchive(MediaType detected) {
        return EXECUTABLES_AND_ARCHIVES.stream()
                .anyMatch(bad -> bad.equals(detected) || registry.isSpecializationOf(detected, bad));
    }

    private MediaType parse(String contentType) {
        MediaType parsed = contentType == null ? null : MediaType.parse(contentType);
        return parsed == null ? null : registry.normalize(parsed.getBaseType());
    }

    private static String describe(MediaType detected) {
        return "'" + detected + "'";
    }
}
