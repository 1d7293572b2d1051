# Baseline and diff-only mode in a git repository: a baseline is written, then an edit adds an
# over-permissive action above the existing findings; only the new finding is reported, on its
# new line. --changed-since reports only findings on changed lines.
source "$(dirname "$0")/lib.bash" "$@"
command -v git >/dev/null || { echo "needs git"; exit 1; }

repo=$tmp/repo
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
git config user.email ci@example.com
git config user.name ci
cat >policy.json <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Deploy",
      "Effect": "Allow",
      "Action": [
        "iam:PassRole",
        "s3:*"
      ],
      "Resource": "*"
    }
  ]
}
JSON
git add policy.json && git commit -q -m "a policy with accepted findings"

expect_exit 1 -- "$iamlint" check --no-color -q policy.json
before=$out
expect_in "$before" "policy.json:8:9: high:"
expect_exit 1 -- "$iamlint" check -q --write-baseline "$tmp/baseline.json" policy.json
checks=$((checks + 1))
recorded=$(jq '.findings | length' "$tmp/baseline.json")
if [[ $recorded -lt 2 ]] || [[ $(jq -r '.iamlint_baseline' "$tmp/baseline.json") != 1 ]]; then
  echo "FAIL: baseline has $recorded findings"; failures=$((failures + 1))
fi
# Unchanged: nothing new.
expect_exit 0 -- "$iamlint" check --no-color --baseline "$tmp/baseline.json" policy.json
expect_in "$out" "0 findings in 1 policy, 1 file; $recorded in the baseline"

# An edit above the existing findings: a new statement with one over-permissive action, which
# moves every old finding down by six lines.
python3 - <<'PY'
import re
s = open("policy.json").read()
s = s.replace('  "Statement": [\n', '''  "Statement": [
    {
      "Sid": "Queues",
      "Effect": "Allow",
      "Action": "sqs:*",
      "Resource": "*"
    },
''', 1)
open("policy.json", "w").write(s)
PY
expect_exit 1 -- "$iamlint" check --no-color -q --baseline "$tmp/baseline.json" policy.json
expect_in "$out" "policy.json:7:17: high: 'sqs:*' grants all"
# The new action's findings (service wildcard, permissions management, resource policies),
# all on its line, and none of the old ones.
checks=$((checks + 1))
if grep -v "^policy.json:7:17: " <<<"$out" | grep -q .; then
  echo "FAIL: only the new findings should be reported:"; echo "$out"; failures=$((failures + 1))
fi
# Without the baseline, the old findings are there, six lines down.
expect_exit 1 -- "$iamlint" check --no-color -q policy.json
expect_in "$out" "policy.json:14:9: high: iam:PassRole is allowed on every role"

# Diff-only: the same edit, judged against the commit.
expect_exit 1 -- "$iamlint" check --no-color -q --changed-since HEAD .
expect_in "$out" "policy.json:7:17: high: 'sqs:*' grants all"
checks=$((checks + 1))
if grep -v "^./policy.json:7:17: " <<<"$out" | grep -q .; then
  echo "FAIL: --changed-since reports unchanged lines:"; echo "$out"; failures=$((failures + 1))
fi
git commit -q -am "queues"
expect_exit 0 -- "$iamlint" check --no-color --changed-since HEAD .
expect_in "$out" "0 findings in 0 policies, 0 files"
# An untracked file is new in every line.
cp policy.json other.json
expect_exit 1 -- "$iamlint" check --no-color -q --changed-since HEAD .
expect_in "$out" "other.json:7:17"
expect_not_in "$out" "policy.json:"
expect_exit 2 -- "$iamlint" check --changed-since no-such-rev .
expect_in "$err" "'no-such-rev' is not a git revision"
# A broken baseline is an input error.
echo '{"findings": 3}' >"$tmp/bad.json"
expect_exit 2 -- "$iamlint" check --baseline "$tmp/bad.json" policy.json
expect_in "$err" "bad.json: error: not an iamlint baseline"
finish
