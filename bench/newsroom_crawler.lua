-- wrk script for bench/newsroom.sh: one crawler walking a list of archive pages.
-- wrk ... -s newsroom_crawler.lua URL -- FILE THREADS MODE ORDER [MARKERS]
--   FILE     paths, one a line; thread i of THREADS walks lines i, i+THREADS, ...
--   MODE     "stop": each thread stops once its share is answered and creates the file
--            MARKERS/done-i: wrk itself runs until -d, so newsroom.sh waits for every
--            thread's marker and then interrupts wrk (SIGINT makes it report at once);
--            "loop": start over at the end (a crawler in the background for a fixed time)
--   ORDER    "forward" or "reverse" (walk the list from its end)
-- Prints "walked N" and "errors N" (answers other than 200) when done.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths = {}
local index = 0
local mode = "stop"
local markers = nil
local headers = {}

local function mark_done()
  if markers then
    local f = io.open(markers .. "/done-" .. id, "w")
    if f then f:close() end
    markers = nil
  end
end
answered = 0
errors = 0

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  mode = args[3] or "stop"
  markers = args[5]
  local i = 0
  for line in io.lines(file) do
    if line ~= "" then
      if i % nthreads == id then table.insert(paths, line) end
      i = i + 1
    end
  end
  if args[4] == "reverse" then
    local n = #paths
    for k = 1, math.floor(n / 2) do paths[k], paths[n - k + 1] = paths[n - k + 1], paths[k] end
  end
  if #paths == 0 then
    paths = { "/robots.txt" }
    if mode == "stop" then mark_done() end
  end
  headers = {
    ["User-Agent"] = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ["Accept-Encoding"] = "gzip, deflate, br",
    ["Accept"] = "text/html,application/xhtml+xml",
  }
end

function request()
  index = index + 1
  if index > #paths then
    -- "stop": the few requests sent after the share is out re-ask its last page
    index = mode == "loop" and 1 or #paths
  end
  return wrk.format("GET", paths[index], headers)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then errors = errors + 1 end
  if mode == "stop" and answered >= #paths then
    mark_done()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local walked, failed = 0, 0
  for _, thread in ipairs(threads) do
    walked = walked + thread:get("answered")
    failed = failed + thread:get("errors")
  end
  io.write(string.format("walked %d\nerrors %d\n", walked, failed))
end
