#!/usr/bin/env python3
"""`iamlint unused` and `iamlint generate` on the synthetic account of bench/activity/generate.py.

The generator knows, independently of iamlint, what each principal did (expected.json); this
test checks iamlint's answers against it:
  unused    every action a principal used is counted used, never listed unused; explicit grants
            that were not used are listed unused; principals that never acted, service-linked
            roles, unused passwords and access keys are exactly the expected ones; every record
            is accounted for (attributed, denied, AWS service, no permission).
  generate  for every principal that acted, in JSON, Terraform and CloudFormation: the policy
            grants exactly the actions it used, each on a Resource matching every resource it
            was used on; `iamlint check` on the generated files reports no admin,
            privilege-escalation or wildcard finding.

A target-dependent method on a named resource (C2 sts:AssumeRole on the one role a CI user
assumes, F1 lambda:UpdateFunctionCode on the one function it deploys) is no IAM220 finding: what
it gains is that resource's privilege, which IAM221 judges from an account snapshot.

Usage: least_privilege.py IAMLINT DATA_DIR   (DATA_DIR as written by generate.py)
"""

import fnmatch
import json
import os
import subprocess
import sys
import tempfile

IAMLINT, DATA = sys.argv[1], sys.argv[2]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def run(args, expect_codes):
    proc = subprocess.run([IAMLINT, *args], capture_output=True, text=True)
    if proc.returncode not in expect_codes:
        print(proc.stderr[-4000:])
        sys.exit(f"iamlint {' '.join(args)}: exit {proc.returncode}, expected {expect_codes}")
    return proc


expected = json.load(open(os.path.join(DATA, "expected.json")))
window = ["--since", expected["window"]["since"], "--until", expected["window"]["until"]]
logs = [os.path.join(DATA, "cloudtrail"), os.path.join(DATA, "cloudtrail-lake-export.jsonl")]
snapshot = ["--account-details", os.path.join(DATA, "account-details.json")]


def lower(actions):
    return {a.lower() for a in actions}


# --- unused -------------------------------------------------------------------------------
out = run(["unused", *snapshot, *logs, *window, "--format", "json",
           "--credential-report", os.path.join(DATA, "credential-report.csv"),
           "--last-accessed", os.path.join(DATA, "last-accessed-monitoring.json")], {1})
report = json.loads(out.stdout)
stats = report["activity"]
if stats["records"] != expected["records"] or stats["in_window"] != expected["records"]:
    fail(f"records {stats['records']} / in window {stats['in_window']}, "
         f"expected {expected['records']}")
if stats["denied"] != expected["denied"]:
    fail(f"denied {stats['denied']}, expected {expected['denied']}")
if stats["not_iam"] != expected["aws_service"]:
    fail(f"not_iam {stats['not_iam']}, expected {expected['aws_service']}")
if stats["unmapped"] != expected["no_permission"]:
    fail(f"unmapped {stats['unmapped']} {stats['unmapped_events']}, "
         f"expected {expected['no_permission']} (calls that need no permission)")
attributed = (expected["records"] - expected["aws_service"] - expected["denied"]
              - expected["no_permission"])
if stats["attributed"] != attributed:
    fail(f"attributed {stats['attributed']}, expected {attributed}")

by_arn = {p["arn"]: p for p in report["principals"]}
if len(by_arn) != 50:
    fail(f"{len(by_arn)} users and roles reported, expected 50")
for arn, used in expected["principals"].items():
    p = by_arn.get(arn)
    if p is None:
        fail(f"{arn}: missing from the unused report")
        continue
    if p["state"] != "active":
        fail(f"{arn}: state {p['state']}, expected active")
    unused = set()
    for s in p["services"]:
        for names in s["unused"].values():
            unused |= lower(names)
    wrongly_unused = lower(used) & unused
    if wrongly_unused:
        fail(f"{arn}: used but reported unused: {sorted(wrongly_unused)}")
    if p["used_not_granted"]:
        fail(f"{arn}: used but not granted: {p['used_not_granted']}")
    not_used = lower(expected["explicit_grants"].get(arn, [])) - lower(used)
    missing = not_used - unused
    if missing:
        fail(f"{arn}: granted, never used, not reported unused: {sorted(missing)}")
    if p["unused"] != len(unused) or p["used"] + p["unused"] != p["granted"]:
        fail(f"{arn}: counts do not add up: {p['granted']} granted, {p['used']} used, "
             f"{p['unused']} unused ({len(unused)} listed)")
states = {arn: p["state"] for arn, p in by_arn.items()}
never = sorted(a for a, s in states.items() if s == "never-active")
if never != expected["never_active"]:
    fail(f"never active: {never}\n  expected {expected['never_active']}")
linked = sorted(a for a, s in states.items() if s == "service-linked")
if linked != expected["service_linked"]:
    fail(f"service-linked: {linked}, expected {expected['service_linked']}")
monitoring = by_arn["arn:aws:iam::111122223333:role/monitoring"]
if not any(s["service"] == "logs" and s["service_level"] for s in monitoring["services"]):
    fail("monitoring: the last-accessed report's service-level use of logs is not counted")
passwords = sorted(c["arn"] for c in report["credentials"] if c["credential"] == "password")
keys = sorted(f"{c['arn']}#{c['credential'][-1]}" for c in report["credentials"]
              if c["credential"].startswith("access key"))
if passwords != sorted(expected["unused_passwords"]):
    fail(f"unused passwords {passwords}, expected {sorted(expected['unused_passwords'])}")
if keys != sorted(expected["unused_keys"]):
    fail(f"unused keys {keys}, expected {sorted(expected['unused_keys'])}")

# --- generate ------------------------------------------------------------------------------


def statements_of(path, fmt):
    """(actions, resources) pairs of a generated file, read back from its format."""
    text = open(path).read()
    if fmt == "json":
        doc = json.loads(text)
        docs = doc if isinstance(doc, list) else [doc]
        for d in docs:
            for st in d["Statement"]:
                a, r = st["Action"], st["Resource"]
                yield ([a] if isinstance(a, str) else a), ([r] if isinstance(r, str) else r)
    else:
        # Both formats list one quoted string per line under actions/Action and
        # resources/Resource; the files are re-read by `iamlint check` below as well.
        actions, resources, mode = [], [], None
        for line in text.splitlines():
            s = line.strip()
            if s.startswith(("statement {", "- Sid:")):
                if actions:
                    yield actions, resources
                actions, resources, mode = [], [], None
            if s.startswith(("actions", "Action:")):
                mode = actions
            elif s.startswith(("resources", "Resource:")):
                mode = resources
            elif s.startswith(("sid", "effect", "Effect")):
                mode = None
            if mode is not None and '"' in s:
                for part in s.split('"')[1::2]:
                    if part not in ("[", "]"):
                        mode.append(part)
        if actions:
            yield actions, resources


with tempfile.TemporaryDirectory() as tmp:
    for fmt in ("json", "terraform", "cloudformation"):
        grants_by_file = {}
        out_dir = os.path.join(tmp, fmt)
        run(["generate", *snapshot, *logs, *window, "--all", "--format", fmt,
             "--output-dir", out_dir, "--quiet"], {0})
        files = sorted(os.listdir(out_dir))
        if len(files) != len(expected["principals"]):
            fail(f"{fmt}: {len(files)} policies generated, expected {len(expected['principals'])}")
        for arn, used in expected["principals"].items():
            resource = arn.split(":", 5)[5]
            stem = resource.split("/")[0] + "-" + resource.split("/")[-1]
            ext = {"json": ".json", "terraform": ".tf", "cloudformation": ".yaml"}[fmt]
            path = os.path.join(out_dir, stem + ext)
            if not os.path.exists(path):
                fail(f"{fmt}: no policy for {arn} ({path})")
                continue
            grants = list(statements_of(path, fmt))
            grants_by_file[os.path.basename(path)] = (grants, used)
            granted = set()
            for actions, _ in grants:
                granted |= lower(actions)
            if granted != lower(used):
                fail(f"{fmt} {arn}: grants {sorted(granted ^ lower(used))} differently "
                     f"(missing {sorted(lower(used) - granted)}, extra {sorted(granted - lower(used))})")
            for action, resources in used.items():
                for r in resources:
                    if not any(action.lower() in lower(a) and
                               any(p == "*" or fnmatch.fnmatchcase(r, p) for p in rs)
                               for a, rs in grants):
                        fail(f"{fmt} {arn}: {action} on {r} is not granted")
                        break
        check = run(["check", "--format", "json", "--no-config", out_dir], {0, 1})
        findings = json.loads(check.stdout)["findings"]
        summary = json.loads(check.stdout)["summary"]
        if summary.get("files") != len(files) or summary.get("policies", 0) < len(files):
            fail(f"{fmt}: check read {summary.get('files')} files and {summary.get('policies')} "
                 f"policies, expected {len(files)} files with a policy each at least")
        bad = [f for f in findings if f["category"] in ("admin", "privilege-escalation", "wildcard")]
        for f in bad:
            fail(f"{fmt}: {f['path']}:{f['range']['start']['line']}: {f['rule']} "
                 f"{f['category']}: {f['message']}")
        if not bad:
            print(f"{fmt}: {len(files)} generated policies, {len(findings)} findings in all: no "
                  "admin, privilege-escalation or wildcard finding")

if failures:
    sys.exit(f"{len(failures)} failure(s)")
print(f"ok: unused and generate agree with the generator on {len(by_arn)} principals")
