-- Issue 22's speed target: the uses of a link without max_uses are counted here, not on the link's row, so that
-- concurrent groups of uses of one link (dev.signet.link.LinkRepository's grouped statement) do not wait for each
-- other's commit on that row. Each group adds its count to one of 16 shards picked at random, so groups running at
-- once rarely meet on a row. A link's use count is download_links.uses (the uses of a link with max_uses, which
-- stay on its row: they must be decided under its lock) plus the sum of its shards here.
CREATE TABLE link_use_counts (
    link_id uuid     NOT NULL REFERENCES download_links (id) ON DELETE CASCADE,
    shard   smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    uses    bigint   NOT NULL CHECK (uses > 0),
    PRIMARY KEY (link_id, shard)
);
