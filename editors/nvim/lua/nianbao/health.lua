-- :checkhealth nianbao
--
-- Reports: Neovim's version and where the plugin was loaded from, whether setup() was
-- called, the server binary (setup's `cmd`, else `nianbao` on PATH) and its `--version`,
-- and the language server of the buffer you were in (attached or not, client id, running,
-- offset encoding, diagnostics on that buffer).
--
-- Neovim 0.10+: vim.health.start/ok/warn/error/info. 0.8/0.9: vim.health.report_*. 0.7:
-- runtime/lua/health.lua (report_*), found by :checkhealth as lua/nianbao/health.lua.
local M = {}

local api = vim.api

local function reporter()
  local ok, h = pcall(require, 'vim.health')
  if not ok or type(h) ~= 'table' or not (h.start or h.report_start) then
    ok, h = pcall(require, 'health') -- Neovim 0.7
  end
  if not ok or type(h) ~= 'table' then h = {} end
  local function pick(new, old)
    local f = h[new] or h[old]
    if f then return f end
    -- last resort (should not happen): the Vimscript functions that 0.7's health.lua wraps
    return function(...) return vim.fn['health#' .. old](...) end
  end
  return {
    start = pick('start', 'report_start'),
    ok = pick('ok', 'report_ok'),
    info = pick('info', 'report_info'),
    warn = pick('warn', 'report_warn'),
    error = pick('error', 'report_error'),
  }
end

local function has(feature) return vim.fn.has(feature) == 1 end

local function list_clients()
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ name = 'nianbao' })
  else
    all = vim.lsp.get_active_clients()
  end
  local out = {}
  for _, c in pairs(all or {}) do
    if c.name == 'nianbao' then table.insert(out, c) end
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out
end

local function is_stopped(client)
  local ok, stopped
  if has('nvim-0.10') then
    ok, stopped = pcall(function() return client:is_stopped() end)
  else
    ok, stopped = pcall(client.is_stopped)
  end
  return ok and stopped or false
end

local function buf_label(bufnr)
  local name = api.nvim_buf_get_name(bufnr)
  if name == '' then return ('buffer %d (no name)'):format(bufnr) end
  return ('buffer %d (%s)'):format(bufnr, vim.fn.fnamemodify(name, ':~:.'))
end

local function attached_buffers(client)
  local bufs = {}
  for b, on in pairs(client.attached_buffers or {}) do
    if on and api.nvim_buf_is_valid(b) then table.insert(bufs, b) end
  end
  table.sort(bufs)
  return bufs
end

-- :checkhealth runs in a new scratch buffer (a new tab, the current window when that showed
-- an empty buffer, or a float): the buffer the user was in is the alternate one, else the one
-- of the previous window or of the previous tab page.
local function user_buffer()
  local function usable(b)
    return b and b > 0 and api.nvim_buf_is_valid(b) and vim.bo[b].buftype == ''
      and vim.bo[b].filetype ~= 'checkhealth'
  end
  local cur = api.nvim_get_current_buf()
  if usable(cur) then return cur end
  local alt = vim.fn.bufnr('#')
  if usable(alt) then return alt end
  local prev_win = vim.fn.win_getid(vim.fn.winnr('#')) -- 0.10+ with vim.g.health = { style = 'float' }
  if prev_win ~= 0 and usable(api.nvim_win_get_buf(prev_win)) then return api.nvim_win_get_buf(prev_win) end
  local prev = vim.fn.tabpagenr('#')
  local tabs = api.nvim_list_tabpages()
  if prev > 0 and tabs[prev] then
    local b = api.nvim_win_get_buf(api.nvim_tabpage_get_win(tabs[prev]))
    if usable(b) then return b end
  end
  return nil
end

-- diagnostics published (push) or pulled by this client on bufnr, by severity
local function count_diagnostics(client, bufnr)
  local names = {
    ['vim.lsp.nianbao.' .. client.id] = true, -- push (0.7+)
  }
  local total, by = 0, { 0, 0, 0, 0 }
  local seen = false
  for name, ns in pairs(api.nvim_get_namespaces()) do
    if names[name] or name:find('^vim%.lsp%.nianbao%.' .. client.id .. '%.') then -- pull (0.10+)
      seen = true
      for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
        total = total + 1
        by[d.severity] = (by[d.severity] or 0) + 1
      end
    end
  end
  return total, by, seen
end

-- runs argv, returns (exit code or nil on timeout/failure to start, stdout, stderr)
local function run(argv, timeout)
  local out, err = {}, {}
  local ok, job = pcall(vim.fn.jobstart, argv, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data) out = data or {} end,
    on_stderr = function(_, data) err = data or {} end,
  })
  if not ok then return nil, '', tostring(job) end
  if job <= 0 then return nil, '', job == 0 and 'invalid arguments' or 'not executable' end
  local code = vim.fn.jobwait({ job }, timeout)[1]
  if code == -1 then
    pcall(vim.fn.jobstop, job)
    return nil, '', ('no answer within %d ms'):format(timeout)
  end
  -- a buffered on_stdout can arrive just after jobwait returns: give it a moment
  vim.wait(100, function() return #out > 0 end, 10)
  return code, table.concat(out, '\n'), table.concat(err, '\n')
end

local function check_neovim(h, nianbao)
  h.start('nianbao: Neovim and plugin')
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if has('nvim-0.7') then
    h.ok(('Neovim %s (the plugin supports 0.7 and later; tested with 0.7.2 and 0.11.4)'):format(version))
  else
    h.error(('Neovim %s is too old: the plugin needs 0.7 or later'):format(version))
  end
  local src = debug.getinfo(1, 'S').source:gsub('^@', '')
  h.info('plugin loaded from ' .. vim.fn.fnamemodify(src, ':p:h:h:h'))
  if #api.nvim_get_runtime_file('doc/nianbao.txt', false) > 0 then
    local tags = vim.fn.getcompletion('nianbao', 'help')
    if vim.tbl_contains(tags, 'nianbao') then
      h.ok('help: :help nianbao')
    else
      local doc = vim.fn.fnamemodify(api.nvim_get_runtime_file('doc/nianbao.txt', false)[1], ':h')
      h.info(('help tags not generated: run :helptags %s for :help nianbao'):format(vim.fn.fnameescape(doc)))
    end
  end
  if nianbao.setup_called then
    h.ok("setup() called: the server starts for buffers that look like a report")
  else
    h.warn('setup() was not called: the plugin starts nothing', {
      "call require('nianbao').setup({}) in your init.lua",
      "lazy.nvim: config = function() require('nianbao').setup({}) end",
    })
  end
end

-- returns the binary's path when found
local function check_binary(h, nianbao)
  h.start('nianbao: server binary')
  local cmd = nianbao.config.cmd
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' or cmd[1] == '' then
    h.error(('cmd must be a list like { "nianbao", "lsp" }, got %s'):format(vim.inspect(cmd)))
    return nil
  end
  local from = (nianbao.setup_called and 'cmd given to setup(): ' or 'default cmd: ')
    .. table.concat(vim.tbl_map(tostring, cmd), ' ')
  local exe = cmd[1]
  local path = vim.fn.exepath(exe)
  if path == '' or vim.fn.executable(exe) ~= 1 then
    local where = exe:find('/', 1, true) and ('`%s` does not exist or is not executable'):format(exe)
      or ('`%s` is not on PATH'):format(exe)
    h.error(('server binary not found: %s (%s)'):format(where, from), {
      'install it: cargo install --path . (in the nianbao repository), or',
      "pass the binary to setup: require('nianbao').setup({ cmd = { '/path/to/nianbao', 'lsp' } })",
    })
    return nil
  end
  h.ok(('binary: %s (%s)'):format(path, from))
  if not vim.tbl_contains(cmd, 'lsp') then
    h.warn('cmd has no `lsp` argument: the language server is `nianbao lsp`')
  end

  local code, out, err = run({ path, '--version' }, 5000)
  local first = (out:match('[^\n]+') or ''):gsub('%s+$', '')
  if code == nil then
    h.error(('`%s --version` failed: %s'):format(path, err))
  elseif code ~= 0 then
    h.error(('`%s --version` exited with %d: %s'):format(path, code, (err ~= '' and err or out):sub(1, 200)))
  elseif first:match('^nianbao%s+%S') then
    h.ok('version: ' .. first)
  else
    h.warn(('`%s --version` printed %q: is this nianbao?'):format(path, first:sub(1, 200)))
  end
  return path
end

local function check_server(h, nianbao, path)
  h.start('nianbao: language server')
  local clients = list_clients()
  local bufnr = user_buffer()
  local mine
  if bufnr then
    mine = nianbao.get_client(bufnr)
    local label = buf_label(bufnr)
    if mine then
      local stopped = is_stopped(mine)
      local state = stopped and 'stopped' or (mine.initialized and 'running' or 'starting (not initialized yet)')
      local report = stopped and h.error or (mine.initialized and h.ok or h.warn)
      report(('client %d attached to %s: %s'):format(mine.id, label, state))
      local info = mine.server_info or {}
      local cfg = mine.config or {}
      h.info(('client %d: cmd %s, root %s%s'):format(mine.id,
        type(cfg.cmd) == 'table' and table.concat(cfg.cmd, ' ') or tostring(cfg.cmd),
        tostring(cfg.root_dir or (mine.workspace_folders and mine.workspace_folders[1] and mine.workspace_folders[1].name)),
        info.name and (', server ' .. info.name .. ' ' .. (info.version or '')) or ''))
      h.info(('offset encoding: %s'):format(mine.offset_encoding or 'utf-16'))
      local total, by, seen = count_diagnostics(mine, bufnr)
      local mode = (mine.server_capabilities or {}).diagnosticProvider and 'pulled' or 'published'
      if seen then
        h.info(('diagnostics on %s: %d (%d errors, %d warnings, %d info, %d hints; %s)'):format(
          label, total, by[1] or 0, by[2] or 0, by[3] or 0, by[4] or 0, mode))
      else
        h.info(('diagnostics on %s: none received yet'):format(label))
      end
    elseif not nianbao.setup_called then
      h.info(('no client on %s: setup() was not called'):format(label))
    elseif nianbao.buffer_looks_like_report(bufnr) then
      if path then
        h.warn(('%s looks like a report but no server is attached'):format(label),
          { ':NianbaoAttach starts it; :LspLog (0.11) or :lua vim.cmd.edit(vim.lsp.get_log_path()) shows why it stopped' })
      else
        h.error(('%s looks like a report but the server cannot start: binary not found (above)'):format(label))
      end
    else
      h.info(('not started for %s: it does not look like a report (none of %s); :NianbaoAttach starts it anyway')
        :format(label, table.concat(nianbao.markers, ', ')))
    end
  else
    h.info('no file buffer to check (run :checkhealth nianbao from a report)')
  end

  local others = {}
  for _, c in ipairs(clients) do
    if not mine or c.id ~= mine.id then
      local bufs = attached_buffers(c)
      table.insert(others, ('%d (%s, %d buffer%s)'):format(c.id, is_stopped(c) and 'stopped' or 'running',
        #bufs, #bufs == 1 and '' or 's'))
    end
  end
  if #clients == 0 then
    h.info('no nianbao language server running')
  elseif #others > 0 then
    h.info((mine and 'other nianbao clients: ' or 'nianbao clients: ') .. table.concat(others, ', '))
  end
end

function M.check()
  local h = reporter()
  local ok, nianbao = pcall(require, 'nianbao')
  if not ok then
    h.start('nianbao')
    h.error('cannot load the plugin: ' .. tostring(nianbao))
    return
  end
  check_neovim(h, nianbao)
  local path = check_binary(h, nianbao)
  check_server(h, nianbao, path)
end

return M
