-- Shared by every scenario: the request comes from the BENCH_* environment the runner exports, and
-- done() appends one JSON line with throughput, latency and error counts to $WRK_RESULT.
-- wrk counts a response as a status error when its status is > 399; redirects (302) are not errors.
local M = {}

function M.env(name)
  local value = os.getenv(name)
  if value == nil or value == "" then
    error("environment variable " .. name .. " is not set")
  end
  return value
end

function M.bearer(key)
  wrk.headers["Authorization"] = "Bearer " .. key
end

function M.json(body)
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function M.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local line = string.format(
    '{"scenario":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
    '"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}',
    os.getenv("BENCH_SCENARIO") or "?", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.status, e.connect, e.read, e.write, e.timeout)
  local path = os.getenv("WRK_RESULT")
  if path then
    local f = assert(io.open(path, "a"))
    f:write(line, "\n")
    f:close()
  end
  io.write(line, "\n")
end

return M
