-- nianbao for Neovim: starts `nianbao lsp` for buffers that look like a government
-- information-disclosure annual report (政府信息公开工作年度报告), whatever their filetype.
--
--   require('nianbao').setup({
--     cmd = { 'nianbao', 'lsp' },          -- the server (default: `nianbao` on PATH)
--     settings = { disabledChecks = {}, severityOverrides = { NB024 = 'hint' } },
--     keymaps = true,                      -- buffer-local maps below; false: none
--     on_attach = function(client, bufnr) end,
--     capabilities = nil,                  -- e.g. from cmp_nvim_lsp
--   })
--
-- Commands: :NianbaoFixAll (source.fixAll.nianbao: every safe fix in the buffer),
-- :NianbaoFixTable (quickfix.nianbao.table: the safe fixes of the table under the cursor).
-- Code lenses above tables 三 and 四 (vim.lsp.codelens.run() on the lens's line fixes the table);
-- completion of totals and of the empty tables (0.11+: vim.lsp.completion; <C-x><C-o>).
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and 0.8+ (vim.lsp.start).
-- :checkhealth nianbao (lua/nianbao/health.lua) and :help nianbao (doc/nianbao.txt).
local M = {}

-- A cheap pre-filter, not the server's test: every annual report names 政府信息 (its title, the
-- headings of sections 二 and 三, the rows of table 三). The server decides which buffers are
-- reports (nianbao::corpus::identify: a title line, the section headings, the tables' header
-- lines) and leaves the others without diagnostics. Kept in step with editors/vscode (MARKERS).
M.markers = { '政府信息' }
M.fix_all_kind = 'source.fixAll.nianbao'
M.table_kind = 'quickfix.nianbao.table'

local defaults = {
  cmd = { 'nianbao', 'lsp' },
  settings = { disabledChecks = {}, severityOverrides = {} },
  keymaps = true,
  on_attach = nil,
  capabilities = nil,
  root_markers = { '.git' },
  max_lines = 50000, -- buffers longer than this are not scanned for the markers
  -- 0.11+: vim.lsp.completion for the server's items (totals, empty tables); false: leave
  -- completion to your own setup. { autotrigger = true } also opens it on a space.
  completion = true,
}

M.config = vim.deepcopy(defaults)
M.setup_called = false
local clients = {} -- root_dir -> client id (0.7 path)
local group

local function notify(msg, level)
  vim.notify('nianbao: ' .. msg, level or vim.log.levels.INFO)
end

--- true when the text may be a report (one of the markers; the server decides)
function M.looks_like_report(text)
  for _, m in ipairs(M.markers) do
    if text:find(m, 1, true) then return true end
  end
  return false
end

function M.buffer_looks_like_report(bufnr)
  if not vim.api.nvim_buf_is_loaded(bufnr) then return false end
  if vim.bo[bufnr].buftype ~= '' then return false end
  local count = vim.api.nvim_buf_line_count(bufnr)
  if count > M.config.max_lines then return false end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  return M.looks_like_report(table.concat(lines, '\n'))
end

--- the nianbao client attached to bufnr, or nil
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local list = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr, name = 'nianbao' })
    or vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(list) do
    if c.name == 'nianbao' then return c end
  end
  return nil
end

local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers or {}) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then found = vim.fn.findfile(marker, dir .. ';') end
    if found ~= '' then return vim.fn.fnamemodify(found, ':p:h:h') end
  end
  return dir
end

local function set_keymaps(bufnr)
  local maps = M.config.keymaps
  if not maps then return end
  if maps == true then
    maps = { code_action = '<localleader>a', fix_all = '<localleader>f', fix_table = '<localleader>t' }
  end
  local function map(lhs, rhs, desc)
    if lhs then vim.keymap.set('n', lhs, rhs, { buffer = bufnr, desc = desc, silent = true }) end
  end
  map(maps.code_action, vim.lsp.buf.code_action, 'nianbao: code actions')
  map(maps.fix_all, function() M.fix_all(bufnr) end, 'nianbao: fix all totals')
  map(maps.fix_table, function() M.fix_table(bufnr) end, 'nianbao: fix this table')
end

-- Code lenses above tables 三 and 四, asked for again as the buffer changes; on 0.11+ completion
-- through vim.lsp.completion, which applies an item as the server means it (the total replacing
-- the cell's number, an empty table inserted as lines).
local function authoring(client, bufnr)
  local caps = client.server_capabilities or {}
  if caps.codeLensProvider and vim.lsp.codelens then
    local refresh = function()
      if vim.api.nvim_get_current_buf() == bufnr then pcall(vim.lsp.codelens.refresh, { bufnr = bufnr }) end
    end
    local lens_group = vim.api.nvim_create_augroup('nianbao_lens_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged' },
      { group = lens_group, buffer = bufnr, callback = refresh })
    refresh()
  end
  local completion = M.config.completion
  if completion and caps.completionProvider and vim.lsp.completion and vim.lsp.completion.enable then
    local autotrigger = type(completion) == 'table' and completion.autotrigger or false
    vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = autotrigger })
  end
end

local function make_config(bufnr)
  local settings = vim.deepcopy(M.config.settings or {})
  local capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities()
  return {
    name = 'nianbao',
    cmd = M.config.cmd,
    root_dir = root_dir(bufnr),
    -- the server reads them from initializationOptions, from didChangeConfiguration and,
    -- when asked, from workspace/configuration (section `nianbao`): Neovim answers that
    -- request from `settings`
    init_options = settings,
    settings = { nianbao = settings },
    capabilities = capabilities,
    on_attach = function(client, b)
      set_keymaps(b)
      authoring(client, b)
      if M.config.on_attach then M.config.on_attach(client, b) end
    end,
  }
end

--- start (or reuse) the server for bufnr and attach it; returns the client id
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local existing = M.get_client(bufnr)
  if existing then return existing.id end
  local exe = M.config.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    if not M._missing_reported then
      M._missing_reported = true
      notify(('server `%s` not found: install it with `cargo install --path .` in the nianbao repository, '
        .. 'or pass cmd = { "/path/to/nianbao", "lsp" } to setup()'):format(exe), vim.log.levels.WARN)
    end
    return nil
  end
  local config = make_config(bufnr)
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root_dir
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.get_client_by_id(id).is_stopped() then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

--- attach when bufnr looks like a report and has no nianbao client yet
function M.maybe_attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if M.get_client(bufnr) then return end
  if M.buffer_looks_like_report(bufnr) then return M.attach(bufnr) end
end

local function offset_encoding(client)
  return client.offset_encoding or 'utf-16'
end

local function request(client, bufnr, method, params, timeout)
  if vim.fn.has('nvim-0.10') == 1 then
    return client:request_sync(method, params, timeout, bufnr)
  end
  return client.request_sync(method, params, timeout, bufnr)
end

local function execute(client, command, bufnr)
  if vim.fn.has('nvim-0.10') == 1 then
    return client:request('workspace/executeCommand', command, nil, bufnr)
  end
  return client.request('workspace/executeCommand', command, nil, bufnr)
end

-- requests code actions of `kind` for `range` (LSP range) and applies their edits;
-- returns the number of actions applied
local function apply_kind(bufnr, kind, range)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.get_client(bufnr)
  if not client then
    notify('no nianbao language server attached to this buffer', vim.log.levels.WARN)
    return 0
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = {}, only = { kind } },
  }
  local res = request(client, bufnr, 'textDocument/codeAction', params, 5000)
  if not res or res.err then
    notify('code action request failed: ' .. vim.inspect(res and res.err or 'timeout'), vim.log.levels.ERROR)
    return 0
  end
  local applied = 0
  for _, action in ipairs(res.result or {}) do
    local k = action.kind or ''
    if k == kind or k:sub(1, #kind + 1) == kind .. '.' then
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, offset_encoding(client))
        applied = applied + 1
      end
      local cmd = type(action.command) == 'table' and action.command or nil
      if cmd then execute(client, cmd, bufnr) end
    end
  end
  if applied == 0 then notify('nothing to fix') end
  return applied
end

--- :NianbaoFixAll — applies source.fixAll.nianbao (every safe fix in the buffer)
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local last = vim.api.nvim_buf_line_count(bufnr)
  local range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } }
  return apply_kind(bufnr, M.fix_all_kind, range)
end

--- :NianbaoFixTable — applies quickfix.nianbao.table at the cursor
function M.fix_table(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.get_client(bufnr)
  if not client then
    notify('no nianbao language server attached to this buffer', vim.log.levels.WARN)
    return 0
  end
  local params = vim.lsp.util.make_range_params(0, offset_encoding(client))
  return apply_kind(bufnr, M.table_kind, params.range)
end

function M.setup(opts)
  opts = opts or {}
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts)
  if opts.settings then
    -- accept lspconfig's shape too: settings = { nianbao = { ... } }
    M.config.settings = vim.deepcopy(opts.settings.nianbao or opts.settings)
  end
  if opts.cmd then M.config.cmd = opts.cmd end
  M._missing_reported = false
  M.setup_called = true -- read by :checkhealth nianbao (lua/nianbao/health.lua)

  group = vim.api.nvim_create_augroup('nianbao', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufWritePost', 'FileType' }, {
    group = group,
    callback = function(args) M.maybe_attach(args.buf) end,
  })
  -- a buffer that becomes a report while being edited (pasted text, a new file)
  vim.api.nvim_create_autocmd({ 'InsertLeave', 'TextChanged' }, {
    group = group,
    callback = function(args)
      if not M.get_client(args.buf) then M.maybe_attach(args.buf) end
    end,
  })
  vim.api.nvim_create_user_command('NianbaoFixAll', function() M.fix_all(0) end,
    { desc = 'nianbao: apply every safe fix in this buffer (source.fixAll.nianbao)' })
  vim.api.nvim_create_user_command('NianbaoFixTable', function() M.fix_table(0) end,
    { desc = 'nianbao: apply the safe fixes of the table under the cursor' })
  vim.api.nvim_create_user_command('NianbaoAttach', function() M.attach(0) end,
    { desc = 'nianbao: start the language server for this buffer, report or not' })

  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) then M.maybe_attach(b) end
  end
end

return M
