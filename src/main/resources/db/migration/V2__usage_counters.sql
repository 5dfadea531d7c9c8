-- Storage usage per (team, workflow, kind, creator), kept by a trigger on every change of an asset's
-- state or size, so GET /objects/storage-usage reads a handful of rows however many assets a team has.
-- Assets without a workflow count under the nil UUID (primary keys cannot hold NULL).

CREATE TABLE asset_usage (
    team_id     uuid   NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    workflow_id uuid   NOT NULL,
    kind        text   NOT NULL,
    created_by  text   NOT NULL,
    bytes       bigint NOT NULL DEFAULT 0,
    files       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, workflow_id, kind, created_by)
);

CREATE FUNCTION asset_usage_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'ready' THEN
        UPDATE asset_usage
           SET bytes = bytes - coalesce(OLD.size_bytes, 0), files = files - 1
         WHERE team_id = OLD.team_id
           AND workflow_id = coalesce(OLD.workflow_id, '00000000-0000-0000-0000-000000000000')
           AND kind = OLD.kind AND created_by = OLD.created_by;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'ready' THEN
        INSERT INTO asset_usage (team_id, workflow_id, kind, created_by, bytes, files)
        VALUES (NEW.team_id, coalesce(NEW.workflow_id, '00000000-0000-0000-0000-000000000000'),
                NEW.kind, NEW.created_by, coalesce(NEW.size_bytes, 0), 1)
        ON CONFLICT (team_id, workflow_id, kind, created_by)
        DO UPDATE SET bytes = asset_usage.bytes + excluded.bytes, files = asset_usage.files + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER assets_usage
AFTER INSERT OR DELETE OR UPDATE OF state, size_bytes, workflow_id, kind, created_by ON assets
FOR EACH ROW EXECUTE FUNCTION asset_usage_track();

-- the public download looks assets up by key (already unique); workflow files by name
CREATE INDEX assets_workflow_file_idx ON assets (workflow_id, kind, file_name, id DESC)
    WHERE workflow_id IS NOT NULL AND state = 'ready';
DROP INDEX assets_workflow_idx;
