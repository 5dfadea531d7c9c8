-- Signet foundation: tenants, people, keys, workflows and the asset ledger.

CREATE TABLE teams (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    team_id     uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id     text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);
-- "my teams" for a JWT caller
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE api_keys (
    id          uuid        PRIMARY KEY,
    team_id     uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('sk', 'dk')),
    prefix      text        NOT NULL,
    -- SHA-256 (hex) of the whole token; the token itself is never stored
    secret_hash text        NOT NULL UNIQUE,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX api_keys_team_idx ON api_keys (team_id, created_at DESC);

CREATE TABLE workflows (
    id          uuid        PRIMARY KEY,
    team_id     uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- lets assets reference (workflow, team) so an asset can never point at another team's workflow
    UNIQUE (id, team_id)
);
CREATE INDEX workflows_team_idx ON workflows (team_id, created_at);

CREATE TABLE assets (
    id                uuid        PRIMARY KEY,
    team_id           uuid        NOT NULL REFERENCES teams (id),
    created_by        text        NOT NULL,
    type              text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('input', 'output')),
    state             text        NOT NULL
                      CHECK (state IN ('pending_upload', 'ready', 'failed', 'expired', 'deleted')),
    object_key        text        NOT NULL UNIQUE,
    file_name         text,
    content_type      text        NOT NULL,
    declared_size     bigint      CHECK (declared_size >= 0),
    size_bytes        bigint      CHECK (size_bytes >= 0),
    checksum          text,
    duration_seconds  numeric(14, 3),
    workflow_id       uuid,
    upload_expires_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (workflow_id, team_id) REFERENCES workflows (id, team_id)
);
-- keyset pagination of a team's assets, newest first (UUIDv7 ids sort by creation time)
CREATE INDEX assets_team_idx ON assets (team_id, id DESC);
-- a workflow's uploads and artifacts by file name
CREATE INDEX assets_workflow_idx ON assets (workflow_id, kind, file_name) WHERE workflow_id IS NOT NULL;
-- the sweeper's scan of uploads that never arrived
CREATE INDEX assets_pending_expiry_idx ON assets (upload_expires_at) WHERE state = 'pending_upload';
