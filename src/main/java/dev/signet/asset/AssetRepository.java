package dev.signet.asset;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import dev.signet.common.GroupInsert;
import dev.signet.common.PoolQueries;
import dev.signet.ops.SignetMetrics;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AssetRepository implements PanacheRepositoryBase<Asset, UUID> {

    /** Filters of the asset list; null means "any". */
    public record Filter(String state, String type, String kind, UUID workflowId) {
    }

    /** Ready assets by object key (positive answers only): see {@link #findReady(String)}. */
    public static final String READY_CACHE = "ready-objects";

    private final Pool pool;
    private final GroupInsert<Asset> pendingInserts;
    private final CaffeineCache ready;

    public AssetRepository(Pool pool, AssetConfig config, SignetMetrics metrics, @CacheName(READY_CACHE) Cache ready) {
        this.pool = pool;
        this.ready = ready.as(CaffeineCache.class);
        this.pendingInserts = new GroupInsert<>(config.insertBatchMax(), config.insertConcurrency(),
                this::insertMany, this::insertOne, metrics::assetInsertStatement);
        metrics.assetInsertsWaiting(pendingInserts::waiting);
    }

    /**
     * Inserts a new pending upload. Concurrent calls are grouped ({@link GroupInsert}): each row is in one
     * autocommit statement on the plain reactive client (no BEGIN/COMMIT, no session), shared with the rows
     * that arrived while earlier statements ran. Fails with {@link WorkflowNotInTeam} when the workflow is
     * not the team's (the composite foreign key decides, so there is no separate lookup).
     */
    public Uni<Void> insertPending(Asset asset) {
        return pendingInserts.insert(asset);
    }

    /** One row alone (an idle service, or a failed group retried row by row), in the same statement. */
    private Uni<Void> insertOne(Asset asset) {
        return insertMany(List.of(asset))
                .onFailure(AssetRepository::isWorkflowForeignKey).transform(e -> new WorkflowNotInTeam());
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
        for (int i = 0; i < n; i++) {
            Asset a = rows.get(i);
            ids[i] = a.id;
            teams[i] = a.teamId;
            creators[i] = a.createdBy;
            types[i] = a.type;
            kinds[i] = a.kind;
            states[i] = a.state;
            keys[i] = a.objectKey;
            fileNames[i] = a.fileName;
            contentTypes[i] = a.contentType;
            sizes[i] = a.declaredSize;
            workflows[i] = a.workflowId;
            expiries[i] = a.uploadExpiresAt.atOffset(ZoneOffset.UTC);
            created[i] = a.createdAt.atOffset(ZoneOffset.UTC);
        }
        return PoolQueries.execute(pool, """
                INSERT INTO assets (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                                    declared_size, workflow_id, upload_expires_at, created_at, updated_at)
                SELECT id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                       declared_size, workflow_id, upload_expires_at, created_at, created_at
                FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::bigint[], $11::uuid[], $12::timestamptz[], $13::timestamptz[])
                     AS r (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                           declared_size, workflow_id, upload_expires_at, created_at)""",
                Tuple.from(new Object[] { ids, teams, creators, types, kinds, states, keys, fileNames,
                        contentTypes, sizes, workflows, expiries, created }))
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

    public Uni<Asset> findInTeam(UUID id, UUID teamId) {
        return find("id = ?1 and teamId = ?2", id, teamId).firstResult();
    }

    /** A ready asset as the public download needs it. */
    public record ReadyObject(String fileName) {
    }

    /**
     * The ready asset stored under this key, or null: one prepared SELECT on the plain reactive client
     * (the public download is a hot path and needs no entity). A found asset is remembered for a few
     * seconds ({@code ready-objects} cache); "not found" never is, so an asset is served as soon as it is
     * confirmed. Deleting evicts the key on this replica at once ({@link #forgetReady(String)}); elsewhere a
     * stale answer lasts at most the cache's expiry and redirects to an object storage no longer has.
     */
    public Uni<ReadyObject> findReady(String objectKey) {
        CompletableFuture<Object> known = ready.getIfPresent(objectKey);
        if (known != null) {
            return Uni.createFrom().completionStage(known).map(ReadyObject.class::cast);
        }
        return PoolQueries.execute(pool, "SELECT file_name FROM assets WHERE object_key = $1 AND state = 'ready'",
                Tuple.of(objectKey))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    ReadyObject found = new ReadyObject(it.next().getString("file_name"));
                    ready.put(objectKey, CompletableFuture.completedFuture(found));
                    return found;
                });
    }

    /** The asset under this key is no longer ready (deleted): stop serving it from the cache. */
    public Uni<Void> forgetReady(String objectKey) {
        return ready.invalidate(objectKey);
    }

    /** The newest ready asset of a workflow with this kind and file name. */
    public Uni<Asset> findReadyFile(UUID workflowId, String kind, String fileName) {
        return find("workflowId = ?1 and kind = ?2 and fileName = ?3 and state = 'ready' order by id desc",
                workflowId, kind, fileName).firstResult();
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
            query.append(" and state <> 'deleted'");
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

    /** Moves a pending asset to ready; 0 when it was no longer pending (a concurrent confirm or the sweeper). */
    public Uni<Integer> markReady(UUID id, long size, String checksum, Instant now) {
        return update("state = 'ready', sizeBytes = ?1, checksum = ?2, updatedAt = ?3"
                + " where id = ?4 and state = 'pending_upload'", size, checksum, now, id);
    }

    public Uni<Integer> markState(UUID id, String from, String to, Instant now) {
        return update("state = ?1, updatedAt = ?2 where id = ?3 and state = ?4", to, now, id, from);
    }

    /**
     * Expires up to {@code batch} pending uploads whose URL ran out before {@code cutoff} and returns their
     * object keys. {@code SKIP LOCKED} lets several replicas sweep at once without taking the same rows.
     */
    public Uni<List<String>> expirePending(Instant cutoff, int batch) {
        return PoolQueries.execute(pool, """
                UPDATE assets SET state = 'expired', updated_at = now()
                WHERE id IN (SELECT id FROM assets
                             WHERE state = 'pending_upload' AND upload_expires_at < $1
                             ORDER BY upload_expires_at LIMIT $2
                             FOR UPDATE SKIP LOCKED)
                RETURNING object_key""", Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    for (Row row : rows) {
                        keys.add(row.getString(0));
                    }
                    return keys;
                });
    }
}
