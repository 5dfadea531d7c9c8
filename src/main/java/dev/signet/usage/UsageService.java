package dev.signet.usage;

import dev.signet.access.AccessTokenRules;
import dev.signet.access.Permission;
import dev.signet.access.TeamContext;
import dev.signet.asset.AssetKind;
import dev.signet.common.Text;
import dev.signet.quota.QuotaDtos.QuotaView;
import dev.signet.quota.QuotaService;
import dev.signet.usage.UsageDtos.StorageUsage;
import dev.signet.usage.UsageDtos.WorkflowUsage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reference 004's storage usage of the active team: ready assets only; beside it the team's quota and what its
 * pending uploads reserve (one more primary-key read, run at once with the counters' query).
 */
@ApplicationScoped
public class UsageService {

    private final UsageRepository usage;
    private final QuotaService quotas;

    public UsageService(UsageRepository usage, QuotaService quotas) {
        this.usage = usage;
        this.quotas = quotas;
    }

    /** {@code createdBy} narrows to one user's uploads, for owners, admins and platform admins only. */
    public Uni<StorageUsage> usage(TeamContext team, String createdBy) {
        if (createdBy != null) {
            team.require(Permission.SEE_OTHERS_USAGE);
            Text.requireName("createdBy", createdBy, AccessTokenRules.MAX_USER_ID_LENGTH);
        }
        return Uni.combine()
                .all()
                .unis(usage.counters(team.teamId(), createdBy), quotas.view(team.teamId()))
                .with((counters, quota) -> summarize(team.teamId(), counters, quota));
    }

    private static StorageUsage summarize(UUID teamId, List<UsageRepository.Counter> counters, QuotaView quota) {
        long input = 0;
        long output = 0;
        long files = 0;
        Map<UUID, long[]> perWorkflow = new LinkedHashMap<>();
        Map<UUID, String> names = new LinkedHashMap<>();
        for (UsageRepository.Counter c : counters) {
            if (c.kind() == AssetKind.INPUT) {
                input += c.bytes();
            } else {
                output += c.bytes();
            }
            files += c.files();
            if (!UsageRepository.NO_WORKFLOW.equals(c.workflowId()) && c.files() > 0) {
                long[] totals = perWorkflow.computeIfAbsent(c.workflowId(), id -> new long[2]);
                totals[0] += c.bytes();
                totals[1] += c.files();
                names.put(c.workflowId(), c.workflowName());
            }
        }
        List<WorkflowUsage> breakdown = new ArrayList<>();
        perWorkflow.forEach(
                (id, totals) -> breakdown.add(new WorkflowUsage(id.toString(), names.get(id), totals[0], totals[1])));
        return new StorageUsage(
                teamId.toString(),
                input + output,
                input,
                output,
                files,
                breakdown,
                quota.quotaBytes(),
                quota.reservedBytes(),
                quota.quotaFiles());
    }
}
