-- Headless test of formatting with the nianbao Neovim plugin (0.11+) against the real server:
--   1. vim.lsp.buf.format() on a misaligned copy of examples/unbalanced.txt: the buffer, and the
--      file once written, equal `nianbao fmt`'s output byte for byte; formatting again changes
--      nothing (textDocument/formatting);
--   2. the misaligned text again, formatted over lines 13–14 only (table 二): those lines'
--      table is tidied, every other line keeps its text (textDocument/rangeFormatting);
--   3. a CRLF copy (fileformat=dos): written back, it equals `nianbao fmt`'s output, CRLF kept.
-- Run through editors/nvim/test/format.sh, which sets NB_SERVER, NB_REPORT, NB_EXPECTED,
-- NB_REPORT_CRLF, NB_EXPECTED_CRLF, NB_JSON. Exit status 0 only if every check passed.
local lib = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'lib.lua')
local env, emit, check, finish, TIMEOUT = lib.env, lib.emit, lib.check, lib.finish, lib.TIMEOUT
local SERVER, REPORT, EXPECTED = env('NB_SERVER'), env('NB_REPORT'), env('NB_EXPECTED')
local REPORT_CRLF, EXPECTED_CRLF = env('NB_REPORT_CRLF'), env('NB_EXPECTED_CRLF')
local read_file = lib.read_file
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

lib.options()

local nianbao = require('nianbao')
nianbao.setup({ cmd = { SERVER, 'lsp' } })
lib.start(SERVER)

-- open `path` and wait for the plugin's client to be ready and the report analysed
local function open(path)
  vim.cmd('edit! ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local ok, client = lib.wait_client(nianbao, buf, function() return #vim.diagnostic.get(buf) > 0 end)
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
