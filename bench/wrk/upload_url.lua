-- (3) Reference 002: POST /api/v1/assets/upload-url with an sk- key; every request creates one
-- pending_upload asset row (file name bench-upload.txt, counted afterwards in PostgreSQL).
local c = require("common")
c.bearer(c.env("BENCH_SK_KEY"))
c.json('{"type":"document","content_type":"text/plain","file_name":"bench-upload.txt","file_size":1024}')
wrk.path = "/api/v1/assets/upload-url"
done = c.done
