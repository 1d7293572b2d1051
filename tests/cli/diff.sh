#!/usr/bin/env bash
# `iamlint diff`: every case of fixtures/diff (OLD and NEW as old.*/new.* files or old/new
# directories, optional `args`) gives exactly its `expected` text output and `exit` code;
# then the JSON and Markdown outputs, usage and input errors, and --base against a throwaway
# git repository. IAMLINT_UPDATE_FIXTURES=1 rewrites `expected` and `exit` (review them).
source "$(dirname "$0")/lib.bash"

cases=0
for dir in "$src"/fixtures/diff/*/; do
  name=$(basename "$dir")
  cases=$((cases + 1))
  if [[ -d $dir/old ]]; then
    old=old new=new
  else
    old=$(cd "$dir" && ls old.*) new=$(cd "$dir" && ls new.*)
  fi
  args=()
  if [[ -f $dir/args ]]; then
    read -r -a args <"$dir/args"
  fi
  got=0
  (cd "$dir" && "$iamlint" diff "${args[@]}" "$old" "$new") >"$tmp/out" 2>"$tmp/err" || got=$?
  if [[ ${IAMLINT_UPDATE_FIXTURES:-} == 1 ]]; then
    cp "$tmp/out" "$dir/expected"
    echo "$got" >"$dir/exit"
    continue
  fi
  checks=$((checks + 1))
  if ! diff -u "$dir/expected" "$tmp/out" >"$tmp/diff"; then
    echo "FAIL: $name: output differs"
    head -40 "$tmp/diff"
    failures=$((failures + 1))
  fi
  checks=$((checks + 1))
  if [[ $got -ne $(cat "$dir/exit") ]]; then
    echo "FAIL: $name: exit $got, want $(cat "$dir/exit")"
    cat "$tmp/err"
    failures=$((failures + 1))
  fi
done
checks=$((checks + 1))
if [[ $cases -lt 30 ]]; then
  echo "FAIL: only $cases diff cases"
  failures=$((failures + 1))
fi

# Equivalent rewrites report nothing at all, in either direction.
for name in "$src"/fixtures/diff/eq-*/; do
  expect_in "$(cat "$name/expected")" "no new access, 0 changes removing access"
done

cd "$src/fixtures/diff" || exit 1

# JSON: versioned, exact positions, action lists, gate verdict.
expect_exit 1 -- "$iamlint" diff --format json new-action/old.json new-action/new.json
expect_in "$out" '"schema": 1'
expect_in "$out" '"change": "new action"'
expect_in "$out" '"s3:DeleteObject"'
expect_in "$out" '"s3:PutObject"'
expect_in "$out" '"path": "new-action/new.json"'
expect_in "$out" '"gate": "fail"'
python3 - "$out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.loads(sys.argv[1])
assert doc["schema"] == 1
[entry] = doc["new_access"]
assert entry["actions"] == ["s3:DeleteObject", "s3:PutObject"], entry
assert entry["action_count"] == 2
assert entry["range"]["start"] == {"line": 4, "column": 83}, entry["range"]
assert entry["resources"] == ["arn:aws:s3:::data/*"]
assert doc["removed_access"] == [] and doc["summary"]["gate"] == "fail"
PY
checks=$((checks + 1))
expect_exit 0 -- "$iamlint" diff -f json removal-only/old.json removal-only/new.json
expect_in "$out" '"gate": "pass"'
expect_in "$out" '"change": "action removed"'

# Markdown: a headline, a table per policy, long action lists collapsed.
expect_exit 1 -- "$iamlint" diff --format markdown notaction-new/old.json notaction-new/new.json
expect_in "$out" "### iamlint diff: new access in 1 policy"
expect_in "$out" "| Change | Statement | Resource | Principal | Actions | Where |"
expect_in "$out" "<details><summary>"
expect_in "$out" "| new action | 'Most' | \`*\` |"
expect_exit 1 -- "$iamlint" diff --format markdown arn-case-change/old.json arn-case-change/new.json
expect_in "$out" "#### Removed access: \`arn-case-change/old.json\`"
expect_in "$out" "| resource removed | #0 | \`arn:aws:s3:::Reports/*\` |  | \`s3:GetObject\` | arn-case-change/old.json:4:63 |"
expect_exit 0 -- "$iamlint" diff --format markdown eq-split-statement/old.json eq-split-statement/new.json
expect_in "$out" "### iamlint diff: no new access"

# Usage and input errors: exit 2, located, nothing crashes.
expect_exit 2 -- "$iamlint" diff new-action/old.json
expect_exit 2 -- "$iamlint" diff new-action/old.json terraform-address-match/new
expect_exit 2 -- "$iamlint" diff --allow 's3:Nope*' new-action/old.json new-action/new.json
expect_in "$err" "matches no action"
printf '{"Version": "2012-10-17", "Statement": [' >"$tmp/broken.json"
expect_exit 2 -- "$iamlint" diff new-action/old.json "$tmp/broken.json"
expect_in "$out" "broken.json:1:"
expect_exit 2 -- "$iamlint" diff new-action/old.json "$tmp/missing.json"
cp terraform-address-match/old/main.tf "$tmp/old.tf"
cp terraform-address-match/new/iam.tf "$tmp/new.tf"
expect_exit 2 -- "$iamlint" diff "$tmp/old.tf" "$tmp/new.tf"
expect_in "$err" "one Terraform module"

# --base REV: a throwaway repository; changed, added and deleted files.
if command -v git >/dev/null; then
  repo="$tmp/repo"
  mkdir -p "$repo/iam" "$repo/other"
  cp new-action/old.json "$repo/iam/app.json"
  cp removal-only/old.json "$repo/iam/gone.json"
  cp new-action/new.json "$repo/other/untouched.json"
  git -C "$repo" init -q
  git -C "$repo" -c user.name=t -c user.email=t@t add -A
  git -C "$repo" -c user.name=t -c user.email=t@t commit -qm base
  cp new-action/new.json "$repo/iam/app.json"
  rm "$repo/iam/gone.json"
  cp condition-removed/new.json "$repo/iam/added.json"
  expect_exit 1 -- bash -c "cd '$repo' && '$iamlint' diff --base HEAD iam"
  expect_in "$out" "iam/app.json:4:83: new access: new action: statement 'Read': 2 actions on arn:aws:s3:::data/*"
  expect_in "$out" "iam/added.json:4:"
  expect_in "$out" "HEAD:iam/gone.json:4:"
  expect_in "$out" "removed access"
  expect_not_in "$out" "untouched"
  # Only the unchanged directory: nothing new.
  expect_exit 0 -- bash -c "cd '$repo' && '$iamlint' diff --base HEAD other"
  expect_in "$out" "no new access, 0 changes removing access"
  # From a subdirectory, paths relative to it.
  expect_exit 1 -- bash -c "cd '$repo/iam' && '$iamlint' diff --base HEAD ."
  expect_in "$out" "app.json:4:83: new access"
  expect_exit 2 -- bash -c "cd '$repo' && '$iamlint' diff --base no-such-rev iam"
  expect_in "$err" "not a git revision"
  # After committing, the working tree equals HEAD.
  git -C "$repo" -c user.name=t -c user.email=t@t add -A
  git -C "$repo" -c user.name=t -c user.email=t@t commit -qm change
  expect_exit 0 -- bash -c "cd '$repo' && '$iamlint' diff --base HEAD"
  expect_exit 1 -- bash -c "cd '$repo' && '$iamlint' diff --base HEAD~1"
fi

finish
