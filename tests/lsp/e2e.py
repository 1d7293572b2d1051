#!/usr/bin/env python3
"""End to end: drives `iamlint lsp` over stdio as an editor would. Opens a Terraform file and a
CloudFormation YAML template, checks the diagnostics and their exact ranges (UTF-16, with an
astral character before a finding), edits a line and checks the new diagnostics, breaks a
document mid-edit, then hover, completion and a quick fix that is applied.

usage: e2e.py IAMLINT SOURCE_DIR"""

import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Client, file_uri, utf16_position, utf16_range  # noqa: E402

DOCS = "file:///usr/share/doc/iamlint/rules/"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def find(text, needle, nth=0, quoted=True):
    """The str range of the nth `needle` in text, with its quotes when quoted."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    if quoted:
        return start - 1, start + len(needle) + 1
    return start, start + len(needle)


def by_code(diags, code):
    return [d for d in diags if d.get("code") == code]


def show(name, diags):
    for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"])):
        r = d["range"]
        print(f"  {name}:{r['start']['line'] + 1}:{r['start']['character'] + 1}-"
              f"{r['end']['line'] + 1}:{r['end']['character'] + 1} sev={d['severity']} "
              f"{d.get('code', '-')} {d['message'].splitlines()[0][:90]}")


def edit_range(text, start, end):
    return utf16_range(text, start, end)


def main():
    iamlint, source = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="iamlint-lsp-e2e-")
    try:
        run(iamlint, source, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"e2e: {len(failures)} failure(s)")
    return 1 if failures else 0


def run(iamlint, source, work):
    tf_dir = os.path.join(work, "module")
    os.makedirs(tf_dir)
    tf_path = os.path.join(tf_dir, "main.tf")
    yaml_path = os.path.join(work, "template.yaml")
    shutil.copy(os.path.join(source, "tests/lsp/fixtures/main.tf"), tf_path)
    shutil.copy(os.path.join(source, "tests/lsp/fixtures/template.yaml"), yaml_path)
    tf = open(tf_path, encoding="utf-8").read()
    yml = open(yaml_path, encoding="utf-8").read()
    tf_uri, yaml_uri = file_uri(tf_path), file_uri(yaml_path)

    c = Client([iamlint, "lsp", "--stdio"])
    caps = c.initialize(encodings=["utf-16"], options={"iamlint": {"docsBaseUrl": DOCS}})
    check(caps["capabilities"]["positionEncoding"] == "utf-16", "utf-16 negotiated")
    check(caps["capabilities"]["textDocumentSync"]["change"] == 2, "incremental sync")

    # --- Terraform ---
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": tf_uri, "languageId": "terraform", "version": 1, "text": tf}})
    diags = c.diagnostics(tf_uri, 1)
    print("main.tf, as opened:")
    show("main.tf", diags)
    unknown = by_code(diags, "IAM103")
    check(len(unknown) == 1 and
          unknown[0]["range"] == edit_range(tf, *find(tf, "GetObjekt", quoted=False)),
          "IAM103 unknown action at the exact range of GetObjekt in \"s3:GetObjekt\"")
    check(unknown and unknown[0]["severity"] in (1, 2) and unknown[0]["source"] == "iamlint",
          "IAM103 severity and source")
    check(unknown and unknown[0].get("codeDescription", {}).get("href") == DOCS + "IAM103.md",
          "codeDescription.href links the rule page")
    check(unknown and "help:" in unknown[0]["message"], "help appended to the message")
    wildcard = by_code(diags, "IAM202")
    rocket = edit_range(tf, *find(tf, "ec2:*"))
    check(any(d["range"] == rocket for d in wildcard),
          "IAM202 service wildcard after an astral character, UTF-16 range "
          f"{rocket['start']['character']}..{rocket['end']['character']}")
    redundant = by_code(diags, "IAM123")
    check(redundant and redundant[0].get("tags") == [1] and
          redundant[0].get("relatedInformation", [{}])[0].get("location", {}).get("uri") == tf_uri,
          "IAM123 redundant: tagged unnecessary, related information at the other statement")
    admin = by_code(diags, "IAM201")
    admin_range = edit_range(tf, *find(tf, '"*"', 2, quoted=False))
    check(any(d["range"] == admin_range for d in admin), "IAM201 full admin at the Admin \"*\"")
    check(all(d["severity"] == 1 for d in admin), "critical/high -> Error")

    # --- CloudFormation YAML ---
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": yaml_uri, "languageId": "yaml", "version": 1, "text": yml}})
    ydiags = c.diagnostics(yaml_uri, 1)
    print("template.yaml, as opened:")
    show("template.yaml", ydiags)
    pass_role = by_code(ydiags, "IAM210")
    check(len(pass_role) == 1 and
          pass_role[0]["range"] == edit_range(yml, *find(yml, "iam:PassRole", quoted=False)),
          "IAM210 pass-role at the exact range of iam:PassRole")

    # --- a line changed: the Admin statement's "*" becomes a read action ---
    start, end = find(tf, '"*"', 2, quoted=False)
    rng = edit_range(tf, start, end)
    tf = tf[:start] + '"s3:GetObject"' + tf[end:]
    c.notify("textDocument/didChange", {"textDocument": {"uri": tf_uri, "version": 2},
                                        "contentChanges": [{"range": rng, "text": '"s3:GetObject"'}]})
    diags = c.diagnostics(tf_uri, 2)
    print("main.tf, after the change:")
    show("main.tf", diags)
    check(not by_code(diags, "IAM201"), "IAM201 gone after the change")
    check(len(by_code(diags, "IAM103")) == 1 and
          by_code(diags, "IAM103")[0]["range"] == edit_range(tf, *find(tf, "GetObjekt", quoted=False)),
          "IAM103 still at its range after the change")

    # --- mid-edit: a broken YAML document still gets diagnostics ---
    pos = yml.index("Resources:")
    broken_rng = edit_range(yml, pos, pos)
    c.notify("textDocument/didChange", {"textDocument": {"uri": yaml_uri, "version": 2},
                                        "contentChanges": [{"range": broken_rng, "text": "Oops: [\"\n"}]})
    ydiags = c.diagnostics(yaml_uri, 2)
    print("template.yaml, broken mid-edit:")
    show("template.yaml", ydiags)
    check(any(d.get("code") is None and d["severity"] == 1 for d in ydiags),
          "the syntax error is an Error diagnostic")
    moved = edit_range(yml[:pos] + "Oops: [\"\n" + yml[pos:],
                       *find(yml[:pos] + "Oops: [\"\n" + yml[pos:], "iam:PassRole", quoted=False))
    check(any(d.get("code") == "IAM210" and d["range"] == moved for d in ydiags),
          "IAM210 still reported, moved one line down")
    c.notify("textDocument/didChange", {"textDocument": {"uri": yaml_uri, "version": 3},
                                        "contentChanges": [{"text": yml}]})
    ydiags = c.diagnostics(yaml_uri, 3)
    check(not any(d.get("code") is None for d in ydiags), "full-text change back: no error")

    # --- hover on an action ---
    s = tf.index("s3:ListBucket") + 4
    res = c.request("textDocument/hover", {"textDocument": {"uri": tf_uri},
                                           "position": utf16_position(tf, s)})
    hover = res.get("result") or {}
    value = (hover.get("contents") or {}).get("value", "")
    print("hover:", value.replace("\n", " | ")[:200])
    check("ListBucket" in value and "List" in value, "hover shows the action and its access level")
    check(hover.get("range") == edit_range(tf, *find(tf, "s3:ListBucket", quoted=False)) or
          hover.get("range") == edit_range(tf, *find(tf, "s3:ListBucket")),
          "hover range is the action string")

    # --- completion inside an action string ---
    s = tf.index('"s3:ListBucket"') + len('"s3:List')
    res = c.request("textDocument/completion", {"textDocument": {"uri": tf_uri},
                                                "position": utf16_position(tf, s)})
    result = res.get("result") or {}
    items = result.get("items", []) if isinstance(result, dict) else result
    labels = [i["label"] for i in items]
    print(f"completion: {len(items)} items, e.g. {labels[:6]}")
    check(any(lbl.endswith("ListBucket") for lbl in labels), "completion offers s3:ListBucket")
    check(all(lbl.split(":")[-1].startswith("List") for lbl in labels) and labels,
          "completion items match the partial word")

    # --- quick fix for the unknown action, applied ---
    start, end = find(tf, "s3:GetObjekt")
    res = c.request("textDocument/codeAction", {
        "textDocument": {"uri": tf_uri}, "range": edit_range(tf, start, end),
        "context": {"diagnostics": by_code(diags, "IAM103")}})
    actions = res.get("result") or []
    print("code actions:", [a["title"] for a in actions])
    fix = next((a for a in actions if a.get("isPreferred")), None)
    check(fix is not None and fix.get("kind") == "quickfix", "a preferred quick fix")
    check(fix is not None and [d.get("code") for d in fix.get("diagnostics", [])] == ["IAM103"],
          "the quick fix names the IAM103 diagnostic it resolves")
    edits = (fix or {}).get("edit", {}).get("changes", {}).get(tf_uri, [])
    check(len(edits) >= 1, "the quick fix edits the document")
    version = 3
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                    reverse=True):
        version += 1
        tf = apply_edit(tf, e)
        c.notify("textDocument/didChange", {"textDocument": {"uri": tf_uri, "version": version},
                                            "contentChanges": [{"range": e["range"], "text": e["newText"]}]})
    if edits:
        diags = c.diagnostics(tf_uri, version)
        show("main.tf", diags)
        check("s3:GetObject\"" in tf and not by_code(diags, "IAM103"),
              "after the fix: s3:GetObject, no IAM103")

    # --- a .tf file is evaluated with its module: a local from another file of the directory ---
    with open(os.path.join(tf_dir, "locals.tf"), "w", encoding="utf-8") as f:
        f.write('locals {\n  everything = ["*"]\n}\n')
    uses = ('resource "aws_iam_policy" "ops" {\n  name = "ops"\n  policy = jsonencode({\n'
            '    Version   = "2012-10-17"\n'
            '    Statement = [{ Effect = "Allow", Action = local.everything, Resource = "*" }]\n'
            '  })\n}\n')
    uses_uri = file_uri(os.path.join(tf_dir, "uses.tf"))
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uses_uri, "languageId": "terraform", "version": 1, "text": uses}})
    udiags = c.diagnostics(uses_uri, 1)
    print("uses.tf (its module: locals.tf on disk, main.tf as open):")
    show("uses.tf", udiags)
    check([d.get("code") for d in udiags] == ["IAM201"] and
          udiags[0]["range"] == edit_range(uses, *find(uses, "local.everything", quoted=False)),
          "a local of another file resolved; only the document's own findings")

    # --- the .iamlint.yaml above a document applies: a rule off, a severity lowered ---
    cfg_dir = os.path.join(work, "configured")
    os.makedirs(cfg_dir)
    with open(os.path.join(work, ".iamlint.yaml"), "w", encoding="utf-8") as f:
        f.write("rules:\n  IAM105: off\noverrides:\n  - paths: [configured/]\n"
                "    rules: {IAM201: medium}\n")
    policy = '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n'
    policy_uri = file_uri(os.path.join(cfg_dir, "admin.json"))
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": policy_uri, "languageId": "json", "version": 1, "text": policy}})
    pdiags = c.diagnostics(policy_uri, 1)
    show("configured/admin.json", pdiags)
    check(not by_code(pdiags, "IAM105"), ".iamlint.yaml: IAM105 off")
    check([d["severity"] for d in by_code(pdiags, "IAM201")] == [2],
          ".iamlint.yaml override: IAM201 re-graded medium (Warning)")

    # --- close: diagnostics cleared ---
    c.notify("textDocument/didClose", {"textDocument": {"uri": yaml_uri}})
    check(c.diagnostics(yaml_uri) == [], "didClose clears the diagnostics")
    check(not c.errors, f"every message well-formed ({c.received} received)")
    check(c.shutdown() == 0, "shutdown then exit: exit code 0")


def offset_of(text, pos):
    lines = text.split("\n")
    prefix = sum(len(line) + 1 for line in lines[:pos["line"]])
    line = lines[pos["line"]] if pos["line"] < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos["character"]:
            return prefix + i
        units += len(ch.encode("utf-16-le")) // 2
    return prefix + len(line)


def apply_edit(text, e):
    s, t = offset_of(text, e["range"]["start"]), offset_of(text, e["range"]["end"])
    return text[:s] + e["newText"] + text[t:]


if __name__ == "__main__":
    sys.exit(main())
