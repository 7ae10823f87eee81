-- wrk script: each connection is one editor saving the month's progress of their own
-- initiative again and again through the API, with the version the last save returned, as
-- a client that never conflicts with itself would. Run with as many threads as connections
-- (one connection each, so that the version is the thread's own), and the file of editors
-- after "--": one line per editor, "token<TAB>initiative no<TAB>version".
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
      token, no, version = text:match("^(%S+)\t(%d+)\t(%d+)$")
    end
  end
  assert(token, "no editor on line " .. editor .. " of " .. args[1])
  saves = 0
end

function request()
  saves = saves + 1
  local body = string.format('{"version": %s, "month": 11, "text": "11月の進捗 (%d 回目の保存)"}',
                             version, saves)
  return wrk.format("POST", "/api/v1/years/2025/initiatives/" .. no .. "/progress", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  local saved = body:match('"version":%s*(%d+)')
  if status == 200 and saved then version = saved end
end
