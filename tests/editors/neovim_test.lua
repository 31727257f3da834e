-- Driven by tests/editors/test_neovim.py: Neovim's built-in LSP client on `minis-py server`, as a user would have it.
-- Open a file, wait for the finding, pick its fix from the code action menu (vim.ui.select), wait for it to clear.
-- Everything it saw goes to $MINIS_NVIM_OUT as JSON; it quits in any case.
local out = os.getenv('MINIS_NVIM_OUT')
local result = { steps = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qa!')
end

local ok, problem = pcall(function()
  local client = vim.lsp.start_client({
    name = 'minis-py',
    cmd = { os.getenv('MINIS_PYTHON'), '-m', 'minis_cli', 'server' },
    root_dir = os.getenv('MINIS_ROOT'),
    settings = { ['minis-py'] = { debounce = 50 } },
    flags = { debounce_text_changes = 50 },
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('MINIS_FILE')))
  vim.lsp.buf_attach_client(0, client)
  table.insert(result.steps, 'attached')

  if not vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 50) then
    error('no diagnostics')
  end
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, source = d.source,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href,
    })
  end
  local first = vim.diagnostic.get(0)[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })

  -- hover on the finding
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', vim.lsp.util.make_position_params(), 20000)
  for _, response in pairs(hover or {}) do
    if response.result then result.hover = response.result.contents.value end
  end

  -- the code action menu: the user picks the fix
  local chosen = false
  vim.ui.select = function(items, opts, on_choice)
    result.titles = {}
    local pick
    for _, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(result.titles, title)
      if not pick and title:find('^Fix ' .. os.getenv('MINIS_RULE')) then pick = item end
    end
    chosen = true
    on_choice(pick)
  end
  vim.lsp.buf.code_action()
  if not vim.wait(30000, function() return chosen end, 50) then error('no code actions') end
  table.insert(result.steps, 'applied')

  result.cleared = vim.wait(90000, function() return #vim.diagnostic.get(0) == 0 end, 50)
  result.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end)
if not ok then result.error = tostring(problem) end
finish()
