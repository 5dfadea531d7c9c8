package dev.signet.asset;

import dev.signet.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The configured asset types. Reference 002 lists {@code audio} but its example sends
 * {@code audio_input}; its clients expect that to work, so {@code <type>_input} and
 * {@code <type>_output} are read as that type with that kind ({@code audio_input} is an
 * {@code audio} asset of kind {@code input}) and stored and answered in the canonical form.
 */
@ApplicationScoped
public class AssetTypes {

    public record Resolved(String type, AssetKind kind) {}

    private final Set<String> types;

    public AssetTypes(AssetConfig config) {
        this.types = Set.copyOf(config.types());
    }

    public Resolved resolve(String type, AssetKind kind) {
        String base = type;
        AssetKind impliedKind = null;
        if (!types.contains(type)) {
            for (AssetKind k : AssetKind.values()) {
                String suffix = "_" + k.wire();
                if (type.endsWith(suffix) && types.contains(type.substring(0, type.length() - suffix.length()))) {
                    base = type.substring(0, type.length() - suffix.length());
                    impliedKind = k;
                }
            }
            if (impliedKind == null) {
                throw ApiException.invalidField(
                        "type",
                        "must be one of "
                                + String.join(", ", types.stream().sorted().toList()));
            }
        }
        if (impliedKind != null && kind != null && kind != impliedKind) {
            throw ApiException.invalidField("kind", "contradicts type '" + type + "'");
        }
        return new Resolved(base, kind != null ? kind : impliedKind != null ? impliedKind : AssetKind.INPUT);
    }

    public boolean isKnown(String type) {
        return types.contains(type);
    }
}
