-- Headless test of authoring with the nianbao Neovim plugin (0.11+) against the real server:
--   1. completion at the wrong total 13 of examples/unbalanced.txt (line 41): the sum 12 is the
--      first item, its formula in the menu; <C-y> accepts it and the cell reads 12;
--   2. code lenses: "2 处不平 — 全部修正" above table 三 (line 26), "1 处不平 — 无可确定的修正"
--      above table 四 (line 55), drawn as virtual text; vim.lsp.codelens.run() on line 26 fixes
--      the table (workspace/executeCommand -> workspace/applyEdit) and the lens turns "平衡 ✓";
--   3. a draft: completion on the blank line under 三's heading inserts the empty table 三,
--      which the server then reads (its lens: "平衡 ✓（尚未填写）");
--   4. examples/clean.txt without table 四's rows (a blank line under its heading, line 55):
--      completion there offers the empty table 四; picked and accepted, the buffer holds its
--      header rows (行政复议, 行政诉讼) and the row of 15 cells, and NB001 for 四 is gone.
-- Run through editors/nvim/test/authoring.sh, which sets NB_SERVER, NB_REPORT (a scratch copy of
-- examples/unbalanced.txt), NB_DRAFT, NB_NOFOUR (examples/clean.txt without table 四's rows),
-- NB_JSON. Exit status 0 only if every check passed.
local lib = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'lib.lua')
local env, emit, check, finish, TIMEOUT = lib.env, lib.emit, lib.check, lib.finish, lib.TIMEOUT
local SERVER, REPORT, DRAFT = env('NB_SERVER'), env('NB_REPORT'), env('NB_DRAFT')
local NOFOUR = env('NB_NOFOUR')
local line = lib.line

-- The test runs in a coroutine that gives the main loop its turn while it waits: typed keys
-- (insert mode, the completion menu, <C-y>) are only processed there, and vim.wait would not
-- process them (nor can feedkeys with 'x' stay in insert mode without blocking).
local co
local function resume()
  local ok, err = coroutine.resume(co)
  if not ok then
    check('test ran to its end', false, tostring(err))
    finish()
  end
end
local function sleep(ms)
  vim.defer_fn(resume, ms)
  coroutine.yield()
end
local function wait(ms, pred)
  local t0 = vim.uv.now()
  while not pred() do
    if vim.uv.now() - t0 > ms then return false end
    sleep(20)
  end
  return true
end
local function keys(k)
  vim.api.nvim_feedkeys(vim.keycode(k), 'n', false)
  sleep(50)
end
local function lens_titles(buf)
  local t = {}
  for _, l in ipairs(vim.lsp.codelens.get(buf)) do
    table.insert(t, { line = l.range.start.line + 1, title = l.command and l.command.title or '' })
  end
  table.sort(t, function(a, b) return a.line < b.line end)
  return t
end
local function lens_at(buf, l)
  for _, x in ipairs(lens_titles(buf)) do
    if x.line == l then return x.title end
  end
  return nil
end
-- the virtual text Neovim draws for the lenses of `buf` on 1-based line `l`
local function lens_text(buf, l)
  local text = {}
  for name, ns in pairs(vim.api.nvim_get_namespaces()) do
    if name:find('codelens', 1, true) then
      for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, { l - 1, 0 }, { l - 1, -1 }, { details = true })) do
        for _, chunk in ipairs(m[4].virt_text or {}) do table.insert(text, chunk[1]) end
      end
    end
  end
  return table.concat(text)
end

lib.start(SERVER)
if not vim.lsp.completion then
  check('Neovim 0.11+ (vim.lsp.completion)', false, 'this test needs vim.lsp.completion')
  return finish()
end
lib.options()
-- a menu even for one item, nothing inserted before <C-y>
vim.o.completeopt = 'menu,menuone,noinsert'

co = coroutine.create(function()
local nianbao = require('nianbao')
nianbao.setup({ cmd = { SERVER, 'lsp' } })
vim.cmd('edit ' .. vim.fn.fnameescape(REPORT))
local buf = vim.api.nvim_get_current_buf()
local client
local attached = wait(TIMEOUT, function()
  client = nianbao.get_client(buf)
  return client ~= nil and client.initialized == true
end)
if not check('plugin started the server', attached) then return finish() end
local original = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
local l41 = line(buf, 41)
local fixed41 = l41:gsub('| 1 | 13 |', '| 1 | 12 |', 1)

-- ------------------------------------------------------------------ 1. completion at a total
local at = l41:find('| 1 | 13 |', 1, true) + 6 -- 1-based byte column of the 1 of 13
vim.api.nvim_win_set_cursor(0, { 41, at }) -- on the 3 (0-based byte column)
keys('a') -- insert mode, right after 13
vim.lsp.completion.get()
local shown = wait(TIMEOUT, function() return vim.fn.pumvisible() == 1 end)
local info = vim.fn.complete_info({ 'items', 'selected' })
local items = {}
for _, it in ipairs(info.items or {}) do table.insert(items, { word = it.word, menu = it.menu }) end
emit({ event = 'completion', at = '41:54', items = items })
check('completion menu shown at the total 13', shown, vim.fn.mode())
check('first item is the sum 12', items[1] and items[1].word == '12', items)
check('its formula in the menu: 9 + 2 + 0 + 0 + 0 + 1 = 12', items[1] and items[1].menu == '9 + 2 + 0 + 0 + 0 + 1 = 12', items)
keys('<C-y>')
check('<C-y> wrote the sum into the cell', line(buf, 41) == fixed41, line(buf, 41))
keys('<Esc>')
vim.cmd('silent undo')
check('undo: 13 again', line(buf, 41) == l41, line(buf, 41))

-- ------------------------------------------------------------------ 2. code lenses
local both = wait(TIMEOUT, function() return #lens_titles(buf) == 2 and lens_at(buf, 26) == '2 处不平 — 全部修正' end)
emit({ event = 'lenses', lenses = lens_titles(buf) })
check('lens above table 三 (line 26): 2 处不平 — 全部修正', both, lens_titles(buf))
check('lens above table 四 (line 55): 1 处不平 — 无可确定的修正', lens_at(buf, 55) == '1 处不平 — 无可确定的修正', lens_titles(buf))
check('the lens of 三 is drawn on line 26', lens_text(buf, 26):find('全部修正', 1, true) ~= nil, lens_text(buf, 26))
vim.api.nvim_win_set_cursor(0, { 26, 0 })
vim.lsp.codelens.run()
local ran = wait(TIMEOUT, function() return line(buf, 41) == fixed41 end)
check('running the lens fixed the table (13 -> 12)', ran, line(buf, 41))
local now = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
check('nothing else changed', now == original:gsub('| 1 | 13 |', '| 1 | 12 |', 1))
vim.cmd('doautocmd TextChanged') -- what typing would fire: the plugin asks for the lenses again
local balanced = wait(TIMEOUT, function()
  return lens_at(buf, 26) == '平衡 ✓（39 项勾稽关系）'
end)
check('the lens of 三 now says 平衡 ✓', balanced, lens_titles(buf))

-- ------------------------------------------------------------------ 3. an empty table in a draft
vim.cmd('edit ' .. vim.fn.fnameescape(DRAFT))
local draft = vim.api.nvim_get_current_buf()
local dclient
wait(TIMEOUT, function()
  dclient = nianbao.get_client(draft)
  return dclient ~= nil and dclient.initialized == true
end)
check('the draft is attached', dclient ~= nil)
vim.api.nvim_win_set_cursor(0, { 5, 0 }) -- the blank line under 三's heading
keys('i')
vim.lsp.completion.get()
shown = wait(TIMEOUT, function() return vim.fn.pumvisible() == 1 end)
info = vim.fn.complete_info({ 'items' })
local first = info.items and info.items[1] or {}
emit({ event = 'completion', at = 'draft 5:1', abbr = first.abbr or vim.NIL, kind = first.kind or vim.NIL })
check('on the blank line: the empty table 三 of the 2021 form', shown
  and first.abbr == '三、收到和处理政府信息公开申请情况（2021年格式空表）', first.abbr)
keys('<C-y>')
keys('<Esc>')
local lines = vim.api.nvim_buf_get_lines(draft, 0, -1, false)
local total_row = vim.fn.index(lines, '（七）总计 |  |  |  |  |  |  |  |') + 1
check('the table was inserted as lines (（七）总计 among them)', #lines >= 30 and total_row > 0, #lines)
check('the heading of 四 follows it', lines[#lines] == '四、政府信息公开行政复议、行政诉讼情况', lines[#lines])
vim.cmd('doautocmd TextChanged')
local read = wait(TIMEOUT, function() return lens_at(draft, 5) == '平衡 ✓（尚未填写）' end)
check('the server reads the inserted table (lens: 平衡 ✓（尚未填写）)', read, lens_titles(draft))

-- ------------------------------------------------------------------ 4. the empty table 四
vim.cmd('edit ' .. vim.fn.fnameescape(NOFOUR))
local nf = vim.api.nvim_get_current_buf()
local nclient
wait(TIMEOUT, function()
  nclient = nianbao.get_client(nf)
  return nclient ~= nil and nclient.initialized == true
end)
check('the report without table 四 is attached', nclient ~= nil)
local function nb001_four()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(nf)) do
    if d.code == 'NB001' and d.message:find('第四部分', 1, true) then table.insert(found, d) end
  end
  return found
end
local missing = wait(TIMEOUT, function() return #nb001_four() > 0 end)
check('before: NB001 for 四 (未找到第四部分…的表格)', missing, vim.diagnostic.get(nf))
check('line 55 is the blank line under 四\'s heading',
  line(nf, 54) == '四、政府信息公开行政复议、行政诉讼情况' and line(nf, 55) == '', { line(nf, 54), line(nf, 55) })
vim.api.nvim_win_set_cursor(0, { 55, 0 })
keys('i')
vim.lsp.completion.get()
shown = wait(TIMEOUT, function() return vim.fn.pumvisible() == 1 end)
info = vim.fn.complete_info({ 'items' })
local pick, abbrs = nil, {}
for i, it in ipairs(info.items or {}) do
  table.insert(abbrs, it.abbr)
  if not pick and (it.abbr or ''):find('^四、政府信息公开行政复议、行政诉讼情况（%d+年格式空表）$') then pick = i end
end
emit({ event = 'completion', at = 'no-four 55:1', items = abbrs })
check('on the blank line: the empty table 四 is offered', shown and pick ~= nil, abbrs)
if pick then
  vim.api.nvim_select_popupmenu_item(pick - 1, false, false, {})
  sleep(50)
end
keys('<C-y>')
keys('<Esc>')
lines = vim.api.nvim_buf_get_lines(nf, 0, -1, false)
local text = table.concat(lines, '\n')
local function has_line(pred)
  for _, l in ipairs(lines) do if pred(l) then return true end end
  return false
end
check('the header row 行政复议 | 行政诉讼 was inserted',
  has_line(function(l) return l:find('^行政复议 | 行政诉讼') ~= nil end), lines[55])
check('the header rows with 未经复议直接起诉 and 复议后起诉',
  text:find('未经复议直接起诉', 1, true) ~= nil and text:find('复议后起诉', 1, true) ~= nil)
local empty15 = has_line(function(l)
  local _, bars = l:gsub('|', '')
  return bars == 15 and l:match('^[%s|]*$') ~= nil and l:find('|', 1, true) ~= nil
end)
check('the row of 15 empty cells was inserted', empty15, vim.list_slice(lines, 55, 60))
check('五 still follows', has_line(function(l) return l == '五、存在的主要问题及改进情况' end))
local gone = wait(TIMEOUT, function() return #nb001_four() == 0 end)
check('after re-analysis: no NB001 for 四', gone, nb001_four())

  finish()
end)
resume()
