-- GET /v2/user/info/ with a different user token every two requests, across a range of pre-minted tokens
-- named act.bench<N> (mock_bench.py mints them). args: first_request total_tokens
-- Thread t of T sends requests first + t, first + t + T, ...; request n uses token (n // 2) % total.
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  first, total, stride = tonumber(args[1]), tonumber(args[2]), tonumber(args[3])
  n = first + id
  ok, bad = 0, 0
end

function request()
  local index = math.floor(n / 2) % total
  n = n + stride
  return wrk.format("GET", "/v2/user/info/?fields=open_id", { ["Authorization"] = string.format("Bearer act.bench%012d", index) })
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
  wrk.thread:set("ok", ok)
  wrk.thread:set("bad", bad)
end

function done(summary, latency, requests)
  local o, b = 0, 0
  for _, thread in ipairs(threads) do
    o = o + (thread:get("ok") or 0)
    b = b + (thread:get("bad") or 0)
  end
  io.write(string.format("ok_responses %d refused %d\n", o, b))
end
