-- Issue 20: per-team storage quotas, reserved when an upload URL is signed.
--
-- One row per team: its own quota (when has_override) and the counters the triggers below keep in the statement that
-- changes an asset: used = the team's ready bytes and files, reserved = what its pending uploads declared. A new
-- pending upload is refused by the database, in its own INSERT, when used + reserved + its size would pass the
-- effective quota (the team's own, else the default the INSERT passes as signet.quota_default_* settings), so
-- concurrent requests on any number of replicas cannot pass it together: the conditional UPDATE of the team's row
-- serializes them and re-checks against the newest counters.

-- Writers of assets wait until the triggers exist, so the backfill below counts every row exactly once.
LOCK TABLE assets IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE team_quotas (
    team_id        uuid        PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    -- false: the configured default applies (signet.quotas.*); true: quota_bytes/quota_files are the team's own
    has_override   boolean     NOT NULL DEFAULT false,
    -- null: unlimited
    quota_bytes    bigint      CHECK (quota_bytes >= 0),
    quota_files    bigint      CHECK (quota_files >= 0),
    used_bytes     bigint      NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    used_files     bigint      NOT NULL DEFAULT 0 CHECK (used_files >= 0),
    reserved_bytes bigint      NOT NULL DEFAULT 0 CHECK (reserved_bytes >= 0),
    reserved_files bigint      NOT NULL DEFAULT 0 CHECK (reserved_files >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (has_override OR (quota_bytes IS NULL AND quota_files IS NULL))
);

-- Every team has its row from the start, whoever inserts the team.
CREATE FUNCTION team_quota_create() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO team_quotas (team_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER teams_quota
AFTER INSERT ON teams
FOR EACH ROW EXECUTE FUNCTION team_quota_create();

-- What the counters of a team must be, recomputed from its assets (the backfill and the drift repair).
CREATE FUNCTION team_quota_actual(team uuid,
                                  OUT used_bytes bigint, OUT used_files bigint,
                                  OUT reserved_bytes bigint, OUT reserved_files bigint)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(a.size_bytes) FILTER (WHERE a.state = 'ready'), 0)::bigint,
           count(*) FILTER (WHERE a.state = 'ready'),
           coalesce(sum(a.declared_size) FILTER (WHERE a.state = 'pending_upload'), 0)::bigint,
           count(*) FILTER (WHERE a.state = 'pending_upload')
    FROM assets a WHERE a.team_id = team
$$;

-- Reserves (or counts) what one statement added to one team, or raises:
--   SGQ01 quota_exceeded: DETAIL 'dimension=<bytes|files> used=<n> reserved=<n> size=<n> quota=<n>'
--   SGQ02 file_size required: a pending upload without a declared size while the team has a byte quota;
--         DETAIL 'quota=<n>'
-- Only new reservations are checked (a row inserted ready, e.g. by hand, is counted).
CREATE FUNCTION team_quota_reserve(team uuid, add_used_bytes bigint, add_used_files bigint,
                                   add_reserved_bytes bigint, add_reserved_files bigint, unsized boolean,
                                   default_bytes bigint, default_files bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    q       team_quotas;
    q_bytes bigint;
    q_files bigint;
BEGIN
    LOOP
        -- The row lock orders concurrent reservations; after waiting for it, PostgreSQL re-evaluates the WHERE
        -- against the row as the other transaction left it.
        UPDATE team_quotas t
           SET used_bytes = t.used_bytes + add_used_bytes,
               used_files = t.used_files + add_used_files,
               reserved_bytes = t.reserved_bytes + add_reserved_bytes,
               reserved_files = t.reserved_files + add_reserved_files
         WHERE t.team_id = team
           AND (add_reserved_files = 0 OR (
                (CASE WHEN t.has_override THEN t.quota_bytes ELSE default_bytes END IS NULL
                 OR (NOT unsized AND t.used_bytes + t.reserved_bytes + add_reserved_bytes
                                     <= CASE WHEN t.has_override THEN t.quota_bytes ELSE default_bytes END))
                AND (CASE WHEN t.has_override THEN t.quota_files ELSE default_files END IS NULL
                     OR t.used_files + t.reserved_files + add_reserved_files
                        <= CASE WHEN t.has_override THEN t.quota_files ELSE default_files END)));
        IF FOUND THEN
            RETURN;
        END IF;
        -- Refused, or no row (a team older than its row cannot exist, but a missing row must not lose counts).
        SELECT * INTO q FROM team_quotas t WHERE t.team_id = team;
        IF NOT FOUND THEN
            INSERT INTO team_quotas (team_id) VALUES (team) ON CONFLICT DO NOTHING;
            CONTINUE;
        END IF;
        q_bytes := CASE WHEN q.has_override THEN q.quota_bytes ELSE default_bytes END;
        q_files := CASE WHEN q.has_override THEN q.quota_files ELSE default_files END;
        IF q_bytes IS NOT NULL AND unsized THEN
            RAISE EXCEPTION 'file_size is required: the team has a byte quota'
                USING ERRCODE = 'SGQ02', DETAIL = format('quota=%s', q_bytes);
        END IF;
        IF q_bytes IS NOT NULL AND q.used_bytes + q.reserved_bytes + add_reserved_bytes > q_bytes THEN
            RAISE EXCEPTION 'quota exceeded (bytes)'
                USING ERRCODE = 'SGQ01', DETAIL = format('dimension=bytes used=%s reserved=%s size=%s quota=%s',
                                                         q.used_bytes, q.reserved_bytes, add_reserved_bytes, q_bytes);
        END IF;
        IF q_files IS NOT NULL AND q.used_files + q.reserved_files + add_reserved_files > q_files THEN
            RAISE EXCEPTION 'quota exceeded (files)'
                USING ERRCODE = 'SGQ01', DETAIL = format('dimension=files used=%s reserved=%s size=%s quota=%s',
                                                         q.used_files, q.reserved_files, add_reserved_files, q_files);
        END IF;
        -- it fits now (a concurrent release committed between the UPDATE and this read): try again
    END LOOP;
END;
$$;

-- What one asset counts for: ready → used (its size), pending → reserved (its declared size, 0 when unknown).
CREATE FUNCTION team_quota_weight(state text, size_bytes bigint, declared_size bigint,
                                  OUT ub bigint, OUT uf bigint, OUT rb bigint, OUT rf bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN state = 'ready' THEN coalesce(size_bytes, 0) ELSE 0 END,
           CASE WHEN state = 'ready' THEN 1 ELSE 0 END,
           CASE WHEN state = 'pending_upload' THEN coalesce(declared_size, 0) ELSE 0 END,
           CASE WHEN state = 'pending_upload' THEN 1 ELSE 0 END
$$;

-- Applies what an UPDATE or DELETE changed for one team; never refuses.
CREATE FUNCTION team_quota_release(team uuid, ub bigint, uf bigint, rb bigint, rf bigint)
RETURNS void LANGUAGE sql AS $$
    UPDATE team_quotas t
       SET used_bytes = greatest(0, t.used_bytes + ub),
           used_files = greatest(0, t.used_files + uf),
           reserved_bytes = greatest(0, t.reserved_bytes + rb),
           reserved_files = greatest(0, t.reserved_files + rf)
     WHERE t.team_id = team
$$;

-- Statement-level, over the statement's rows grouped by team: one UPDATE per team and statement (a grouped INSERT of
-- 64 uploads of one team updates its row once), and teams are always locked in the same order (team_id), so a grouped
-- INSERT and the sweeper's multi-team UPDATE cannot deadlock on the quota rows.
CREATE FUNCTION team_quota_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d             record;
    default_bytes bigint;
    default_files bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- set by the INSERT itself (AssetRepository); unset (e.g. psql): only the teams' own quotas apply
        default_bytes := nullif(current_setting('signet.quota_default_bytes', true), '')::bigint;
        default_files := nullif(current_setting('signet.quota_default_files', true), '')::bigint;
        FOR d IN
            SELECT n.team_id,
                   coalesce(sum(n.size_bytes) FILTER (WHERE n.state = 'ready'), 0)::bigint AS used_bytes,
                   count(*) FILTER (WHERE n.state = 'ready') AS used_files,
                   coalesce(sum(n.declared_size) FILTER (WHERE n.state = 'pending_upload'), 0)::bigint AS reserved_bytes,
                   count(*) FILTER (WHERE n.state = 'pending_upload') AS reserved_files,
                   coalesce(bool_or(n.state = 'pending_upload' AND n.declared_size IS NULL), false) AS unsized
            FROM inserted n
            WHERE n.state IN ('ready', 'pending_upload')
            GROUP BY n.team_id ORDER BY n.team_id
        LOOP
            PERFORM team_quota_reserve(d.team_id, d.used_bytes, d.used_files, d.reserved_bytes, d.reserved_files,
                                       d.unsized, default_bytes, default_files);
        END LOOP;
        RETURN NULL;
    END IF;
    -- UPDATE or DELETE: what the rows counted before, taken away; what they count now, added. Releases never fail
    -- (a counter that drifted below what is released stays at 0 until the drift repair recomputes it).
    IF TG_OP = 'UPDATE' THEN
        FOR d IN
            SELECT c.team_id, sum(c.ub)::bigint AS ub, sum(c.uf)::bigint AS uf, sum(c.rb)::bigint AS rb,
                   sum(c.rf)::bigint AS rf
            FROM (SELECT o.team_id, -w.ub AS ub, -w.uf AS uf, -w.rb AS rb, -w.rf AS rf
                  FROM old_rows o, team_quota_weight(o.state, o.size_bytes, o.declared_size) w
                  UNION ALL
                  SELECT n.team_id, w.ub, w.uf, w.rb, w.rf
                  FROM new_rows n, team_quota_weight(n.state, n.size_bytes, n.declared_size) w) c
            GROUP BY c.team_id
            HAVING sum(c.ub) <> 0 OR sum(c.uf) <> 0 OR sum(c.rb) <> 0 OR sum(c.rf) <> 0
            ORDER BY c.team_id
        LOOP
            PERFORM team_quota_release(d.team_id, d.ub, d.uf, d.rb, d.rf);
        END LOOP;
    ELSE
        FOR d IN
            SELECT o.team_id, -sum(w.ub)::bigint AS ub, -sum(w.uf)::bigint AS uf, -sum(w.rb)::bigint AS rb,
                   -sum(w.rf)::bigint AS rf
            FROM old_rows o, team_quota_weight(o.state, o.size_bytes, o.declared_size) w
            GROUP BY o.team_id
            HAVING sum(w.uf) <> 0 OR sum(w.rf) <> 0
            ORDER BY o.team_id
        LOOP
            PERFORM team_quota_release(d.team_id, d.ub, d.uf, d.rb, d.rf);
        END LOOP;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER assets_quota_insert
AFTER INSERT ON assets
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION team_quota_track();
-- Transition tables cannot go with a column list (UPDATE OF state, …): every UPDATE statement on assets runs it; one
-- that changes no counted column (a write-back) finds nothing to apply.
CREATE TRIGGER assets_quota_update
AFTER UPDATE ON assets
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION team_quota_track();
CREATE TRIGGER assets_quota_delete
AFTER DELETE ON assets
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION team_quota_track();

-- Drift repair (QuotaReconciler): locks the team's row (reservations and releases of the team wait), recomputes its
-- counters from its assets and fixes those that differ. Returns one row, what was and what is, only when it fixed.
CREATE FUNCTION team_quota_reconcile(team uuid)
RETURNS TABLE (was_used_bytes bigint, was_used_files bigint, was_reserved_bytes bigint, was_reserved_files bigint,
               now_used_bytes bigint, now_used_files bigint, now_reserved_bytes bigint, now_reserved_files bigint)
LANGUAGE plpgsql AS $$
DECLARE
    q team_quotas;
    a record;
BEGIN
    SELECT * INTO q FROM team_quotas t WHERE t.team_id = team FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT * INTO a FROM team_quota_actual(team);
    IF (q.used_bytes, q.used_files, q.reserved_bytes, q.reserved_files)
       IS NOT DISTINCT FROM (a.used_bytes, a.used_files, a.reserved_bytes, a.reserved_files) THEN
        RETURN;
    END IF;
    UPDATE team_quotas t
       SET used_bytes = a.used_bytes, used_files = a.used_files,
           reserved_bytes = a.reserved_bytes, reserved_files = a.reserved_files
     WHERE t.team_id = team;
    RETURN QUERY SELECT q.used_bytes, q.used_files, q.reserved_bytes, q.reserved_files,
                        a.used_bytes, a.used_files, a.reserved_bytes, a.reserved_files;
END;
$$;

-- One row per team, counted from what is there now (writers of assets wait on the lock taken above).
INSERT INTO team_quotas (team_id, used_bytes, used_files, reserved_bytes, reserved_files)
SELECT t.id, a.used_bytes, a.used_files, a.reserved_bytes, a.reserved_files
FROM teams t, team_quota_actual(t.id) a;
