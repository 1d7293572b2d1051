-- Neovim as the client: opens $IAMLINT_LSP_FILE, starts `$IAMLINT lsp` for it, waits for the
-- diagnostics and prints them one per line (FILE:LINE:COL: SEVERITY CODE MESSAGE), then quits.
-- vim.lsp.start is Neovim 0.8+; Debian 12 ships 0.7, where start_client + buf_attach_client is
-- the same thing spelled out.
local iamlint = os.getenv('IAMLINT')
local file = os.getenv('IAMLINT_LSP_FILE')
local function out(line)
  io.stdout:write(line .. '\n')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local config = {
  name = 'iamlint',
  cmd = { iamlint, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, client_id)
end

local got = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 20)
if not got then
  out('no diagnostics received')
  vim.cmd('cquit 1')
end

local names = { 'Error', 'Warning', 'Information', 'Hint' }
local diagnostics = vim.diagnostic.get(buf)
table.sort(diagnostics, function(a, b)
  if a.lnum ~= b.lnum then
    return a.lnum < b.lnum
  end
  if a.col ~= b.col then
    return a.col < b.col
  end
  return tostring(a.code) < tostring(b.code)
end)
for _, d in ipairs(diagnostics) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '-'
  out(string.format('%s:%d:%d: %s %s %s', vim.fn.fnamemodify(file, ':t'), d.lnum + 1, d.col + 1,
    names[d.severity] or tostring(d.severity), code, vim.split(d.message, '\n')[1]))
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
vim.cmd('qall!')
