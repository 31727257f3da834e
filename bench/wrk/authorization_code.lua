-- Redeem pre-minted codes, each exactly once; args: codes_file threads client_key client_secret
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local id, step = wrk.thread:get("id"), tonumber(args[2])
  codes, ok, index = {}, 0, 1
  local n = 0
  for line in io.lines(args[1]) do
    if n % step == id then codes[#codes + 1] = line end
    n = n + 1
  end
  prefix = "grant_type=authorization_code&client_key=" .. args[3] .. "&client_secret=" .. args[4] .. "&code="
end

function request()
  local code = codes[index] or "exhausted"
  index = index + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, prefix .. code)
end

-- No response() callback: parsing every body in Lua would take CPU from the server on a small
-- machine. mock_bench.py counts the redeemed codes in the state file afterwards instead.
