-- Issue 22: download links Signet checks on every use (revocable, limited, audited), put in front of storage.

CREATE TABLE download_links (
    id          uuid        PRIMARY KEY,
    team_id     uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    asset_id    uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    -- SHA-256 (hex) of the whole token ('lk_…'); the token itself is never stored
    token_hash  text        NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    -- null: any number of uses; 1: a one-time link
    max_uses    integer     CHECK (max_uses >= 1),
    uses        integer     NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
    -- null: any address; else the caller's address must be inside one of them (inet <<= cidr)
    allowed_ips cidr[]      CHECK (allowed_ips IS NULL OR cardinality(allowed_ips) BETWEEN 1 AND 32),
    disposition text        NOT NULL CHECK (disposition IN ('inline', 'attachment')),
    -- the name the download is saved under (the override given, else the asset's), signed into each redirect
    file_name   text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
-- a team's links, newest first (UUIDv7 ids sort by creation time), all or of one asset
CREATE INDEX download_links_team_idx ON download_links (team_id, id DESC);
CREATE INDEX download_links_asset_idx ON download_links (asset_id, id DESC);

-- Every use of a link Signet could tell apart (a token it knows), refused or not. An unknown token has no link to
-- be logged against. Kept signet.links.audit-retention (deleted in batches by LinkAuditRetention).
CREATE TABLE link_uses (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_id    uuid        NOT NULL REFERENCES download_links (id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    ip         inet,
    user_agent text,
    outcome    text        NOT NULL
               CHECK (outcome IN ('redirected', 'expired', 'revoked', 'used_up', 'ip_refused', 'asset_gone'))
);
CREATE INDEX link_uses_link_idx ON link_uses (link_id, id DESC);
CREATE INDEX link_uses_at_idx ON link_uses (at);

-- Deleting an asset revokes its links in the same transaction, whatever statement deletes it (the API, psql).
CREATE FUNCTION download_links_revoke_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE download_links SET revoked_at = now() WHERE asset_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END;
$$;

CREATE TRIGGER assets_revoke_links
AFTER UPDATE OF state ON assets
FOR EACH ROW WHEN (NEW.state = 'deleted' AND OLD.state IS DISTINCT FROM NEW.state)
EXECUTE FUNCTION download_links_revoke_deleted();

-- The event link.used (signet.links.use-events): written by the use's own statement into the outbox of V5. It keeps
-- the asset as it was (like every event) and the use in `link`.
ALTER TABLE asset_events ADD COLUMN link jsonb;
ALTER TABLE asset_events DROP CONSTRAINT asset_events_type_check;
ALTER TABLE asset_events ADD CONSTRAINT asset_events_type_check
    CHECK (type IN ('asset.ready', 'asset.failed', 'asset.expired', 'asset.deleted', 'asset.updated', 'link.used'));
