-- Headless test of formatting with the nianbao Neovim plugin (0.11+) against the real server:
--   1. vim.lsp.buf.format() on a misaligned copy of examples/unbalanced.txt: the buffer, and the
--      file once written, equal `nianbao fmt`'s output byte for byte; formatting again changes
--      nothing (textDocument/formatting);
--   2. the misaligned text again, formatted over lines 13–14 only (table 二): those lines'
--      table is tidied, every other line keeps its text (textDocument/rangeFormatting);
--   3. a CRLF copy (fileformat=dos): written back, it equals `nianbao fmt`'s output, CRLF kept.
-- Run through editors/nvim/test/format.sh, which sets NB_SERVER, NB_REPORT, NB_EXPECTED,
-- NB_REPORT_CRLF, NB_EXPECTED_CRLF, NB_JSON. Exit status 0 only if every check passed.
local env = function(k, d)
  local v = os.getenv(k)
  if v == nil or v == '' then return d end
  return v
end
local SERVER, REPORT, EXPECTED = env('NB_SERVER'), env('NB_REPORT'), env('NB_EXPECTED')
local REPORT_CRLF, EXPECTED_CRLF = env('NB_REPORT_CRLF'), env('NB_EXPECTED_CRLF')
local TIMEOUT = tonumber(env('NB_TIMEOUT_MS', '10000'))
local JSON_PATH = env('NB_JSON', '')
local out_fh = JSON_PATH ~= '' and io.open(JSON_PATH, 'w') or io.stdout
local failures, passes = 0, 0

local function emit(tbl)
  out_fh:write(vim.json.encode(tbl) .. '\n')
  out_fh:flush()
end
local function check(name, cond, detail)
  if cond then passes = passes + 1 else failures = failures + 1 end
  emit({ event = 'check', name = name, ok = cond and true or false, detail = detail == nil and vim.NIL or detail })
  return cond
end
local function finish()
  emit({ event = 'summary', passed = passes, failed = failures })
  if out_fh ~= io.stdout then out_fh:close() end
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end
local function read_file(p)
  local fh = assert(io.open(p, 'rb'))
  local s = fh:read('*a')
  fh:close()
  return s
end
local function text_of(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
end
-- the first line where `a` and `b` differ, for the report
local function first_difference(a, b)
  local la, lb = vim.split(a, '\n'), vim.split(b, '\n')
  for i = 1, math.max(#la, #lb) do
    if la[i] ~= lb[i] then return { line = i, got = la[i] or vim.NIL, want = lb[i] or vim.NIL } end
  end
  return vim.NIL
end

vim.o.swapfile = false
vim.o.more = false
vim.o.shortmess = vim.o.shortmess .. 'F'
vim.o.hidden = true

local nianbao = require('nianbao')
nianbao.setup({ cmd = { SERVER, 'lsp' } })
local v = vim.version()
emit({ event = 'start', nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch), server = SERVER })

-- open `path` and wait for the plugin's client to be ready and the report analysed
local function open(path)
  vim.cmd('edit! ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local client
  local ok = vim.wait(TIMEOUT, function()
    client = nianbao.get_client(buf)
    return client ~= nil and client.initialized == true and #vim.diagnostic.get(buf) > 0
  end, 20)
  return buf, ok and client or nil
end
local function format(client, buf, range)
  vim.lsp.buf.format({ bufnr = buf, id = client.id, timeout_ms = TIMEOUT, range = range })
end

-- ------------------------------------------------------------------ 1. the whole document
local buf, client = open(REPORT)
if not check('plugin started the server for the report', client ~= nil) then return finish() end
emit({ event = 'initialized', offset_encoding = client.offset_encoding })
local caps = client.server_capabilities
check('server announces documentFormattingProvider and documentRangeFormattingProvider',
  caps.documentFormattingProvider == true and caps.documentRangeFormattingProvider == true)
local original = read_file(REPORT)
local expected = read_file(EXPECTED)
format(client, buf)
local got = text_of(buf)
check('vim.lsp.buf.format(): the buffer equals `nianbao fmt`', got == expected, first_difference(got, expected))
vim.cmd('write')
check('written file equals `nianbao fmt` byte for byte', read_file(REPORT) == expected)
local tick = vim.api.nvim_buf_get_changedtick(buf)
format(client, buf)
check('formatting again changes nothing', vim.api.nvim_buf_get_changedtick(buf) == tick)

-- ------------------------------------------------------------------ 2. a range: table 二 only
local lines = vim.split(original, '\n', { plain = true })
table.remove(lines) -- the empty string after the last newline
vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
format(client, buf, { start = { 13, 0 }, ['end'] = { 14, 2 } })
local want = vim.split(expected, '\n', { plain = true })
local now = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local table2_tidy, rest_kept = true, true
for i = 1, #lines do
  -- table 二 is lines 11-24 of examples/unbalanced.txt
  if i >= 11 and i <= 24 then
    table2_tidy = table2_tidy and now[i] == want[i]
  else
    rest_kept = rest_kept and now[i] == lines[i]
  end
end
check('range formatting (lines 13-14): table 二 tidied', table2_tidy, { line13 = now[13] })
check('range formatting: every line outside table 二 unchanged (table 三 still misaligned)', rest_kept,
  { line41 = now[41] })

-- ------------------------------------------------------------------ 3. CRLF
local crlf, c2 = open(REPORT_CRLF)
if check('CRLF copy attached', c2 ~= nil and vim.bo[crlf].fileformat == 'dos', vim.bo[crlf].fileformat) then
  format(c2, crlf)
  vim.cmd('write')
  local saved, want_crlf = read_file(REPORT_CRLF), read_file(EXPECTED_CRLF)
  check('CRLF: written file equals `nianbao fmt` byte for byte (CRLF kept)', saved == want_crlf,
    first_difference(saved, want_crlf))
end
finish()
