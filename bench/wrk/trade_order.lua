-- POST /v2/minis/trade_order/create/ with the user's access token, a fresh order_id each time.
-- args: access_token run (a prefix unique to this wrk run, so no order_id repeats across runs)
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token, run = args[1], args[2]
  created, refused = 0, 0
end

function request()
  counter = counter + 1
  local body = '{"token_type":"BEANS","token_amount":10,"order_info":{"order_id":"bench-' .. run .. '-' .. id .. '-' .. counter .. '","product_name":"Pack"}}'
  return wrk.format("POST", "/v2/minis/trade_order/create/", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status == 200 and body:find('"trade_order_id"', 1, true) then created = created + 1 else refused = refused + 1 end
  wrk.thread:set("created", created)
  wrk.thread:set("refused", refused)
end

function done(summary, latency, requests)
  local c, r = 0, 0
  for _, thread in ipairs(threads) do
    c = c + (thread:get("created") or 0)
    r = r + (thread:get("refused") or 0)
  end
  io.write("created " .. c .. "\n")
  io.write("refused " .. r .. "\n")
end
