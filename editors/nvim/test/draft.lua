-- Headless test of "起草下一年度报告" with the nianbao Neovim plugin (0.11+) against the real
-- server, on a copy of examples/clean.txt saved as 2023.txt:
--   1. the code action 起草下一年度报告（2024） is offered on the title line (kind
--      refactor.nianbao.newDraft, a command), and not in the body;
--   2. run as a user runs it (vim.lsp.buf.code_action, the one action filtered and applied):
--      Neovim applies workspace/applyEdit (CreateFile 2024.txt + the text) and
--      window/showDocument opens the draft in the current window;
--   3. the draft is what `nianbao new` writes; saved, the server checks it: NB040 markers and
--      NB024 blanks, no error, no warning.
-- Run through editors/nvim/test/draft.sh (sets NB_SERVER, NB_SOURCE, NB_EXPECTED, NB_JSON).
local lib = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'lib.lua')
local env, emit, check, finish, TIMEOUT = lib.env, lib.emit, lib.check, lib.finish, lib.TIMEOUT
local SERVER, SOURCE, EXPECTED = env('NB_SERVER'), env('NB_SOURCE'), env('NB_EXPECTED')
local function read(path)
  local f = io.open(path, 'r')
  if not f then return nil end
  local s = f:read('*a')
  f:close()
  return s
end
-- texts compared without the line break at the end (Neovim writes one; the example has none)
local function chomp(s) return s and (s:gsub('\n$', '')) or s end
local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

lib.start(SERVER)
if vim.fn.has('nvim-0.11') == 0 then
  check('Neovim 0.11+', false, 'this test needs Neovim 0.11')
  return finish()
end
lib.options()

local ok, err = pcall(function()
  local nianbao = require('nianbao')
  nianbao.setup({ cmd = { SERVER, 'lsp' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(SOURCE))
  local buf = vim.api.nvim_get_current_buf()
  local attached, client = lib.wait_client(nianbao, buf)
  if not check('plugin started the server', attached) then return end
  local caps = client.server_capabilities
  check('the server announces nianbao.newDraft',
    vim.tbl_contains(caps.executeCommandProvider and caps.executeCommandProvider.commands or {}, 'nianbao.newDraft'))

  -- 1. offered on the title line, not in the body
  local function actions_at(line)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = line, character = 2 }, ['end'] = { line = line, character = 2 } },
      context = { diagnostics = {} },
    }
    local res = client:request_sync('textDocument/codeAction', params, TIMEOUT, buf)
    local found = {}
    for _, a in ipairs(res and res.result or {}) do
      if a.kind == 'refactor.nianbao.newDraft' then table.insert(found, a) end
    end
    return found
  end
  local on_title = actions_at(0)
  emit({ event = 'actions', at = 'title', titles = vim.tbl_map(function(a) return a.title end, on_title) })
  check('offered on the title line: 起草下一年度报告（2024）', #on_title == 1 and on_title[1].title == '起草下一年度报告（2024）',
    vim.tbl_map(function(a) return a.title end, on_title))
  check('a command, made when chosen', on_title[1] and on_title[1].command
    and on_title[1].command.command == 'nianbao.newDraft' and on_title[1].edit == nil)
  check('not offered in the body (line 5)', #actions_at(4) == 0)

  -- 2. run it as a user does
  vim.api.nvim_win_set_cursor(0, { 1, 3 })
  vim.lsp.buf.code_action({
    filter = function(a) return a.kind == 'refactor.nianbao.newDraft' end,
    apply = true,
  })
  local target = vim.fs.joinpath(vim.fs.dirname(SOURCE), '2024.txt')
  local opened = vim.wait(TIMEOUT, function()
    return vim.api.nvim_buf_get_name(0) == target and vim.api.nvim_buf_line_count(0) > 40
  end, 20)
  check('the draft 2024.txt is opened in the current window (window/showDocument)', opened, vim.api.nvim_buf_get_name(0))
  check('the file was created on disk (CreateFile)', vim.uv.fs_stat(target) ~= nil)
  local draft = vim.api.nvim_get_current_buf()
  local expected = read(EXPECTED)
  check('its text is what `nianbao new` writes', buffer_text(draft) == chomp(expected),
    vim.api.nvim_buf_get_lines(draft, 0, 3, false))
  local lines = vim.api.nvim_buf_get_lines(draft, 0, -1, false)
  check('title moved to 2024', lines[1] == '青禾县云岭镇人民政府2024年政府信息公开工作年度报告', lines[1])
  local carried = vim.tbl_filter(function(l) return vim.startswith(l, '二、上年结转') end, lines)[1]
  check('二、上年结转 = 2023 四、结转下年度继续办理', carried == '二、上年结转政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 | ||', carried)
  local marked = #vim.tbl_filter(function(l) return l:find('【待更新：', 1, true) ~= nil end, lines)
  check('the prose is marked 【待更新：…】', marked >= 5, marked)
  check('the source buffer is unchanged', not vim.bo[buf].modified)

  -- 3. saved and checked by the server
  vim.cmd('silent write')
  check('saved: the file holds the draft', chomp(read(target)) == chomp(expected))
  local diags
  local checked = vim.wait(TIMEOUT, function()
    diags = vim.diagnostic.get(draft)
    for _, d in ipairs(diags) do
      if d.code == 'NB040' then return true end
    end
    return false
  end, 20)
  local counts = {}
  for _, d in ipairs(diags or {}) do counts[d.code] = (counts[d.code] or 0) + 1 end
  emit({ event = 'diagnostics', counts = counts })
  check('the server checks the draft: NB040 markers', checked, counts)
  local bad = vim.tbl_filter(function(d)
    return d.severity == vim.diagnostic.severity.ERROR or d.severity == vim.diagnostic.severity.WARN
  end, diags or {})
  check('no error, no warning in the draft', #bad == 0, vim.tbl_map(function(d) return d.code .. ' ' .. d.message end, bad))
end)
if not ok then check('test ran to its end', false, tostring(err)) end
finish()
