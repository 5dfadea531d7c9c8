package dev.signet.verify;

import jakarta.annotation.Nullable;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The scanning gate of a team on the wire. */
public final class ScanningDtos {

    private ScanningDtos() {}

    /** {@code PUT /teams/{teamId}/scanning}: the team's own choice; null returns it to the deployment's default. */
    @Schema(description = "`enabled`: true or false for the team, null for the deployment's default")
    public record SetScanning(@Nullable Boolean enabled) {}

    public record ScanningView(
            @Schema(description = "Whether the team's settled uploads wait for a scanner's verdict")
            boolean enabled,

            @Schema(description = "The team's own choice, null when the deployment's default applies", nullable = true)
            Boolean teamSetting,

            @Schema(description = "The deployment's default (`signet.scanning.enabled`)")
            boolean deploymentDefault) {}
}
