-- wrk script for bench/catalogue.sh: GETs /api/v1/nomenklatura/ with a few searches, orderings
-- and pages in turn (each thread starts at a different one), with `Authorization: Bearer $TOKEN`
-- when TOKEN is set (the DRF counterpart ignores it).
--   TOKEN=... wrk -t2 -c32 -d15s --latency --timeout 30s -s bench/catalogue.lua http://127.0.0.1:PORT
-- Fails loudly: at the end it prints "catalogue.lua: N requests, M non-2xx, K socket errors" and
-- exits 1 when any answer was 4xx/5xx (wrk's own count; catalogue.sh first checks that every
-- path below answers 200, so no redirect hides among the rest) or nothing was answered at all.
-- catalogue.sh reads the paths from this file (lines that start with a quoted /api/ path).
local paths = {
  "/api/v1/nomenklatura/?search=choy&ordering=-sale_price&page=2",
  "/api/v1/nomenklatura/?search=un&ordering=name&page=1",
  "/api/v1/nomenklatura/?ordering=-created_at&page=50",
  "/api/v1/nomenklatura/?search=00-0012&page=1",
  "/api/v1/nomenklatura/?page=1",
  "/api/v1/nomenklatura/?search=nestle%20sut&ordering=-created_at&page=1&page_size=50",
}

local threads = {}
local prepared = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local headers = { ["Accept"] = "application/json" }
  local token = os.getenv("TOKEN") or ""
  if token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  for i, path in ipairs(paths) do
    prepared[i] = wrk.format("GET", path, headers)
  end
  -- `thread_id` is the global that setup() set in this thread's state (not a local: a local
  -- of the same name would hide it).
  counter = thread_id or 0
end

function request()
  counter = counter + 1
  return prepared[(counter % #prepared) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  local sockets = e.connect + e.read + e.write + e.timeout
  io.write(string.format("catalogue.lua: %d requests, %d non-2xx, %d socket errors (connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, e.status, sockets, e.connect, e.read, e.write, e.timeout))
  if e.status > 0 or summary.requests == 0 then
    io.stderr:write(string.format(
      "catalogue.lua: FAILED: %d of %d answers were 4xx/5xx (a broken server, or an expired token?)\n",
      e.status, summary.requests))
    io.stdout:flush()
    os.exit(1)
  end
end
