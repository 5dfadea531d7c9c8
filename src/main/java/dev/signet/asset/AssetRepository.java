package dev.signet.asset;

import dev.signet.common.GroupInsert;
import dev.signet.common.PoolQueries;
import dev.signet.common.WireEnum;
import dev.signet.http.Outages;
import dev.signet.ops.SignetMetrics;
import dev.signet.quota.QuotaConfig;
import dev.signet.quota.QuotaRefusal;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every query on the {@code assets} table: the entity reads and state changes in HQL (they need a session, declared
 * by the calling service method), and on the plain reactive client the hot or set-based statements that need no
 * entity: the grouped INSERT of new uploads, the public download's read by object key, the write-back, the sweep.
 */
@ApplicationScoped
public class AssetRepository implements PanacheRepositoryBase<Asset, UUID> {

    /** Filters of the asset list; null means "any". */
    public record Filter(AssetState state, String type, AssetKind kind, UUID workflowId) {}

    private final Pool pool;
    private final GroupInsert<Asset> pendingInserts;
    private final SignetMetrics metrics;
    /** {@code signet.quotas.default-*} as the INSERT passes them to the quota trigger ("": unlimited). */
    private final String defaultQuotaBytes;

    private final String defaultQuotaFiles;

    public AssetRepository(Pool pool, AssetConfig config, QuotaConfig quotas, SignetMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
        this.defaultQuotaBytes = quotas.defaultBytes().map(String::valueOf).orElse("");
        this.defaultQuotaFiles = quotas.defaultFiles().map(String::valueOf).orElse("");
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
     * that arrived while earlier statements ran; the item arrives once the row is committed. Fails with
     * {@link WorkflowNotInTeam} when the workflow is not the team's (the composite foreign key decides, so there
     * is no separate lookup), and with {@link QuotaRefusal} when the row would pass its team's quota (the quota
     * trigger of migration V7 decides, in the same statement).
     */
    public Uni<Void> insertPending(Asset asset) {
        return pendingInserts.insert(asset);
    }

    public Uni<Asset> findInTeam(UUID id, UUID teamId) {
        return find("id = ?1 and teamId = ?2", id, teamId).firstResult();
    }

    /** The team's multipart asset with this storage upload id and object key (companion-style clients name both). */
    public Uni<Asset> findUploadInTeam(UUID teamId, String uploadId, String objectKey) {
        return find("teamId = ?1 and uploadId = ?2 and objectKey = ?3", teamId, uploadId, objectKey)
                .firstResult();
    }

    /** The newest ready asset of a workflow with this kind and file name. */
    public Uni<Asset> findReadyFile(UUID workflowId, AssetKind kind, String fileName) {
        return find(
                        "workflowId = ?1 and kind = ?2 and fileName = ?3 and state = ?4 order by id desc",
                        workflowId,
                        kind,
                        fileName,
                        AssetState.READY)
                .firstResult();
    }

    /**
     * One page, newest first, after {@code before} (exclusive; keyset on the UUIDv7 id). Deleted assets
     * appear only when asked for by state. Fetches {@code limit + 1} rows so the caller knows if more follow.
     */
    public Uni<List<Asset>> page(UUID teamId, Filter filter, UUID before, int limit) {
        StringBuilder query = new StringBuilder("teamId = :team");
        Parameters params = Parameters.with("team", teamId);
        if (filter.state() != null) {
            query.append(" and state = :state");
            params.and("state", filter.state());
        } else {
            query.append(" and state <> :hidden");
            params.and("hidden", AssetState.DELETED);
        }
        if (filter.type() != null) {
            query.append(" and type = :type");
            params.and("type", filter.type());
        }
        if (filter.kind() != null) {
            query.append(" and kind = :kind");
            params.and("kind", filter.kind());
        }
        if (filter.workflowId() != null) {
            query.append(" and workflowId = :workflow");
            params.and("workflow", filter.workflowId());
        }
        if (before != null) {
            query.append(" and id < :before");
            params.and("before", before);
        }
        query.append(" order by id desc");
        return find(query.toString(), params).range(0, limit).list();
    }

    /**
     * Moves a pending asset to ready with what storage reported (size, ETag and, when known, the SHA-256); 0 when
     * it was no longer pending (a concurrent confirm or complete, or the sweeper).
     */
    public Uni<Integer> markReady(UUID id, long size, String etag, String checksumSha256, Instant now) {
        return update(
                "state = ?1, sizeBytes = ?2, etag = ?3, checksumSha256 = ?4, updatedAt = ?5 "
                        + "where id = ?6 and state = ?7",
                AssetState.READY,
                size,
                etag,
                checksumSha256,
                now,
                id,
                AssetState.PENDING_UPLOAD);
    }

    // --- the scanning gate (issue 21) -------------------------------------------------------------------------

    /**
     * Moves a pending asset to {@code scanning} with what storage reported, as {@link #markReady} does to ready; 0 when
     * it was no longer pending.
     */
    public Uni<Integer> markScanning(UUID id, long size, String etag, String checksumSha256, Instant now) {
        return update(
                "state = ?1, sizeBytes = ?2, etag = ?3, checksumSha256 = ?4, updatedAt = ?5, scanningSince = ?5 "
                        + "where id = ?6 and state = ?7",
                AssetState.SCANNING,
                size,
                etag,
                checksumSha256,
                now,
                id,
                AssetState.PENDING_UPLOAD);
    }

    /** A scanner's verdict on a scanning asset ({@code to}: ready or quarantined); 0 when it was no longer scanning. */
    public Uni<Integer> markVerdict(UUID id, AssetState to, String verdict, String detail, Instant now) {
        return update(
                "state = ?1, scanVerdict = ?2, scanDetail = ?3, updatedAt = ?4 where id = ?5 and state = ?6",
                to,
                verdict,
                detail,
                now,
                id,
                AssetState.SCANNING);
    }

    /**
     * Marks up to {@code batch} scans that started before {@code cutoff} and are not yet reported as overdue (each
     * once: the event trigger writes {@code asset.scan_overdue}); the assets stay scanning. Returns how many.
     */
    public Uni<Integer> markScansOverdue(Instant cutoff, int batch) {
        return PoolQueries.execute(
                        pool, """
                UPDATE assets SET scan_overdue_at = now()
                WHERE id IN (SELECT id FROM assets
                             WHERE state = $3 AND scan_overdue_at IS NULL AND scanning_since < $1
                             ORDER BY scanning_since LIMIT $2
                             FOR UPDATE SKIP LOCKED)""", Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch, AssetState.SCANNING.wire()))
                .map(rows -> rows.rowCount());
    }

    /** Whether the asset stored under this key waits for its scan (the downloads' "not yet", not "not found"). */
    public Uni<Boolean> isScanningKey(String objectKey) {
        return PoolQueries.execute(
                        pool,
                        "SELECT 1 FROM assets WHERE object_key = $1 AND state = $2",
                        Tuple.of(objectKey, AssetState.SCANNING.wire()))
                .map(rows -> rows.iterator().hasNext());
    }

    /** Whether the workflow has a scanning asset of this kind and file name. */
    public Uni<Boolean> hasScanningFile(UUID workflowId, AssetKind kind, String fileName) {
        return count(
                        "workflowId = ?1 and kind = ?2 and fileName = ?3 and state = ?4",
                        workflowId,
                        kind,
                        fileName,
                        AssetState.SCANNING)
                .map(n -> n > 0);
    }

    public Uni<Integer> markState(UUID id, AssetState from, AssetState to, Instant now) {
        return update("state = ?1, updatedAt = ?2 where id = ?3 and state = ?4", to, now, id, from);
    }

    /** An upload the sweeper expired: its object key and, for a multipart upload, storage's upload id. */
    public record Expired(String objectKey, String uploadId) {}

    /**
     * Writes back what a worker measured ({@link WriteBack}) to a pending or ready asset of the team, only where
     * it differs from what is stored (so an unchanged value emits no {@code asset.updated}: the event trigger
     * fires on a real change only). Returns whether a row changed.
     */
    public Uni<Boolean> writeBack(UUID id, UUID teamId, WriteBack change) {
        boolean setDuration = change.duration().isPresent();
        boolean setMetadata = change.metadata().isPresent();
        BigDecimal duration = change.duration().map(WriteBack.Value::value).orElse(null);
        String metadata = change.metadata().map(WriteBack.Value::value).orElse(null);
        return PoolQueries.execute(pool, """
                UPDATE assets
                SET duration_seconds = CASE WHEN $3 THEN $4::numeric ELSE duration_seconds END,
                    metadata = CASE WHEN $5 THEN $6::text::jsonb ELSE metadata END,
                    updated_at = now()
                WHERE id = $1 AND team_id = $2 AND state IN ($7, $8)
                  AND (($3 AND duration_seconds IS DISTINCT FROM $4::numeric)
                       OR ($5 AND metadata IS DISTINCT FROM $6::text::jsonb))""", Tuple.from(new Object[] {
                    id,
                    teamId,
                    setDuration,
                    duration,
                    setMetadata,
                    metadata,
                    AssetState.PENDING_UPLOAD.wire(),
                    AssetState.READY.wire()
                }))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Expires up to {@code batch} pending uploads whose URL (or multipart upload) ran out before {@code cutoff}
     * and returns their object keys and upload ids. {@code SKIP LOCKED} lets several replicas sweep at once
     * without taking the same rows.
     */
    public Uni<List<Expired>> expirePending(Instant cutoff, int batch) {
        return PoolQueries.execute(
                        pool,
                        """
                UPDATE assets SET state = $3, updated_at = now()
                WHERE id IN (SELECT id FROM assets
                             WHERE state = $4 AND upload_expires_at < $1
                             ORDER BY upload_expires_at LIMIT $2
                             FOR UPDATE SKIP LOCKED)
                RETURNING object_key, upload_id""",
                        Tuple.of(
                                cutoff.atOffset(ZoneOffset.UTC),
                                batch,
                                AssetState.EXPIRED.wire(),
                                AssetState.PENDING_UPLOAD.wire()))
                .map(rows -> {
                    List<Expired> expired = new ArrayList<>();
                    for (Row row : rows) {
                        expired.add(new Expired(row.getString(0), row.getString(1)));
                    }
                    return expired;
                });
    }

    // --- settle on arrival (issue 23) -------------------------------------------------------------------------

    /**
     * Claims up to {@code batch} watched pending uploads whose check is due, in one UPDATE: {@code SKIP LOCKED} lets
     * replicas claim at once without taking the same rows, and the same statement moves each row's next check on, so
     * no replica takes it again before then. The wait doubles with the upload's age (checks about {@code first},
     * 2·{@code first}, 4·{@code first} … after it was created), at most {@code max}, and never past the upload's expiry
     * plus {@code grace}, when the sweeper takes over: the check at that time is the last (the row is no longer
     * watched). Times are the database's. Returns the claimed uploads, as much of each as settling needs.
     */
    public Uni<List<Asset>> claimArrivals(int batch, Duration first, Duration max, Duration grace) {
        return PoolQueries.execute(
                        pool,
                        """
                UPDATE assets a
                SET arrival_check_at = CASE
                        WHEN now() >= a.upload_expires_at + $5 * interval '1 millisecond' THEN NULL
                        ELSE LEAST(a.upload_expires_at + $5 * interval '1 millisecond',
                                   now() + LEAST(GREATEST(now() - a.created_at, $3 * interval '1 millisecond'),
                                                 $4 * interval '1 millisecond'))
                    END
                FROM (SELECT id FROM assets
                      WHERE state = $2 AND arrival_check_at <= now()
                      ORDER BY arrival_check_at LIMIT $1
                      FOR UPDATE SKIP LOCKED) due
                WHERE a.id = due.id
                RETURNING a.id, a.team_id, a.type, a.kind, a.object_key, a.file_name, a.content_type, a.declared_size,
                          a.checksum_sha256, a.upload_id""",
                        Tuple.of(
                                batch,
                                AssetState.PENDING_UPLOAD.wire(),
                                first.toMillis(),
                                max.toMillis(),
                                grace.toMillis()))
                .map(rows -> {
                    List<Asset> due = new ArrayList<>();
                    for (Row row : rows) {
                        Asset asset = new Asset();
                        asset.id = row.getUUID("id");
                        asset.teamId = row.getUUID("team_id");
                        asset.type = row.getString("type");
                        asset.kind = WireEnum.fromWire(AssetKind.class, row.getString("kind"));
                        asset.state = AssetState.PENDING_UPLOAD;
                        asset.objectKey = row.getString("object_key");
                        asset.fileName = row.getString("file_name");
                        asset.contentType = row.getString("content_type");
                        asset.declaredSize = row.getLong("declared_size");
                        asset.checksumSha256 = row.getString("checksum_sha256");
                        asset.uploadId = row.getString("upload_id");
                        due.add(asset);
                    }
                    return due;
                });
    }

    /**
     * The file name of the ready asset stored under this key ({@link ReadyObjects}, the public download's hot path):
     * one prepared SELECT on the plain reactive client, no entity; null when no ready asset has the key.
     */
    public Uni<ReadyObjects.ReadyObject> findReadyByKey(String objectKey) {
        return PoolQueries.execute(
                        pool,
                        "SELECT file_name FROM assets WHERE object_key = $1 AND state = $2",
                        Tuple.of(objectKey, AssetState.READY.wire()))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? new ReadyObjects.ReadyObject(it.next().getString("file_name")) : null;
                });
    }

    /**
     * One row alone (an idle service, or a failed group retried row by row), in the same statement: its failure is
     * this row's, so it is read here (a group's failure is not: its rows are retried alone).
     */
    private Uni<Void> insertOne(Asset asset) {
        return insertMany(List.of(asset)).onFailure().transform(e -> {
            if (isWorkflowForeignKey(e)) {
                return new WorkflowNotInTeam();
            }
            QuotaRefusal refusal = QuotaRefusal.of(e);
            if (refusal != null) {
                if (refusal.dimension() != null) {
                    metrics.quotaRefused(refusal.dimension().wire());
                }
                return refusal;
            }
            return e;
        });
    }

    /**
     * Rows in one statement: one array per column, unnested into rows. The configured default quotas travel in the
     * same statement, as settings local to its transaction that the quota trigger reads (no extra round trip; a
     * statement's own settings, so each replica's configuration applies to its own uploads).
     */
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
        OffsetDateTime[] arrivalChecks = new OffsetDateTime[n];
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
            arrivalChecks[i] = a.arrivalCheckAt == null ? null : a.arrivalCheckAt.atOffset(ZoneOffset.UTC);
        }
        return PoolQueries.execute(pool, """
                INSERT INTO assets (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                                    declared_size, workflow_id, upload_expires_at, created_at, updated_at,
                                    checksum_sha256, upload_id, part_size, checksum_algorithm, arrival_check_at)
                SELECT id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                       declared_size, workflow_id, upload_expires_at, created_at, created_at,
                       checksum_sha256, upload_id, part_size, checksum_algorithm, arrival_check_at
                FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::bigint[], $11::uuid[], $12::timestamptz[], $13::timestamptz[],
                            $14::text[], $15::text[], $16::bigint[], $17::text[], $20::timestamptz[])
                     AS r (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                           declared_size, workflow_id, upload_expires_at, created_at,
                           checksum_sha256, upload_id, part_size, checksum_algorithm, arrival_check_at),
                     (SELECT set_config('signet.quota_default_bytes', $18, true),
                             set_config('signet.quota_default_files', $19, true)) AS quota_defaults""", Tuple.from(new Object[] {
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
                    checksumAlgorithms,
                    defaultQuotaBytes,
                    defaultQuotaFiles,
                    arrivalChecks
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
