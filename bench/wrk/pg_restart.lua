-- Presign (reference 003) across a PostgreSQL restart (BENCH_MODE=pg_restart, bench/pg-restart.sh): the
-- request of presign.lua with its own file name, plus a count of answers by status, of 503s without
-- Retry-After, and the file_key of every 2xx (written to $WRK_KEYS), so that each answered row can be
-- looked up afterwards. Statuses go to $WRK_STATUSES as one JSON object.
local c = require("common")
c.bearer(c.env("BENCH_SK_KEY"))
c.json('{"file_name":"bench-pg-restart.bin","file_size":2048,"content_type":"application/octet-stream"}')
wrk.path = "/api/v1/r/files/presign"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  keys = {}
  without_retry_after = 0
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 200 and status < 300 then
    keys[#keys + 1] = string.match(body, '"file_key":"([^"]+)"') or "?"
  elseif status == 503 and headers["Retry-After"] == nil and headers["retry-after"] == nil then
    without_retry_after = without_retry_after + 1
  end
end

function done(summary, latency, requests)
  local all, missing = {}, 0
  local out = assert(io.open(c.env("WRK_KEYS"), "w"))
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      all[status] = (all[status] or 0) + n
    end
    for _, key in ipairs(thread:get("keys")) do
      out:write(key, "\n")
    end
    missing = missing + thread:get("without_retry_after")
  end
  out:close()
  local parts = {}
  for status, n in pairs(all) do
    parts[#parts + 1] = string.format('"%d":%d', status, n)
  end
  table.sort(parts)
  local f = assert(io.open(c.env("WRK_STATUSES"), "w"))
  f:write(string.format('{"statuses":{%s},"503_without_retry_after":%d}\n', table.concat(parts, ","), missing))
  f:close()
  c.done(summary, latency, requests)
end
