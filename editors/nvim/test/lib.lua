-- What the headless Neovim tests (smoke, health, authoring, draft, format) share: the
-- environment the test scripts set, the JSON-lines report (start, check, summary events) and
-- waiting for the plugin's client. Neovim 0.7 and 0.11+. Loaded by each test from its own
-- directory:
--   local lib = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'lib.lua')
-- Environment: NB_JSON (where the report goes; "" = stdout), NB_TIMEOUT_MS (default 10000).
local M = {}

function M.env(k, d)
  local v = os.getenv(k)
  if v == nil or v == '' then return d end
  return v
end

M.TIMEOUT = tonumber(M.env('NB_TIMEOUT_MS', '10000'))
local v = vim.version()
M.NVIM = string.format('%d.%d.%d', v.major, v.minor, v.patch)

local json_encode = (vim.json and vim.json.encode) or vim.fn.json_encode
local JSON_PATH = M.env('NB_JSON', '')
local out_fh -- opened at the first event: 'w', or 'a' after M.setup({ append = true })
local case -- M.setup({ case = NAME }): check names prefixed "NAME: ", the case in start and summary
local failures, passes = 0, 0

function M.setup(opts)
  case = opts.case
  if opts.append and not out_fh then out_fh = JSON_PATH ~= '' and io.open(JSON_PATH, 'a') or io.stdout end
end

function M.emit(tbl)
  out_fh = out_fh or (JSON_PATH ~= '' and io.open(JSON_PATH, 'w') or io.stdout)
  out_fh:write(json_encode(tbl) .. '\n')
  out_fh:flush()
end

function M.check(name, cond, detail)
  if cond then passes = passes + 1 else failures = failures + 1 end
  M.emit({ event = 'check', name = case and (case .. ': ' .. name) or name, ok = cond and true or false,
           detail = detail == nil and vim.NIL or detail })
  return cond
end

-- the summary, then quit: exit status 0 only if every check passed
function M.finish()
  M.emit({ event = 'summary', case = case, passed = passes, failed = failures })
  if out_fh and out_fh ~= io.stdout then out_fh:close() end
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end

function M.start(server)
  M.emit({ event = 'start', nvim = M.NVIM, case = case, server = server })
end

-- the options every test edits with: no swap files, no more-prompt, hidden buffers and (unless
-- shortmess = false) no file messages
function M.options(opts)
  vim.o.swapfile = false
  vim.o.more = false
  if not (opts and opts.shortmess == false) then vim.o.shortmess = vim.o.shortmess .. 'F' end
  vim.o.hidden = true
end

-- wait until the plugin's client for `buf` is initialized (and `pred()`, if given, holds);
-- returns whether it did and the client
function M.wait_client(nianbao, buf, pred)
  local client
  local ok = vim.wait(M.TIMEOUT, function()
    client = nianbao.get_client(buf)
    return client ~= nil and client.initialized == true and (pred == nil or pred())
  end, 20)
  return ok, client
end

function M.line(buf, l) return vim.api.nvim_buf_get_lines(buf, l - 1, l, false)[1] or '' end

function M.read_file(p)
  local fh = assert(io.open(p, 'rb'))
  local s = fh:read('*a')
  fh:close()
  return s
end

return M
