-- (6) Reference 004: GET /api/v1/objects/storage-usage for a team holding BENCH_USAGE_ROWS ready assets,
-- with an sk- key of that team.
local c = require("common")
c.bearer(c.env("BENCH_USAGE_KEY"))
wrk.method = "GET"
wrk.path = "/api/v1/objects/storage-usage"
done = c.done
