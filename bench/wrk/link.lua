-- (issue 22) A download link: the public GET /l/<token> of a link without max_uses, answered with a 302 to a
-- presigned GET of 10 s (not followed). Each request is one PostgreSQL statement: the use counted (one row, so
-- every request of the run updates the same row) and logged. No credentials.
local c = require("common")
wrk.method = "GET"
wrk.path = c.env("BENCH_LINK_PATH")
done = c.done
