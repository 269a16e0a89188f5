-- Headless test: the plugin installed as a Neovim package (pack/nianbao/start/nianbao ->
-- editors/nvim, nothing else on 'packpath'/'runtimepath' but Neovim's own runtime), then
-- :checkhealth nianbao, :help nianbao. Neovim 0.7 and 0.11+.
--
-- Run through editors/nvim/test/health.sh, which sets:
--   NB_CASE     `found`: the real server; `missing`: setup() with a binary that does not exist
--   NB_SERVER   the nianbao binary (absolute; for `found`, also on PATH as `nianbao`)
--   NB_PACKAGE  <packpath>/pack/nianbao/start/nianbao
--   NB_REPORT   a scratch copy of examples/unbalanced.txt
--   NB_JSON     where to append the JSON-lines report ("" = stdout)
--   NB_TIMEOUT_MS
-- Exit status 0 only if every check passed.
local lib = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'lib.lua')
local env, emit, check, finish, TIMEOUT = lib.env, lib.emit, lib.check, lib.finish, lib.TIMEOUT
local CASE, SERVER, PACKAGE, REPORT = env('NB_CASE', 'found'), env('NB_SERVER'), env('NB_PACKAGE'), env('NB_REPORT')
local api = vim.api
-- the JSON file is appended to: health.sh runs the two cases into one report
lib.setup({ case = CASE, append = true })
lib.start(SERVER)

lib.options({ shortmess = false })

local function starts_with(s, prefix) return s:sub(1, #prefix) == prefix end
local function resolve(p) return vim.fn.resolve(vim.fn.fnamemodify(p, ':p')):gsub('/$', '') end

-- :checkhealth nianbao; returns its lines and the items {status, text} (0.7: "  - OK: text";
-- 0.10+: "- ✅ OK text", info lines without a status word)
local function checkhealth()
  local ok, err = pcall(vim.cmd, 'checkhealth nianbao')
  local lines = api.nvim_buf_get_lines(0, 0, -1, false)
  local items = {}
  for _, l in ipairs(lines) do
    local status, text = l:match('^%s*%- [^%w]*(%u%u+):? (.*)$')
    if status == 'OK' or status == 'WARNING' or status == 'ERROR' or status == 'INFO' then
      table.insert(items, { status = status, text = text })
    end
  end
  emit({ event = 'checkhealth', ok = ok, err = ok and vim.NIL or tostring(err), filetype = vim.bo.filetype, lines = lines })
  return ok, lines, items, err
end
local function find(items, status, needle)
  for _, it in ipairs(items) do
    if it.status == status and it.text:find(needle, 1, true) then return it end
  end
  return nil
end
local function count(items, status)
  local n = 0
  for _, it in ipairs(items) do if it.status == status then n = n + 1 end end
  return n
end
local function texts(items, status)
  local t = {}
  for _, it in ipairs(items) do if it.status == status then table.insert(t, it.text) end end
  return t
end

-- ------------------------------------------------------------------ the package layout
local pkg = resolve(PACKAGE)
-- (0.9+ keep 'runtimepath' entries like <packpath>/pack/*/start/*: list the expanded paths)
local rtp = api.nvim_list_runtime_paths()
local in_rtp = false
for _, p in ipairs(rtp) do
  if resolve(p) == pkg then in_rtp = true end
end
check("pack/nianbao/start/nianbao is on the runtime path (loaded as a start package)", in_rtp, rtp)
local foreign = {}
local vimruntime = resolve(vim.env.VIMRUNTIME)
local prefix_lib = resolve(vim.fn.fnamemodify(vim.v.progpath, ':p:h:h') .. '/lib/nvim')
for _, p in ipairs(rtp) do
  local r = resolve(p)
  if not (r == pkg or starts_with(r, vimruntime) or r == prefix_lib) then table.insert(foreign, p) end
end
check("nothing else on the runtime path but Neovim's own runtime", #foreign == 0, foreign)
check('plugin/nianbao.lua was sourced at startup', vim.g.loaded_nianbao == true)
local init = api.nvim_get_runtime_file('lua/nianbao/init.lua', true)
check('lua/nianbao/init.lua found once, in the package', #init == 1 and starts_with(resolve(init[1]), pkg), init)
local nianbao = require('nianbao')

if CASE == 'found' then
  -- ---------------------------------------------------------------- before setup()
  local ok, _, items, err = checkhealth()
  check(':checkhealth nianbao before setup() runs', ok and vim.bo.filetype == 'checkhealth', err)
  check('before setup(): WARNING setup() was not called', find(items, 'WARNING', 'setup() was not called') ~= nil,
    texts(items, 'WARNING'))
  check('before setup(): OK binary `nianbao` found on PATH (default cmd)',
    find(items, 'OK', 'binary: ') ~= nil and find(items, 'OK', '(default cmd: nianbao lsp)') ~= nil,
    texts(items, 'OK'))
  check('before setup(): no ERROR', count(items, 'ERROR') == 0, texts(items, 'ERROR'))

  -- ---------------------------------------------------------------- setup() + a report
  nianbao.setup({ cmd = { SERVER, 'lsp' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(REPORT))
  local buf = api.nvim_get_current_buf()
  local attached, client = lib.wait_client(nianbao, buf)
  if not check('setup() started the server for the report', attached) then return finish() end
  local got = vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == 'NB101' then return true end
    end
    return false
  end, 20)
  check('diagnostics arrived (NB101)', got)
  local ndiag = #vim.diagnostic.get(buf)

  local lines
  ok, lines, items, err = checkhealth()
  local all = table.concat(lines, '\n')
  check(':checkhealth nianbao runs (health buffer shown)', ok and vim.bo.filetype == 'checkhealth', err)
  check('no ERROR lines', count(items, 'ERROR') == 0 and not all:find('Failed to run healthcheck', 1, true),
    texts(items, 'ERROR'))
  check('no WARNING lines', count(items, 'WARNING') == 0, texts(items, 'WARNING'))
  check('OK setup() called', find(items, 'OK', 'setup() called') ~= nil)
  check('OK binary: the cmd given to setup()', find(items, 'OK', 'binary: ' .. SERVER) ~= nil
    and find(items, 'OK', '(cmd given to setup(): ' .. SERVER .. ' lsp)') ~= nil, texts(items, 'OK'))
  local version = find(items, 'OK', 'version: ')
  check('OK version: `nianbao <version>` (from --version)',
    version ~= nil and version.text:match('^version: nianbao %S') ~= nil, version and version.text or vim.NIL)
  check(('OK client %d attached to the report buffer: running'):format(client.id),
    find(items, 'OK', ('client %d attached to buffer %d'):format(client.id, buf)) ~= nil
    and find(items, 'OK', ': running') ~= nil, texts(items, 'OK'))
  local enc = client.offset_encoding or 'utf-16'
  check('offset encoding reported (' .. enc .. ')', all:find('offset encoding: ' .. enc, 1, true) ~= nil)
  check(('number of diagnostics on the buffer reported (%d)'):format(ndiag),
    all:find((': %d (%d errors'):format(ndiag, #vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR })), 1, true) ~= nil)

  -- ---------------------------------------------------------------- :help nianbao
  local docdir = pkg .. '/doc'
  local hok, herr = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(docdir))
  check(':helptags on the package doc/', hok, herr)
  local helps = {}
  for _, tag in ipairs({ 'nianbao', 'nianbao-health', ':NianbaoFixAll', 'nianbao.setup()' }) do
    local ok2 = pcall(vim.cmd, 'help ' .. tag)
    local name = api.nvim_buf_get_name(0)
    helps[tag] = ok2 and vim.bo.buftype == 'help' and name:find('nianbao.txt$') ~= nil
    if ok2 and vim.bo.buftype == 'help' then vim.cmd('close') end
  end
  check(':help nianbao, nianbao-health, :NianbaoFixAll, nianbao.setup() open doc/nianbao.txt',
    helps['nianbao'] and helps['nianbao-health'] and helps[':NianbaoFixAll'] and helps['nianbao.setup()'], helps)

  -- ---------------------------------------------------------------- shutdown
  local id = client.id
  vim.lsp.stop_client(id)
  check('server stopped', vim.wait(TIMEOUT, function() return vim.lsp.get_client_by_id(id) == nil end, 20))
else
  -- ---------------------------------------------------------------- a binary that does not exist
  local notes = {}
  local orig_notify = vim.notify
  vim.notify = function(msg, level, opts)
    table.insert(notes, msg)
    return orig_notify(msg, level, opts)
  end
  nianbao.setup({ cmd = { SERVER, 'lsp' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(REPORT))
  local buf = api.nvim_get_current_buf()
  check('no client started', nianbao.get_client(buf) == nil)
  check('the plugin said the server was not found', #notes > 0 and notes[1]:find('not found', 1, true) ~= nil, notes)
  local ok, lines, items, err = checkhealth()
  local all = table.concat(lines, '\n')
  check(':checkhealth nianbao runs (no crash)', ok and vim.bo.filetype == 'checkhealth'
    and not all:find('Failed to run healthcheck', 1, true), err)
  check('ERROR server binary not found, naming it', find(items, 'ERROR', 'server binary not found: `' .. SERVER) ~= nil,
    texts(items, 'ERROR'))
  check('ERROR the report buffer cannot get a server', find(items, 'ERROR', ('buffer %d'):format(buf)) ~= nil,
    texts(items, 'ERROR'))
  check('no OK binary/version line', find(items, 'OK', 'binary: ') == nil and find(items, 'OK', 'version: ') == nil)
  check('Neovim still responsive after the check', vim.fn.eval('1+1') == 2)
end
finish()
