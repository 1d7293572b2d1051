#!/usr/bin/env bash
# Neovim (Debian's package) headless as the language client: it starts `iamlint lsp` on a
# fixture, and the diagnostics it received are printed and compared with the expected lines.
# usage: neovim.sh IAMLINT SOURCE_DIR   (exit 77: nvim is not installed; CI installs it)
set -euo pipefail
iamlint=$(realpath "$1")
root=$(cd "$2" && pwd)
command -v nvim >/dev/null || { echo "nvim not installed: skipped"; exit 77; }
nvim --version | head -1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/tests/lsp/fixtures/main.tf" "$work/main.tf"

# -u NONE: no user configuration or plugins; the file type is unset, so the server picks the
# language from the file name.
got=$(cd "$work" && HOME=$work XDG_STATE_HOME=$work XDG_CACHE_HOME=$work IAMLINT=$iamlint \
  IAMLINT_LSP_FILE=$work/main.tf timeout 90 nvim --headless -u NONE -i NONE -n \
  -c "lua local ok, e = pcall(dofile, '$root/tests/lsp/neovim.lua')
        if not ok then io.stdout:write(tostring(e) .. '\\n'); vim.cmd('cquit 1') end" \
  </dev/null 2>&1) || {
  echo "nvim failed:"; echo "$got"; exit 1; }
echo "$got"

fail=0
while IFS= read -r line; do
  # Each expected line is the start of a received one (counts in messages follow the catalog).
  awk -v want="$line" 'index($0, want) == 1 { found = 1 } END { exit !found }' <<<"$got" ||
    { echo "missing: $line"; fail=1; }
done <<'EXPECTED'
main.tf:12:25: Error IAM103 's3:GetObjekt' is not an action of Amazon S3
main.tf:15:56: Error IAM202 'ec2:*' grants all
main.tf:19:20: Error IAM201 statement 'Admin' grants every action on every resource: full administrator access
EXPECTED
# Byte columns (Neovim's): the 🚀 before ec2:* is 4 bytes, sent as 2 UTF-16 units.
[[ $fail == 0 ]] && echo "neovim: the expected diagnostics were received"
exit $fail
