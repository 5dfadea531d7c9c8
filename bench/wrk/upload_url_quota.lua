-- (3q) Reference 002 as (3), for a team with a quota (issue 20): each request also reserves under it.
-- pending_upload asset row of the quota team (counted in PostgreSQL).
local c = require("common")
c.bearer(c.env("BENCH_QUOTA_SK_KEY"))
c.json('{"type":"document","content_type":"text/plain","file_name":"bench-upload.txt","file_size":1024}')
wrk.path = "/api/v1/assets/upload-url"
done = c.done
