-- One connection per thread: mint a code (/_mock/codes), exchange it, read user info; repeat.
-- args: client_key client_secret
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  client_key, client_secret = args[1], args[2]
  step, flows, broken = 0, 0, 0
end

function request()
  if step == 0 then
    return wrk.format("POST", "/_mock/codes", { ["Content-Type"] = "application/json" }, '{"client_key":"' .. client_key .. '"}')
  elseif step == 1 then
    return wrk.format("POST", "/v2/oauth/token/", { ["Content-Type"] = "application/x-www-form-urlencoded" },
      "grant_type=authorization_code&client_key=" .. client_key .. "&client_secret=" .. client_secret .. "&code=" .. code)
  end
  return wrk.format("GET", "/v2/user/info/?fields=open_id,display_name", { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if step == 0 then
    code = body:match('"code":"([^"]+)"')
    step = code and 1 or 0
  elseif step == 1 then
    token = body:match('"access_token":"([^"]+)"')
    step = token and 2 or 0
    if not token then broken = broken + 1 end
  else
    if status == 200 then flows = flows + 1 else broken = broken + 1 end
    step = 0
  end
  wrk.thread:set("flows", flows)
  wrk.thread:set("broken", broken)
end

function done(summary, latency, requests)
  local flows, broken = 0, 0
  for _, thread in ipairs(threads) do
    flows = flows + (thread:get("flows") or 0)
    broken = broken + (thread:get("broken") or 0)
  end
  io.write(string.format("flows %d broken %d\n", flows, broken))
end
