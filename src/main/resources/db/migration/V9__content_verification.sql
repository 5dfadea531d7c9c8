-- Issue 21: content verification and the scanning gate.
--
-- Two new states: scanning (settled, waiting for a scanner's verdict, not downloadable) and quarantined (a scanner
-- found it infected; never downloadable again). How they count:
--   usage (V2/V3 counters, GET /objects/storage-usage): ready only, as before; a scanning asset is not ready.
--   quota (V7 counters): a scanning asset holds its bytes in storage and may still become ready, so it stays
--     RESERVED (its size_bytes, one file) until its verdict: used = ready bytes, exactly as before, and
--     used + reserved still bounds what storage holds for the team. Quarantined assets count for nothing (their
--     object is deleted, or moved out of the team's keys to the quarantine prefix).
-- Events (V5's trigger): asset.scanning, asset.quarantined, asset.ready on a clean verdict, and asset.scan_overdue
-- once when a scan is not answered in time (scan_overdue_at set by the sweeper).

ALTER TABLE assets DROP CONSTRAINT assets_state_check;
ALTER TABLE assets ADD CONSTRAINT assets_state_check
    CHECK (state IN ('pending_upload', 'ready', 'failed', 'expired', 'deleted', 'scanning', 'quarantined'));

-- When the asset entered scanning, when its scan was reported overdue (once), and the scanner's word.
ALTER TABLE assets ADD COLUMN scanning_since  timestamptz;
ALTER TABLE assets ADD COLUMN scan_overdue_at timestamptz;
ALTER TABLE assets ADD COLUMN scan_verdict    text CHECK (scan_verdict IN ('clean', 'infected'));
ALTER TABLE assets ADD COLUMN scan_detail     text;
-- the scanners' list and the overdue sweep
CREATE INDEX assets_scanning_idx ON assets (team_id, scanning_since) WHERE state = 'scanning';
CREATE INDEX assets_scanning_overdue_idx ON assets (scanning_since) WHERE state = 'scanning' AND scan_overdue_at IS NULL;

-- Scanner keys (vk-): list, fetch and judge the team's scanning assets, nothing else.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_kind_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_kind_check CHECK (kind IN ('sk', 'dk', 'vk'));

-- A team's own choice for the scanning gate (a platform admin's); no row: the deployment's signet.scanning.enabled.
CREATE TABLE team_scanning (
    team_id    uuid        PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    enabled    boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- every type V8 allows (link.used), and the gate's
ALTER TABLE asset_events DROP CONSTRAINT asset_events_type_check;
ALTER TABLE asset_events ADD CONSTRAINT asset_events_type_check
    CHECK (type IN ('asset.ready', 'asset.failed', 'asset.expired', 'asset.deleted', 'asset.updated', 'link.used',
                    'asset.scanning', 'asset.quarantined', 'asset.scan_overdue'));

CREATE OR REPLACE FUNCTION asset_event_emit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_type text;
    event_id   uuid := gen_random_uuid();
BEGIN
    IF TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM NEW.state THEN
        -- the states events exist for; any other (pending_upload) has none
        IF NEW.state NOT IN ('ready', 'failed', 'expired', 'deleted', 'scanning', 'quarantined') THEN
            RETURN NULL;
        END IF;
        event_type := 'asset.' || NEW.state;
    ELSIF OLD.scan_overdue_at IS NULL AND NEW.scan_overdue_at IS NOT NULL THEN
        event_type := 'asset.scan_overdue';
    ELSE
        event_type := 'asset.updated';
    END IF;
    INSERT INTO asset_events (id, team_id, asset_id, type, asset)
    VALUES (event_id, NEW.team_id, NEW.id, event_type, to_jsonb(NEW));
    -- a disabled webhook's deliveries wait (paused) until it is enabled again
    INSERT INTO webhook_deliveries (webhook_id, event_id, state)
    SELECT w.id, event_id, CASE WHEN w.state = 'enabled' THEN 'pending' ELSE 'paused' END FROM webhooks w
    WHERE w.team_id = NEW.team_id AND event_type = ANY (w.events);
    RETURN NULL;
END;
$$;

DROP TRIGGER assets_event_update ON assets;
CREATE TRIGGER assets_event_update
AFTER UPDATE OF state, duration_seconds, metadata, scan_overdue_at ON assets
FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
                   OR OLD.duration_seconds IS DISTINCT FROM NEW.duration_seconds
                   OR OLD.metadata IS DISTINCT FROM NEW.metadata
                   OR (OLD.scan_overdue_at IS NULL AND NEW.scan_overdue_at IS NOT NULL))
EXECUTE FUNCTION asset_event_emit();

-- Quota: scanning is reserved (its stored size), beside pending (its declared size).
CREATE OR REPLACE FUNCTION team_quota_weight(state text, size_bytes bigint, declared_size bigint,
                                             OUT ub bigint, OUT uf bigint, OUT rb bigint, OUT rf bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN state = 'ready' THEN coalesce(size_bytes, 0) ELSE 0 END,
           CASE WHEN state = 'ready' THEN 1 ELSE 0 END,
           CASE WHEN state = 'pending_upload' THEN coalesce(declared_size, 0)
                WHEN state = 'scanning' THEN coalesce(size_bytes, 0) ELSE 0 END,
           CASE WHEN state IN ('pending_upload', 'scanning') THEN 1 ELSE 0 END
$$;

CREATE OR REPLACE FUNCTION team_quota_actual(team uuid,
                                             OUT used_bytes bigint, OUT used_files bigint,
                                             OUT reserved_bytes bigint, OUT reserved_files bigint)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(a.size_bytes) FILTER (WHERE a.state = 'ready'), 0)::bigint,
           count(*) FILTER (WHERE a.state = 'ready'),
           (coalesce(sum(a.declared_size) FILTER (WHERE a.state = 'pending_upload'), 0)
            + coalesce(sum(a.size_bytes) FILTER (WHERE a.state = 'scanning'), 0))::bigint,
           count(*) FILTER (WHERE a.state IN ('pending_upload', 'scanning'))
    FROM assets a WHERE a.team_id = team
$$;
