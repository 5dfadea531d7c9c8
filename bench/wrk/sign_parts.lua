-- (7) Issue 14: POST /api/v1/assets/{id}/multipart/parts with an sk- key, signing 100 part URLs in one call (parts
-- 1 to 100 of the pending multipart upload run.sh starts: 1 GiB in 205 parts of 5 MiB; nothing is written).
local c = require("common")
c.bearer(c.env("BENCH_SK_KEY"))
local numbers = {}
for i = 1, 100 do
  numbers[i] = tostring(i)
end
c.json('{"part_numbers":[' .. table.concat(numbers, ",") .. ']}')
wrk.path = "/api/v1/assets/" .. c.env("BENCH_MULTIPART_ID") .. "/multipart/parts"
done = c.done
