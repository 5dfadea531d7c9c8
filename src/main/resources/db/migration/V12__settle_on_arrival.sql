-- Issue 23: uploads that settle on arrival. A pending single-PUT/POST upload whose client will never confirm (Uppy's
-- /s3/params: the bytes go straight to storage) is watched: a job on every replica (ArrivalWatcher) claims the rows
-- whose check is due (FOR UPDATE SKIP LOCKED, moving arrival_check_at on in the same UPDATE), HEADs their object and
-- settles those that arrived exactly as POST /assets/{id}/confirm does. NULL: not watched (the client confirms, or
-- the watch ended at the upload's expiry plus the sweeper's grace). Only pending rows are ever claimed; a settled row
-- keeps its last value, which means nothing.
ALTER TABLE assets ADD COLUMN arrival_check_at timestamptz;
CREATE INDEX assets_arrival_check_idx ON assets (arrival_check_at)
    WHERE state = 'pending_upload' AND arrival_check_at IS NOT NULL;
