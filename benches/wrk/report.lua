-- wrk script shared by every run in benches/: sets the request from environment
-- variables and prints one machine-readable line that the shell scripts parse.
--
--   BENCH_METHOD     GET (default) or POST
--   BENCH_BODY_FILE  file whose bytes are the POST body (sent as application/json)
--   BENCH_HEADERS    extra headers, "Name: value" separated by "|"
--   BENCH_WORLDS     N: each request goes to a random named world, by its `/w/{name}` prefix
--                    (BENCH_WORLD_PREFIX, default "bench-", then 1..N) in front of wrk's path
--
-- Output (last line): RESULT requests=N duration_us=N rps=N p50_us=N p90_us=N p99_us=N
--                            max_us=N non2xx=N socket_errors=N

function init(args)
  wrk.method = os.getenv("BENCH_METHOD") or "GET"
  local file = os.getenv("BENCH_BODY_FILE")
  if file and file ~= "" then
    local f = assert(io.open(file, "rb"))
    wrk.body = f:read("*a"):gsub("%s+$", "")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
  end
  local extra = os.getenv("BENCH_HEADERS") or ""
  for pair in string.gmatch(extra, "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.-)%s*$")
    if name then wrk.headers[name] = value end
  end
  worlds = tonumber(os.getenv("BENCH_WORLDS") or "")
  if worlds then
    prefix = os.getenv("BENCH_WORLD_PREFIX") or "bench-"
    path = wrk.path
    math.randomseed(os.time())
    request = function()
      return wrk.format(nil, "/w/" .. prefix .. math.random(1, worlds) .. path)
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
