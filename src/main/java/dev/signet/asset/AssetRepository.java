package dev.signet.asset;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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

    private final Pool pool;

    public AssetRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts a new pending upload in one round trip (one autocommit statement on the plain reactive
     * client: no BEGIN/COMMIT, no session). Fails with {@link WorkflowNotInTeam} when the workflow is not
     * the team's (the composite foreign key decides, so there is no separate lookup).
     */
    public Uni<Void> insertPending(Asset asset) {
        return pool.preparedQuery("""
                INSERT INTO assets (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                                    declared_size, workflow_id, upload_expires_at, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)""")
                .execute(Tuple.from(new Object[] { asset.id, asset.teamId, asset.createdBy, asset.type, asset.kind,
                        asset.state, asset.objectKey, asset.fileName, asset.contentType, asset.declaredSize,
                        asset.workflowId, asset.uploadExpiresAt.atOffset(ZoneOffset.UTC),
                        asset.createdAt.atOffset(ZoneOffset.UTC) }))
                .onFailure(AssetRepository::isWorkflowForeignKey).transform(e -> new WorkflowNotInTeam())
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
     * (the public download is a hot path and needs no entity).
     */
    public Uni<ReadyObject> findReady(String objectKey) {
        return pool.preparedQuery("SELECT file_name FROM assets WHERE object_key = $1 AND state = 'ready'")
                .execute(Tuple.of(objectKey))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? new ReadyObject(it.next().getString("file_name")) : null;
                });
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
        return pool.preparedQuery("""
                UPDATE assets SET state = 'expired', updated_at = now()
                WHERE id IN (SELECT id FROM assets
                             WHERE state = 'pending_upload' AND upload_expires_at < $1
                             ORDER BY upload_expires_at LIMIT $2
                             FOR UPDATE SKIP LOCKED)
                RETURNING object_key""")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    for (Row row : rows) {
                        keys.add(row.getString(0));
                    }
                    return keys;
                });
    }
}
