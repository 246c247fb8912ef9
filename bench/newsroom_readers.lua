-- wrk script for bench/newsroom.sh: many distinct readers on phones, each request from its
-- own address (X-Forwarded-For, believed from 127.0.0.1 = server.trusted_proxies), reading
-- a list of articles, half of the reads on the first 10 of them.
-- wrk ... -s newsroom_readers.lua URL -- FILE
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local hot, rest = {}, {}
local agent = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 " ..
              "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      if #hot < 10 then table.insert(hot, line) else table.insert(rest, line) end
    end
  end
  if #rest == 0 then rest = hot end
  math.randomseed(4242 + id * 7919)
end

local random = math.random
function request()
  local path
  if random() < 0.5 then path = hot[random(#hot)] else path = rest[random(#rest)] end
  local address = string.format("%d.%d.%d.%d", random(1, 223), random(0, 255), random(0, 255),
                                random(1, 254))
  return wrk.format("GET", path, {
    ["X-Forwarded-For"] = address,
    ["User-Agent"] = agent,
    ["Accept-Encoding"] = "gzip, deflate, br",
    ["Accept"] = "text/html,application/xhtml+xml",
  })
end
