-- (5) Reference 004: the public GET /api/v1/objects/download of a ready asset, answered with a 302 to a
-- presigned GET (not followed). No credentials.
local c = require("common")
wrk.method = "GET"
wrk.path = "/api/v1/objects/download?objectKey=" .. c.env("BENCH_OBJECT_KEY_ENCODED") .. "&type=attachment"
done = c.done
