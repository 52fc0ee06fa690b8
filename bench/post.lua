-- wrk script: POST the file named by env BODY to /monitor as JSON (wrk itself reports
-- "Non-2xx or 3xx responses" when any answer was not 200).
-- usage: BODY=bench/seed-message.json wrk -t2 -c32 -d10s -s bench/post.lua http://127.0.0.1:32025/monitor
-- optional: AUTH="Bearer <token>" or AUTH="Basic <base64>" adds an Authorization header
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTH") then
  wrk.headers["Authorization"] = os.getenv("AUTH")
end
