-- Every upload URL inserts one asset row. The usage trigger ran its function for each of them, although
-- only a ready row counts. Split it so PostgreSQL skips the call (WHEN) for inserts, updates and deletes
-- that cannot change usage.
DROP TRIGGER assets_usage ON assets;
CREATE TRIGGER assets_usage_insert
AFTER INSERT ON assets
FOR EACH ROW WHEN (NEW.state = 'ready') EXECUTE FUNCTION asset_usage_track();
CREATE TRIGGER assets_usage_update
AFTER UPDATE OF state, size_bytes, workflow_id, kind, created_by ON assets
FOR EACH ROW WHEN (OLD.state = 'ready' OR NEW.state = 'ready') EXECUTE FUNCTION asset_usage_track();
CREATE TRIGGER assets_usage_delete
AFTER DELETE ON assets
FOR EACH ROW WHEN (OLD.state = 'ready') EXECUTE FUNCTION asset_usage_track();
