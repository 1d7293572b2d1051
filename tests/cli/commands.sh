# iamlint expand, normalize, rules and --version.
source "$(dirname "$0")/lib.bash" "$@"

expect_exit 0 -- "$iamlint" --version
expect_in "$out" "catalog:"
expect_in "$out" "actions"

expect_exit 0 -- "$iamlint" expand 's3:GetObject'
expect_in "$out" "s3:GetObject: 1 action"
expect_in "$out" "Read"
expect_exit 1 -- "$iamlint" expand 's3:Nope*'
expect_in "$out" "s3:Nope*: 0 actions"
expect_exit 0 -- "$iamlint" expand --format json 'iam:PassRole'
expect_in "$out" '"access_level": "Write"'

cat >"$tmp/a.json" <<'JSON'
{"Statement": [{"Effect": "Allow", "Action": ["S3:getobject", "s3:GetObject", "EC2:Describe*"],
  "Resource": "*", "Principal": {"AWS": "111122223333"}}], "Version": "2012-10-17"}
JSON
expect_exit 0 -- "$iamlint" normalize "$tmp/a.json"
expect_in "$out" '"s3:GetObject"'
expect_in "$out" '"ec2:Describe*"'
expect_in "$out" '"arn:aws:iam::111122223333:root"'
expect_in "$out" '"Kind": "resource"'
# Same policy reordered and recased normalizes to the same text.
cat >"$tmp/b.json" <<'JSON'
{"Version": "2012-10-17", "Statement": {"Resource": ["*"], "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]},
  "Action": ["ec2:Describe*", "s3:getObject"], "Effect": "Allow"}}
JSON
"$iamlint" normalize "$tmp/a.json" >"$tmp/a.out"
"$iamlint" normalize "$tmp/b.json" >"$tmp/b.out"
checks=$((checks + 1))
cmp -s "$tmp/a.out" "$tmp/b.out" || { echo "FAIL: normalize differs"; diff "$tmp/a.out" "$tmp/b.out"; failures=$((failures + 1)); }

expect_exit 0 -- "$iamlint" rules
expect_in "$out" "IAM201  full-admin"
expect_exit 0 -- "$iamlint" rules pass-role-to-any-service
expect_in "$out" "## Why it matters"
expect_exit 2 -- "$iamlint" rules IAM999

# docs/rules/ is generated from the rules' doc strings and must not drift from them.
expect_exit 0 -- "$iamlint" rules --write-docs "$tmp/docs"
checks=$((checks + 1))
diff -r "$tmp/docs" "$src/docs/rules" >"$tmp/docs.diff" ||
  { echo "FAIL: docs/rules is stale: run build/iamlint rules --write-docs docs/rules"; head -20 "$tmp/docs.diff"; failures=$((failures + 1)); }

finish
