-- (4) Reference 003: POST /api/v1/r/files/presign with an sk- key; every request records one input
-- asset row (file name bench-presign.bin, counted afterwards in PostgreSQL).
local c = require("common")
c.bearer(c.env("BENCH_SK_KEY"))
c.json('{"file_name":"bench-presign.bin","file_size":2048,"content_type":"application/octet-stream"}')
wrk.path = "/api/v1/r/files/presign"
done = c.done
