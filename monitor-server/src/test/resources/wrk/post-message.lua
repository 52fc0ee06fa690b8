-- wrk script: POST one message per request.
--   TMA_BODY=<message JSON> TMA_AUTH="Bearer <token>" wrk -t2 -c32 -d10s -s post-message.lua https://HOST:32025/monitor
-- TMA_AUTH may be empty (anonymous mode) or "Basic base64(probeId:secret)".
wrk.method = "POST"
wrk.body = os.getenv("TMA_BODY")
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("TMA_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
if os.getenv("TMA_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end
