-- (2b) Reference 000 as a person: the same request as signed_url.lua with an RS256 access token (verified
-- through the JWKS endpoint) and X-Team-ID, so the team membership is checked on every request.
local c = require("common")
c.bearer(c.env("BENCH_JWT"))
wrk.headers["X-Team-ID"] = c.env("BENCH_TEAM")
c.json('{"object_path":"' .. c.env("BENCH_OBJECT_PATH") .. '","expires_in":600}')
wrk.path = "/api/v1/inference/assets/signed-url"
done = c.done
