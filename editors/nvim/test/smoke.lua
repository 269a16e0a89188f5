-- Headless test of the nianbao Neovim plugin against the real server (nvim 0.7 and 0.11+).
-- Modelled on ../shared/clients/nvim-smoke.lua, but the server is started by OUR plugin
-- (require('nianbao').setup), and the assertions are nianbao's.
--
-- Run through editors/nvim/test/run.sh, which sets:
--   NB_SERVER   the nianbao binary (absolute)
--   NB_REPORT   a scratch copy of examples/unbalanced.txt (modified and written!)
--   NB_OTHER    a scratch file that is not a report
--   NB_JSON     where to write the JSON-lines report ("" = stdout)
--   NB_TIMEOUT_MS
-- Exit status 0 only if every check passed.
local lib = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'lib.lua')
local env, emit, check, finish, TIMEOUT = lib.env, lib.emit, lib.check, lib.finish, lib.TIMEOUT
local SERVER, REPORT, OTHER = env('NB_SERVER'), env('NB_REPORT'), env('NB_OTHER')
local function sleep(ms) vim.wait(ms, function() return false end) end

-- 1-based character column -> 0-based byte column
local function char_to_byte(line, col1)
  local byte, chars = 0, 0
  while chars < col1 - 1 and byte < #line do
    local c = line:byte(byte + 1)
    byte = byte + (c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4)
    chars = chars + 1
  end
  return byte
end
local line = lib.line
local function goto_char(buf, l, c) vim.api.nvim_win_set_cursor(0, { l, char_to_byte(line(buf, l), c) }) end
local function by_code(buf)
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    t[code] = t[code] or {}
    table.insert(t[code], d)
  end
  return t
end
local function wait_diags(buf, pred)
  return vim.wait(TIMEOUT, function() return pred(by_code(buf)) end, 20)
end
local read_file = lib.read_file

lib.options()

-- ------------------------------------------------------------------ setup + detection
local nianbao = require('nianbao')
nianbao.setup({
  cmd = { SERVER, 'lsp' },
  -- forwarded to the server: NB201 shown as a hint instead of an error
  settings = { severityOverrides = { NB201 = 'hint' } },
})
lib.start(SERVER)

vim.cmd('edit ' .. vim.fn.fnameescape(OTHER))
local other = vim.api.nvim_get_current_buf()
vim.bo[other].filetype = 'text'
vim.cmd('edit ' .. vim.fn.fnameescape(REPORT))
local buf = vim.api.nvim_get_current_buf()
-- filetype-independent: an unusual filetype does not stop detection
emit({ event = 'opened', file = REPORT, filetype = vim.bo[buf].filetype })

local attached, client = lib.wait_client(nianbao, buf)
if not check('plugin started the server for the report buffer', attached) then return finish() end
check('no client on the non-report buffer', nianbao.get_client(other) == nil)
emit({ event = 'initialized', offset_encoding = client.offset_encoding,
       server_position_encoding = client.server_capabilities.positionEncoding or vim.NIL })

-- ------------------------------------------------------------------ diagnostics
local original = read_file(REPORT)
local ok = wait_diags(buf, function(t) return t.NB101 and t.NB102 and t.NB201 end)
local diags = by_code(buf)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  emit({ event = 'diagnostic', code = d.code or vim.NIL, severity = d.severity, lnum = d.lnum, col = d.col,
         end_col = d.end_col, text = line(buf, d.lnum + 1):sub(d.col + 1, d.end_col) })
end
if not check('NB101, NB102, NB201 published', ok, vim.tbl_keys(diags)) then return finish() end
-- examples/unbalanced.txt: line 41, characters 52..53 are the 13 of （四）1's 总计
local l41 = line(buf, 41)
local col41 = char_to_byte(l41, 52)
for _, code in ipairs({ 'NB101', 'NB102' }) do
  local d = diags[code][1]
  check(code .. ' at 41:52-54 (the total 13)', d.lnum == 40 and d.col == col41 and d.end_col == col41 + 2
    and l41:sub(d.col + 1, d.end_col) == '13', { lnum = d.lnum, col = d.col, end_col = d.end_col })
  check(code .. ' is an error', d.severity == vim.diagnostic.severity.ERROR, d.severity)
end
local d201 = diags.NB201[1]
local l58 = line(buf, 58)
check('NB201 at 58:17 (the 行政复议 total 5)', d201.lnum == 57 and d201.col == char_to_byte(l58, 17)
  and l58:sub(d201.col + 1, d201.end_col) == '5', { lnum = d201.lnum, col = d201.col })
check('severityOverrides forwarded: NB201 is a hint', d201.severity == vim.diagnostic.severity.HINT, d201.severity)

-- ------------------------------------------------------------------ hover
goto_char(buf, 41, 52)
local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, TIMEOUT)
local r = res and res[client.id]
local text = ''
if r and r.result and r.result.contents then
  local c = r.result.contents
  text = type(c) == 'string' and c or c.value or (type(c[1]) == 'table' and c[1].value) or c[1] or ''
end
emit({ event = 'hover', at = '41:52', text = text })
check('hover on the total shows the formula (≠)', text:find('≠', 1, true) ~= nil)

-- ------------------------------------------------------------------ quick-fix via vim.lsp.buf.code_action()
local listed, chosen = {}, nil
vim.ui.select = function(items, _, on_choice)
  local pick, idx
  for i, it in ipairs(items) do
    local a = it.action or it[2] -- 0.10+: {action=, ctx=}; 0.7: {client_id, action}
    table.insert(listed, { title = a.title, kind = a.kind or vim.NIL, preferred = a.isPreferred or false })
    if not pick and a.kind == 'quickfix' and a.isPreferred then pick, idx = it, i end
  end
  for i, it in ipairs(items) do
    local a = it.action or it[2]
    if not pick and a.kind == 'quickfix' then pick, idx = it, i end
  end
  chosen = pick and (pick.action or pick[2]) or false
  on_choice(pick, idx)
end
local tick = vim.api.nvim_buf_get_changedtick(buf)
goto_char(buf, 41, 53) -- inside the number
vim.lsp.buf.code_action()
vim.wait(TIMEOUT, function() return chosen ~= nil end, 20)
emit({ event = 'code_actions', at = '41:53', actions = listed })
check('code actions offered at the cursor: quickfix and ' .. nianbao.fix_all_kind, (function()
  local kinds = {}
  for _, a in ipairs(listed) do kinds[a.kind] = true end
  return kinds['quickfix'] and kinds[nianbao.fix_all_kind] ~= nil
end)(), listed)
if not check('a preferred quickfix was chosen', chosen and chosen.isPreferred, chosen and chosen.title or vim.NIL) then
  return finish()
end
vim.wait(TIMEOUT, function() return vim.api.nvim_buf_get_changedtick(buf) ~= tick end, 20)
local fixed41 = line(buf, 41)
emit({ event = 'applied', title = chosen.title, line41 = fixed41 })
local expected41 = l41:sub(1, col41) .. '12' .. l41:sub(col41 + 3)
check('quick-fix changed the total 13 -> 12', fixed41 == expected41, fixed41)
local all = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
local expected_text = original:gsub('| 1 | 13 |', '| 1 | 12 |', 1)
check('nothing else in the buffer changed', all == expected_text)
ok = wait_diags(buf, function(t) return not t.NB101 and not t.NB102 and t.NB201 end)
check('NB101/NB102 gone after the fix, NB201 stays', ok, vim.tbl_keys(by_code(buf)))

vim.cmd('write')
check('written file has the fixed total', read_file(REPORT) == expected_text)

-- ------------------------------------------------------------------ :NianbaoFixAll
vim.cmd('silent undo')
check('undo restored 13', line(buf, 41) == l41)
ok = wait_diags(buf, function(t) return t.NB101 and t.NB102 end)
check('NB101/NB102 back after undo', ok)
vim.cmd('NianbaoFixAll')
check(':NianbaoFixAll fixed the total', line(buf, 41) == expected41, line(buf, 41))
all = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
check(':NianbaoFixAll applied only the safe fix (NB201 left alone)', all == expected_text)
ok = wait_diags(buf, function(t) return not t.NB101 and not t.NB102 and t.NB201 end)
check('only NB201 left after :NianbaoFixAll', ok, vim.tbl_keys(by_code(buf)))

-- ------------------------------------------------------------------ :NianbaoFixTable
vim.cmd('silent undo')
ok = wait_diags(buf, function(t) return t.NB101 and t.NB102 end)
check('NB101/NB102 back after the second undo', ok and line(buf, 41) == l41)
goto_char(buf, 58, 17)
vim.cmd('NianbaoFixTable')
check(':NianbaoFixTable in section 四 changes nothing (its fixes are only suggested)', line(buf, 58) == l58)
goto_char(buf, 41, 52)
vim.cmd('NianbaoFixTable')
check(':NianbaoFixTable in section 三 fixed the total', line(buf, 41) == expected41, line(buf, 41))

-- ------------------------------------------------------------------ shutdown
local exited = false
local id = client.id
vim.lsp.stop_client(id)
exited = vim.wait(TIMEOUT, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
check('server stopped', exited)
finish()
