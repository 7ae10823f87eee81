-- wrk script: each connection is one editor who opens their own initiative through the API
-- and then saves the month's progress again and again, with the version the initiative or
-- the last save gave, as a client that never conflicts with itself would. Run with as many
-- threads as connections (one connection each, so that the version is the thread's own), and
-- the file of editors after "--": one line per editor, "token<TAB>initiative no". A run after
-- another on the same server (a warm-up) starts from the versions the earlier one left.
local editors = 0

function setup(thread)
  editors = editors + 1
  thread:set("editor", editors)
end

function init(args)
  local line = 0
  for text in io.lines(args[1]) do
    line = line + 1
    if line == editor then
      token, no = text:match("^(%S+)\t(%d+)")
    end
  end
  assert(token, "no editor on line " .. editor .. " of " .. args[1])
  saves = 0
  version = nil
end

function request()
  local path = "/api/v1/years/2025/initiatives/" .. no
  if not version then
    return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
  end
  saves = saves + 1
  local body = string.format('{"version": %s, "month": 11, "text": "11月の進捗 (%d 回目の保存)"}',
                             version, saves)
  return wrk.format("POST", path .. "/progress", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

-- An answer without a version (a conflict) has the initiative opened again.
function response(status, headers, body)
  version = status == 200 and body:match('"version":%s*(%d+)') or nil
end
