package dev.signet.asset;

import dev.signet.common.GroupInsert;
import dev.signet.common.PoolQueries;
import dev.signet.http.Outages;
import dev.signet.ops.SignetMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** New upload rows, written with group commit: the hot write path of the upload endpoints (single PUT and multipart). */
@ApplicationScoped
public class PendingAssetWriter {

    private final Pool pool;
    private final GroupInsert<Asset> pendingInserts;

    public PendingAssetWriter(Pool pool, AssetConfig config, SignetMetrics metrics) {
        this.pool = pool;
        this.pendingInserts = new GroupInsert<>(
                config.insertBatchMax(),
                config.insertConcurrency(),
                this::insertMany,
                this::insertOne,
                metrics::assetInsertStatement,
                Outages::isUnavailable);
        metrics.assetInsertsWaiting(pendingInserts::waiting);
    }

    /**
     * Inserts a new pending upload. Concurrent calls are grouped ({@link GroupInsert}): each row is in one
     * autocommit statement on the plain reactive client (no BEGIN/COMMIT, no session), shared with the rows
     * that arrived while earlier statements ran. Fails with {@link WorkflowNotInTeam} when the workflow is
     * not the team's (the composite foreign key decides, so there is no separate lookup).
     */
    public Uni<Void> insert(Asset asset) {
        return pendingInserts.insert(asset);
    }

    /** One row alone (an idle service, or a failed group retried row by row), in the same statement. */
    private Uni<Void> insertOne(Asset asset) {
        return insertMany(List.of(asset))
                .onFailure(PendingAssetWriter::isWorkflowForeignKey)
                .transform(e -> new WorkflowNotInTeam());
    }

    /** Rows in one statement: one array per column, unnested into rows. */
    private Uni<Void> insertMany(List<Asset> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        UUID[] teams = new UUID[n];
        String[] creators = new String[n];
        String[] types = new String[n];
        String[] kinds = new String[n];
        String[] states = new String[n];
        String[] keys = new String[n];
        String[] fileNames = new String[n];
        String[] contentTypes = new String[n];
        Long[] sizes = new Long[n];
        UUID[] workflows = new UUID[n];
        OffsetDateTime[] expiries = new OffsetDateTime[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        String[] checksums = new String[n];
        String[] uploadIds = new String[n];
        Long[] partSizes = new Long[n];
        String[] checksumAlgorithms = new String[n];
        for (int i = 0; i < n; i++) {
            Asset a = rows.get(i);
            ids[i] = a.id;
            teams[i] = a.teamId;
            creators[i] = a.createdBy;
            types[i] = a.type;
            kinds[i] = a.kind.wire();
            states[i] = a.state.wire();
            keys[i] = a.objectKey;
            fileNames[i] = a.fileName;
            contentTypes[i] = a.contentType;
            sizes[i] = a.declaredSize;
            workflows[i] = a.workflowId;
            expiries[i] = a.uploadExpiresAt.atOffset(ZoneOffset.UTC);
            created[i] = a.createdAt.atOffset(ZoneOffset.UTC);
            checksums[i] = a.checksumSha256;
            uploadIds[i] = a.uploadId;
            partSizes[i] = a.partSize;
            checksumAlgorithms[i] = a.checksumAlgorithm == null ? null : a.checksumAlgorithm.wire();
        }
        return PoolQueries.execute(pool, """
                INSERT INTO assets (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                                    declared_size, workflow_id, upload_expires_at, created_at, updated_at,
                                    checksum_sha256, upload_id, part_size, checksum_algorithm)
                SELECT id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                       declared_size, workflow_id, upload_expires_at, created_at, created_at,
                       checksum_sha256, upload_id, part_size, checksum_algorithm
                FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::bigint[], $11::uuid[], $12::timestamptz[], $13::timestamptz[],
                            $14::text[], $15::text[], $16::bigint[], $17::text[])
                     AS r (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                           declared_size, workflow_id, upload_expires_at, created_at,
                           checksum_sha256, upload_id, part_size, checksum_algorithm)""", Tuple.from(new Object[] {
                    ids,
                    teams,
                    creators,
                    types,
                    kinds,
                    states,
                    keys,
                    fileNames,
                    contentTypes,
                    sizes,
                    workflows,
                    expiries,
                    created,
                    checksums,
                    uploadIds,
                    partSizes,
                    checksumAlgorithms
                }))
                .replaceWithVoid();
    }

    /** The asset names a workflow that does not exist in its team. */
    public static final class WorkflowNotInTeam extends RuntimeException {
        WorkflowNotInTeam() {
            super("workflow not in team", null, false, false);
        }
    }

    private static boolean isWorkflowForeignKey(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "23503".equals(pg.getSqlState());
    }
}
