# Configuration files (.iamlint.yaml / .iamlint.json): discovery, rules, severities, fail-on,
# include/exclude, overrides, accounts, errors, and `iamlint config --show`.
source "$(dirname "$0")/lib.bash" "$@"
iamlint=$(realpath "$iamlint")  # the tests run from inside $tmp

admin='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
noversion='{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}'
clean='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}'
trust='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}}]}'
p="$tmp/proj"
mkdir -p "$p/infra" "$p/vendor/lib" "$p/legacy" "$p/app/testdata"
echo "$admin" >"$p/infra/admin.json"
echo "$noversion" >"$p/infra/noversion.json"
echo "$admin" >"$p/vendor/lib/admin.json"
echo "$admin" >"$p/legacy/admin.json"
echo "$clean" >"$p/app/clean.json"
echo "$admin" >"$p/app/testdata/admin.json"
cd "$tmp" || exit 1

# Without a configuration: every finding, exit 1.
expect_exit 1 -- "$iamlint" check --quiet proj
expect_in "$out" "proj/vendor/lib/admin.json"
expect_in "$out" "IAM105"

# A rule turned off (by id), a whole category off, severity overrides.
printf 'rules:\n  IAM105: off\n' >"$p/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --quiet proj/infra/noversion.json proj/infra/admin.json
expect_not_in "$out" "IAM105"
expect_in "$out" "IAM201"
printf 'rules:\n  validity: off\n' >"$p/.iamlint.yaml"
expect_exit 0 -- "$iamlint" check --quiet proj/infra/noversion.json
expect_not_in "$out" "IAM105"
# --rule names a rule the configuration turns off: asked for by name, it runs.
expect_exit 1 -- "$iamlint" check --quiet --rule IAM105 proj/infra/noversion.json
expect_in "$out" "IAM105"

# fail-on from the configuration, with a severity override deciding the exit code.
printf 'fail-on: high\nrules:\n  full-admin: medium\n' >"$p/.iamlint.yaml"
expect_exit 0 -- "$iamlint" check --quiet proj/infra/admin.json
expect_in "$out" "medium: statement #0 grants every action"
# --fail-on on the command line beats the file's.
expect_exit 1 -- "$iamlint" check --quiet --fail-on medium proj/infra/admin.json
printf 'fail-on: high\n' >"$p/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --quiet proj/infra/admin.json
# The JSON report carries the overridden severity too.
printf 'rules:\n  IAM201: low\n' >"$p/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --format json proj/infra/admin.json
expect_in "$out" '"severity": "low"'

# exclude: excluded directories are not walked; a file named explicitly is still scanned,
# unless --force-exclude (or force-exclude: true) says otherwise.
printf 'exclude: ["vendor/", "**/testdata/**", "legacy/*.json"]\n' >"$p/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --quiet proj
expect_not_in "$out" "vendor"
expect_not_in "$out" "testdata"
expect_not_in "$out" "legacy"
expect_in "$out" "proj/infra/admin.json"
expect_exit 1 -- "$iamlint" check --quiet proj/vendor/lib/admin.json
expect_in "$out" "proj/vendor/lib/admin.json"
expect_exit 0 -- "$iamlint" check --quiet --force-exclude proj/vendor/lib/admin.json
expect_not_in "$out" "IAM201"
printf 'exclude: ["vendor/"]\nforce-exclude: true\n' >"$p/.iamlint.yaml"
expect_exit 0 -- "$iamlint" check --quiet proj/vendor/lib/admin.json proj/app/clean.json
# Relative to the configuration's directory, whatever the current directory.
expect_exit 0 -- bash -c "cd '$p/vendor' && '$iamlint' check --quiet lib/admin.json"

# include: only matching files are scanned by a walk.
printf 'include: ["app/**"]\n' >"$p/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --quiet proj
expect_in "$out" "proj/app/testdata/admin.json"
expect_not_in "$out" "proj/infra"

# Per-path overrides, in order, later wins.
cat >"$p/.iamlint.yaml" <<'YAML'
rules:
  IAM201: high
overrides:
  - paths: ["legacy/**"]
    rules: {IAM201: low}
  - paths: ["legacy/admin.json"]
    rules: {full-admin: info}
YAML
expect_exit 1 -- "$iamlint" check --quiet proj/infra/admin.json proj/legacy/admin.json
expect_in "$out" "proj/infra/admin.json:1:71: high:"
expect_in "$out" "proj/legacy/admin.json:1:71: info:"

# The nearest configuration wins (no merging), and its globs are relative to it.
printf 'rules:\n  IAM201: off\n' >"$p/.iamlint.yaml"
printf '{"rules": {"IAM105": "off"}}\n' >"$p/infra/.iamlint.json"
expect_exit 1 -- "$iamlint" check --quiet proj/infra proj/legacy
expect_in "$out" "proj/infra/admin.json:1:71: critical:"
expect_not_in "$out" "IAM105"
expect_not_in "$out" "proj/legacy"
rm "$p/infra/.iamlint.json"

# --config uses one file for everything; --no-config ignores them all.
printf 'rules:\n  IAM201: info\n' >"$tmp/shared.yaml"
expect_exit 0 -- "$iamlint" check --quiet --config shared.yaml proj/infra/admin.json
expect_in "$out" "info: statement #0"
expect_exit 1 -- "$iamlint" check --quiet --no-config proj/infra/admin.json
expect_in "$out" "critical: statement #0"
expect_exit 2 -- "$iamlint" check --config shared.yaml --no-config proj/infra/admin.json

# Accounts from the configuration make a grant to another account cross-account.
echo "$trust" >"$p/app/trust.json"
printf 'accounts: ["111122223333"]\n' >"$p/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --quiet proj/app/trust.json
expect_in "$out" "IAM241 cross-account"
printf 'accounts: ["111122223333"]\ntrusted-accounts: ["444455556666"]\n' >"$p/.iamlint.yaml"
expect_exit 0 -- "$iamlint" check --quiet proj/app/trust.json
# Two configurations, two sets of scan options in one run.
mkdir -p "$tmp/other" && echo "$trust" >"$tmp/other/trust.json"
printf 'accounts: ["111122223333"]\n' >"$tmp/other/.iamlint.yaml"
expect_exit 1 -- "$iamlint" check --quiet proj/app/trust.json other/trust.json
expect_in "$out" "other/trust.json"
expect_not_in "$out" "proj/app/trust.json"

# A broken configuration: located errors on stderr, exit 2, nothing scanned.
printf 'fail-on: high\nrules:\n  IAM201: loud\ncolour: red\n' >"$p/.iamlint.yaml"
expect_exit 2 -- "$iamlint" check proj/infra/admin.json
expect_in "$err" "proj/.iamlint.yaml:3:11: error: expected off, on or a severity"
expect_in "$err" "proj/.iamlint.yaml:4:1: error: unknown key 'colour'"
expect_not_in "$out" "IAM201"
expect_exit 2 -- "$iamlint" config --show proj
expect_in "$err" ".iamlint.yaml:4:1: error: unknown key 'colour'"

# config --show: the effective configuration and where it came from.
cat >"$p/.iamlint.yaml" <<'YAML'
fail-on: high
rules:
  IAM105: off
  redundant: info
exclude: ["vendor/"]
accounts: ["111122223333"]
overrides:
  - paths: ["legacy/**"]
    rules: {IAM201: medium}
YAML
expect_exit 0 -- "$iamlint" config --show proj/legacy/admin.json
expect_in "$out" "# from proj/.iamlint.yaml (patterns relative to $p)"
expect_in "$out" "fail-on: high"
expect_in "$out" 'accounts: ["111122223333"]'
expect_in "$out" "  IAM105: off  # missing-version"
expect_in "$out" "  IAM201: medium  # full-admin, default critical"
expect_in "$out" '  - paths: ["legacy/**"]  # applies here'
expect_exit 0 -- "$iamlint" config proj/vendor/lib/admin.json
expect_in "$out" "is left out by include/exclude"
expect_exit 0 -- "$iamlint" config --show --format json proj
expect_in "$out" '"fail-on": "high"'
expect_in "$out" '"excluded": false'
expect_exit 0 -- "$iamlint" config --show --no-config proj
expect_in "$out" "# no configuration file: the defaults"
expect_in "$out" "rules: {}"

finish
