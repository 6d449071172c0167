-- wrk script for benches/worlds.sh: every request goes to a random named world, by its
-- `/w/{name}` prefix (BENCH_WORLD_PREFIX .. 1..BENCH_WORLDS) in front of the path wrk was
-- given; extra headers as in report.lua (BENCH_HEADERS). Prints report.lua's RESULT line.

local worlds, prefix, path

function init(args)
  worlds = tonumber(os.getenv("BENCH_WORLDS") or "1")
  prefix = os.getenv("BENCH_WORLD_PREFIX") or "bench-"
  local extra = os.getenv("BENCH_HEADERS") or ""
  for pair in string.gmatch(extra, "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.-)%s*$")
    if name then wrk.headers[name] = value end
  end
  path = wrk.path
  math.randomseed(os.time())
end

function request()
  return wrk.format(nil, "/w/" .. prefix .. math.random(1, worlds) .. path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
