package dev.signet.verify;

import dev.signet.verify.ScanningDtos.ScanningView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Whether a team's settled uploads wait for a scanner ({@code scanning}) or become ready at once: the team's own
 * choice (set by platform admins), else {@code signet.scanning.enabled}. Asked once per settle, so a change applies to
 * the next upload settled; assets already scanning keep waiting for their verdict.
 */
@ApplicationScoped
public class ScanningGate {

    private final TeamScanningRepository teams;
    private final ScanningConfig config;

    public ScanningGate(TeamScanningRepository teams, ScanningConfig config) {
        this.teams = teams;
        this.config = config;
    }

    public ScanningConfig config() {
        return config;
    }

    public Uni<Boolean> enabledFor(UUID teamId) {
        return teams.find(teamId).map(own -> own != null ? own : config.enabled());
    }

    public Uni<ScanningView> view(UUID teamId) {
        return teams.find(teamId)
                .map(own -> new ScanningView(own != null ? own : config.enabled(), own, config.enabled()));
    }

    /** The team's own choice; null returns it to the deployment's default. */
    public Uni<ScanningView> set(UUID teamId, Boolean enabled) {
        Uni<Void> change = enabled == null ? teams.clear(teamId) : teams.set(teamId, enabled);
        return change.chain(() -> view(teamId));
    }
}
