package dev.signet.quota;

import dev.signet.access.TeamContext;
import dev.signet.error.ErrorCode;
import dev.signet.quota.QuotaDtos.QuotaSource;
import dev.signet.quota.QuotaDtos.QuotaView;
import dev.signet.quota.QuotaRepository.TeamQuota;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A team's quota as clients see it: its own when set, else the configured default. The counters are the database's
 * (the {@code assets} triggers of migration V7); refusing an upload is too, in the upload's INSERT.
 */
@ApplicationScoped
public class QuotaService {

    private final QuotaRepository quotas;
    private final QuotaConfig config;

    public QuotaService(QuotaRepository quotas, QuotaConfig config) {
        this.quotas = quotas;
        this.config = config;
    }

    /** The team's quota and counters (one primary-key read). */
    public Uni<QuotaView> view(UUID teamId) {
        return quotas.find(teamId).map(this::view);
    }

    /** Sets the team's own quota (platform admins; the permission is checked before). */
    public Uni<QuotaView> set(TeamContext team, QuotaChange change) {
        return quotas.setOverride(team.teamId(), change.quotaBytes(), change.quotaFiles())
                .map(this::view);
    }

    /** The team returns to the configured default. */
    public Uni<QuotaView> clear(TeamContext team) {
        return quotas.clearOverride(team.teamId()).map(this::view);
    }

    private QuotaView view(TeamQuota row) {
        if (row == null) {
            throw ErrorCode.TEAM_NOT_FOUND.exception();
        }
        boolean own = row.override();
        return new QuotaView(
                row.teamId(),
                own ? row.quotaBytes() : config.defaultBytes().orElse(null),
                own ? row.quotaFiles() : config.defaultFiles().orElse(null),
                own ? QuotaSource.TEAM : QuotaSource.DEFAULT,
                row.usedBytes(),
                row.usedFiles(),
                row.reservedBytes(),
                row.reservedFiles());
    }
}
