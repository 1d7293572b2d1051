#!/usr/bin/env bash
# iamlint unused and generate on small hand-written inputs: what is reported, exit codes,
# formats, located errors. (The 100,000-record account is tests/activity/least_privilege.py.)
source "$(dirname "$0")/lib.bash"
account=$src/fixtures/least/account.json
logs=$src/fixtures/activity/cloudtrail-records.json
window=(--since 2026-08-01 --until 2026-09-01)

# alice used GetObject, ListBucket and, by CopyObject, PutObject (her PutObject call was refused,
# and her DeleteUser is outside the window): DeleteObject is unused; the idle role never acted.
# Exit 1: something to remove.
expect_exit 1 -- "$iamlint" unused --account-details "$account" "$logs" "${window[@]}"
expect_in "$out" "account.json:3:5: user 'user/alice' used 3 of 4 granted actions; 1 unused"
expect_in "$out" "s3: 1 of 4 unused; Write: DeleteObject"
expect_in "$out" "unused role 'role/idle': no activity from 2026-08-01T00:00:00Z to 2026-09-01T00:00:00Z"
expect_exit 1 -- "$iamlint" unused --account-details "$account" "$logs" "${window[@]}" --format json
python3 - "$tmp/out" <<'PY' || { echo "FAIL: unused JSON"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == 1 and r["kind"] == "unused", r
p = {x["name"]: x for x in r["principals"]}
assert p["alice"]["state"] == "active" and p["alice"]["used"] == 3, p["alice"]
assert p["alice"]["services"][0]["unused"] == {"Write": ["s3:DeleteObject"]}, p
assert p["idle"]["state"] == "never-active", p["idle"]
assert r["activity"]["denied"] >= 1, r["activity"]
PY
# Only alice, with the credential report: her password and second key were never used; a
# report with broken rows is read and its errors located (exit 2).
head -n 3 "$src/fixtures/activity/credential-report.csv" >"$tmp/creds.csv"
expect_exit 1 -- "$iamlint" unused --account-details "$account" "$logs" "${window[@]}" \
  --principal alice --credential-report "$tmp/creds.csv"
expect_not_in "$out" "role/idle"
expect_in "$out" "creds.csv:3: user 'alice': password unused for 2006 days (never used, since 2021-03-04"
expect_in "$out" "creds.csv:3: user 'alice': access key 2 unused for 1704 days (never used, since 2022-01-01"
expect_exit 2 -- "$iamlint" unused --account-details "$account" "$logs" "${window[@]}" \
  --credential-report "$src/fixtures/activity/credential-report.csv"
expect_in "$err" "credential-report.csv:4:1: error: expected 22 fields, found 5"
expect_exit 2 -- "$iamlint" unused --account-details "$account" "$logs" --principal nobody "${window[@]}"
expect_in "$out" "error: no user or role 'nobody'"

# generate: her policy is exactly what she used, on the bucket prefix she used it on.
expect_exit 0 -- "$iamlint" generate --principal alice --account-details "$account" "$logs" \
  "${window[@]}"
python3 - "$tmp/out" <<'PY' || { echo "FAIL: generated JSON"; failures=$((failures + 1)); }
import json, sys
doc = json.load(open(sys.argv[1]))
got = {(a, r) for st in doc["Statement"]
       for a in ([st["Action"]] if isinstance(st["Action"], str) else st["Action"])
       for r in ([st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"])}
assert got == {("s3:GetObject", "arn:aws:s3:::reports/2026/*"),
               ("s3:GetObject", "arn:aws:s3:::reports/copy/*"),
               ("s3:PutObject", "arn:aws:s3:::reports/copy/*"),
               ("s3:ListBucket", "arn:aws:s3:::reports")}, got
PY
"$iamlint" generate --principal alice --account-details "$account" "$logs" "${window[@]}" \
  --format terraform --quiet >"$tmp/alice.tf"
expect_exit 0 -- "$iamlint" check --no-config "$tmp/alice.tf"
"$iamlint" generate --principal alice --account-details "$account" "$logs" "${window[@]}" \
  --format cloudformation --quiet >"$tmp/alice.yaml"
expect_in "$(cat "$tmp/alice.yaml")" "Users:"
expect_exit 0 -- "$iamlint" check --no-config "$tmp/alice.yaml"
# Nothing to generate for a principal that did not act; several principals need a directory.
expect_exit 2 -- "$iamlint" generate --principal idle --account-details "$account" "$logs" \
  "${window[@]}"
expect_in "$err" "nothing to generate"
expect_exit 2 -- "$iamlint" generate --principal alice --principal idle "$logs"
expect_in "$err" "--output-dir"

# Bad input: located errors, exit 2, the other inputs still read.
printf '{"Records":[{"eventTime":"2026-08-02T00:00:00Z",' >"$tmp/cut.json"
expect_exit 2 -- "$iamlint" unused --account-details "$account" "$logs" "$tmp/cut.json" "${window[@]}"
expect_in "$err" "cut.json:1:49: error:"
expect_in "$out" "user 'user/alice' used 3 of 4"
printf '{"UserDetailList": [' >"$tmp/snapshot.json"
expect_exit 2 -- "$iamlint" unused --account-details "$tmp/snapshot.json" "$logs" "$tmp/cut.json"
expect_in "$err" "snapshot.json:1:"
expect_in "$err" "cut.json:1:49: error:"
expect_exit 2 -- "$iamlint" unused "$logs"
expect_in "$err" "needs --account-details"
expect_exit 2 -- "$iamlint" unused --account-details "$account" --since yesterday "$logs"
expect_in "$err" "is not a date"
finish
