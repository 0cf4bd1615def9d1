-- wrk: POST /api/v1/requests, each with its own Idempotency-Key (a new application every time).
wrk.method = "POST"
wrk.body = '{"serviceId":"10101234568","postalCode":"1991943711"}'
wrk.headers["Content-Type"] = "application/json"
local counter = 0
local thread_id = math.random(1, 1000000)
request = function()
  counter = counter + 1
  local key = string.format("%08x-0000-4000-8000-%012x", thread_id, counter)
  wrk.headers["Idempotency-Key"] = key
  return wrk.format()
end
