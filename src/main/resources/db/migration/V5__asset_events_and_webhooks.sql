-- Issue 15: asset events (a transactional outbox), webhooks that receive them, and the worker write-back
-- (duration_seconds, metadata) of reference 002.

-- What workers write back besides duration_seconds: a small JSON object (at most 4 KiB, checked by Signet).
ALTER TABLE assets ADD COLUMN metadata jsonb;

CREATE TABLE webhooks (
    id                   uuid        PRIMARY KEY,
    team_id              uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    url                  text        NOT NULL,
    description          text,
    -- the event types it receives (asset.ready, …); never empty
    events               text[]      NOT NULL CHECK (cardinality(events) > 0),
    -- the signing secret, encrypted ('aes-gcm:…') with signet.webhooks.secret-key, or as is ('plain:…')
    secret               text        NOT NULL,
    state                text        NOT NULL DEFAULT 'enabled' CHECK (state IN ('enabled', 'disabled')),
    disabled_reason      text,
    disabled_at          timestamptz,
    -- failed attempts in a row (any delivery), and since when; reset by a success
    consecutive_failures integer     NOT NULL DEFAULT 0,
    failing_since        timestamptz,
    last_success_at      timestamptz,
    created_by           text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_team_idx ON webhooks (team_id, created_at);

-- One row per committed change of an asset: written by the trigger below in the transaction of the change,
-- so an event exists if and only if its change committed. `asset` is the row as it was after the change.
CREATE TABLE asset_events (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    seq        bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    team_id    uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    asset_id   uuid        NOT NULL,
    type       text        NOT NULL
               CHECK (type IN ('asset.ready', 'asset.failed', 'asset.expired', 'asset.deleted', 'asset.updated')),
    asset      jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX asset_events_asset_idx ON asset_events (asset_id, seq);

-- One event for one webhook: created with the event (fan-out in the same transaction) or by a re-send.
-- pending → delivered, or failed once the retry window is over; paused while its webhook is disabled.
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    webhook_id      uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        uuid        NOT NULL REFERENCES asset_events (id) ON DELETE CASCADE,
    state           text        NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'paused', 'delivered', 'failed')),
    resend          boolean     NOT NULL DEFAULT false,
    -- attempts started; the claim increments it, and a result counts only for the attempt it claimed
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- set while a replica sends it; an expired lease (a replica that died) makes it due again
    leased_until    timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
-- the dispatchers' scan for due deliveries, and the per-webhook claim in due order
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_webhook_due_idx ON webhook_deliveries (webhook_id, next_attempt_at)
    WHERE state = 'pending';
-- deliveries being sent, counted against the per-webhook concurrency limit
CREATE INDEX webhook_deliveries_leased_idx ON webhook_deliveries (webhook_id) WHERE leased_until IS NOT NULL;
-- a webhook's delivery log, newest first; and the deliveries of one event
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (webhook_id, seq DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

CREATE TABLE webhook_attempts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    latency_ms  integer     NOT NULL,
    -- the receiver's HTTP status; null when it never answered
    status      integer,
    outcome     text        NOT NULL
                CHECK (outcome IN ('delivered', 'http_error', 'timeout', 'connection_failed', 'refused_target')),
    error       text,
    -- the replica that sent it (host and process id)
    sent_by     text        NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt);

-- Every change of an asset's state, and every change of what workers write back, writes one event and one
-- delivery per webhook of the team that asked for its type, in the same transaction, whatever
-- statement made the change (Hibernate, the sweeper's batch, the multipart path, psql). New pending uploads
-- (the hot INSERT path) are not a change of state: the INSERT trigger's WHEN skips them without a call.
CREATE FUNCTION asset_event_emit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_type text;
    event_id   uuid := gen_random_uuid();
BEGIN
    IF TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM NEW.state THEN
        -- the states events exist for; any other (pending_upload, or a state a later migration adds) has none
        IF NEW.state NOT IN ('ready', 'failed', 'expired', 'deleted') THEN
            RETURN NULL;
        END IF;
        event_type := 'asset.' || NEW.state;
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

CREATE TRIGGER assets_event_insert
AFTER INSERT ON assets
FOR EACH ROW WHEN (NEW.state <> 'pending_upload') EXECUTE FUNCTION asset_event_emit();
CREATE TRIGGER assets_event_update
AFTER UPDATE OF state, duration_seconds, metadata ON assets
FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
                   OR OLD.duration_seconds IS DISTINCT FROM NEW.duration_seconds
                   OR OLD.metadata IS DISTINCT FROM NEW.metadata)
EXECUTE FUNCTION asset_event_emit();
