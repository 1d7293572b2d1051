#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by `pre-commit try-repo` in a scratch git
# repository with the built iamlint on PATH (language: system: nothing is installed, no network).
# Needs pre-commit (scripts/setup installs it): skipped without it, except in CI.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.bash" "$@"

if ! command -v pre-commit >/dev/null 2>&1; then
  if [[ -n ${CI:-} ]]; then
    echo "FAIL: pre-commit is not installed (scripts/setup installs it)"
    exit 1
  fi
  echo "SKIP: pre-commit is not installed (scripts/setup installs it)"
  exit 77
fi
# Run from a git hook or a rebase, these would point every git command below at another repo.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export PRE_COMMIT_HOME=$tmp/pre-commit-home
mkdir "$tmp/bin"
ln -s "$(realpath "$iamlint")" "$tmp/bin/iamlint"
export PATH=$tmp/bin:$PATH

git_quiet() { git -c init.defaultBranch=main -c user.name=iamlint -c user.email=iamlint@localhost "$@"; }

# try-repo reads only .pre-commit-hooks.yaml from the hooks repository (language: system
# installs nothing), so a scratch repository holding the file serves most cases: one clone
# each, and it works from a source tree outside git too. The first case uses the source tree
# itself, as a user's try-repo would, when it tracks the file (in CI's clean clone; in a work tree
# with local changes try-repo commits them to a shadow copy).
hooks=$tmp/hooks
mkdir "$hooks"
cp "$src/.pre-commit-hooks.yaml" "$hooks/"
git_quiet -C "$hooks" init -q
git_quiet -C "$hooks" add .pre-commit-hooks.yaml
git_quiet -C "$hooks" commit -q -m hooks
source_hooks=$hooks
if git -C "$src" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1; then
  source_hooks=$src
fi
expect_exit 0 -- pre-commit validate-manifest "$src/.pre-commit-hooks.yaml"

# A project: a policy with a critical finding, a Terraform module whose finding needs its other
# file (the variable's default), a JSON file that is no policy, and the README's config.
proj=$tmp/project
mkdir -p "$proj/iam" "$proj/tf"
cat >"$proj/iam/admin.json" <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "BreakGlass", "Effect": "Allow", "Action": "*", "Resource": "*"}]
}
JSON
cat >"$proj/iam/reader.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
JSON
cat >"$proj/tf/variables.tf" <<'HCL'
variable "actions" {
  default = ["iam:PassRole"]
}
HCL
cat >"$proj/tf/main.tf" <<'HCL'
resource "aws_iam_policy" "deploy" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
HCL
printf '{"name": "not-a-policy", "version": "1.0.0"}\n' >"$proj/package.json"
printf 'notes\n' >"$proj/notes.txt"
cat >"$proj/.pre-commit-config.yaml" <<'YAML'
repos:
  - repo: https://example.com/iamlint.git
    rev: v0.1.0
    hooks:
      - id: iamlint
YAML
git_quiet -C "$proj" init -q
git_quiet -C "$proj" add .
expect_exit 0 -- pre-commit validate-config "$proj/.pre-commit-config.yaml"

# try_repo REPO HOOK ARGS...: pre-commit try-repo in the project.
try_repo() { (cd "$proj" && pre-commit try-repo "$@" --color=never); }

# iamlint (whole repository): one changed .tf file brings its module and every policy along.
expect_exit 1 -- try_repo "$source_hooks" iamlint --files tf/main.tf
expect_in "$out" "iamlint..."
expect_in "$out" "Failed"
expect_in "$out" "tf/main.tf:4:47: high: iam:PassRole is allowed on every role"
expect_in "$out" "iam/admin.json:3:68: critical:"
expect_in "$out" "[IAM201 full-admin]"
expect_not_in "$out" "package.json"
expect_not_in "$out" "error:"
# Not run when no policy-like file changed.
expect_exit 0 -- try_repo "$hooks" iamlint --files notes.txt
expect_in "$out" "(no files to check)Skipped"

# iamlint-files: just the named files.
expect_exit 1 -- try_repo "$hooks" iamlint-files --files iam/admin.json
expect_in "$out" "iamlint (changed files)"
expect_in "$out" "iam/admin.json:3:68: critical:"
expect_not_in "$out" "tf/main.tf"
expect_exit 0 -- try_repo "$hooks" iamlint-files --files iam/reader.json
expect_in "$out" "Passed"

# A clean repository passes.
rm -r "$proj/iam/admin.json" "$proj/tf"
git_quiet -C "$proj" add -A
expect_exit 0 -- try_repo "$hooks" iamlint --all-files
expect_in "$out" "Passed"

finish
