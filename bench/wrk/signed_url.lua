-- (2) Reference 000: POST /api/v1/inference/assets/signed-url with an sk- key, for an object that exists.
local c = require("common")
c.bearer(c.env("BENCH_SK_KEY"))
c.json('{"object_path":"' .. c.env("BENCH_OBJECT_PATH") .. '","expires_in":600}')
wrk.path = "/api/v1/inference/assets/signed-url"
done = c.done
