#!/usr/bin/env python3
"""Random edits to open documents (deletions, insertions of brackets, quotes and other
fragments) through `iamlint lsp`, with hover, completion and code-action requests at random
positions and malformed messages in between. Every message the server sends must be
well-formed JSON-RPC, every request answered with a result or an error, every diagnostic range
inside the document, and the server must stay alive and exit cleanly.

usage: fuzz.py IAMLINT SOURCE_DIR [STEPS]   (STEPS: IAMLINT_LSP_FUZZ_STEPS, default 10000;
                                             seed: IAMLINT_LSP_FUZZ_SEED, default 1)"""

import os
import random
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Client, utf16_position  # noqa: E402

FRAGMENTS = ['{', '}', '[', ']', '"', "'", ':', ',', '\n', ' ', '${', '}"', '"s3:', '*', '\\',
             '#', '- ', '<<EOF\n', 'EOF\n', '🚀', 'é', '"Action": "', 'Resource = "*"\n',
             '"Effect": "Allow", ', 'iam:PassRole', '{"Statement": [', '!Sub "', '&anchor ', '\t']


def lsp_lines(text):
    return text.split("\n")


def offset_of(text, pos):
    """The str offset of an LSP utf-16 position, clamped as the server clamps."""
    lines = lsp_lines(text)
    if pos["line"] >= len(lines):
        return len(text)
    prefix = sum(len(line) + 1 for line in lines[:pos["line"]])
    units = 0
    for i, ch in enumerate(lines[pos["line"]]):
        width = len(ch.encode("utf-16-le")) // 2
        if units + width > pos["character"]:
            return prefix + i
        units += width
    return prefix + len(lines[pos["line"]])


def random_position(rng, text):
    if rng.random() < 0.03:  # past the end of a line or of the document: clamped
        return {"line": rng.randrange(0, len(lsp_lines(text)) + 3), "character": rng.randrange(0, 400)}
    return utf16_position(text, rng.randrange(0, len(text) + 1))


def check_ranges(diags, text, where):
    lines = lsp_lines(text)
    for d in diags:
        for end in ("start", "end"):
            p = d["range"][end]
            if p["line"] >= len(lines):
                raise AssertionError(f"{where}: diagnostic line {p['line']} past the end: {d}")
            width = len(lines[p["line"]].encode("utf-16-le")) // 2
            if p["character"] > width:
                raise AssertionError(f"{where}: diagnostic character past the line end: {d}")


def main():
    iamlint, source = sys.argv[1], sys.argv[2]
    steps = int(sys.argv[3] if len(sys.argv) > 3 else os.environ.get("IAMLINT_LSP_FUZZ_STEPS", "10000"))
    seed = int(os.environ.get("IAMLINT_LSP_FUZZ_SEED", "1"))
    rng = random.Random(seed)
    docs = {
        "file:///nonexistent/iamlint-fuzz/policy.json":
            ("json", open(os.path.join(source, "examples/ci-deployer.json"), encoding="utf-8").read()),
        "file:///nonexistent/iamlint-fuzz/main.tf":
            ("terraform", open(os.path.join(source, "tests/lsp/fixtures/main.tf"), encoding="utf-8").read()),
        "file:///nonexistent/iamlint-fuzz/template.yaml":
            ("yaml", open(os.path.join(source, "tests/lsp/fixtures/template.yaml"), encoding="utf-8").read()),
    }
    texts = {uri: text for uri, (_, text) in docs.items()}
    versions = {uri: 1 for uri in docs}
    started = time.monotonic()
    c = Client([iamlint, "lsp"])
    c.initialize(encodings=["utf-16"])
    for uri, (lang, text) in docs.items():
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": lang, "version": 1, "text": text}})
        check_ranges(c.diagnostics(uri, 1), text, uri)
    requests = errors = published = 0
    uris = list(docs)
    for step in range(steps):
        uri = uris[step % len(uris)]
        text = texts[uri]
        op = rng.random()
        if op < 0.35 and text:  # delete up to 8 characters
            start = rng.randrange(0, len(text))
            end = min(len(text), start + rng.randrange(1, 9))
            rng_ = {"start": utf16_position(text, start), "end": utf16_position(text, end)}
            new = ""
        elif op < 0.97:  # insert a fragment
            pos = random_position(rng, text)
            rng_ = {"start": pos, "end": pos}
            new = rng.choice(FRAGMENTS)
            start = end = offset_of(text, pos)
        else:  # the whole text again (resets drift, exercises full sync)
            rng_ = None
            new = text
        versions[uri] += 1
        change = {"text": new} if rng_ is None else {"range": rng_, "text": new}
        if rng_ is not None:
            s, e = offset_of(text, rng_["start"]), offset_of(text, rng_["end"])
            text = text[:s] + new + text[max(s, e):]
        texts[uri] = text
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": versions[uri]},
                                            "contentChanges": [change]})
        check_ranges(c.diagnostics(uri, versions[uri]), text, f"step {step} {uri}")
        published += 1
        if step % 7 == 0:
            method = rng.choice(["textDocument/hover", "textDocument/completion", "textDocument/codeAction"])
            params = {"textDocument": {"uri": uri}}
            if method == "textDocument/codeAction":
                a, b = sorted([rng.randrange(0, len(text) + 1) for _ in range(2)])
                params["range"] = {"start": utf16_position(text, a), "end": utf16_position(text, b)}
                params["context"] = {"diagnostics": []}
            else:
                params["position"] = random_position(rng, text)
            res = c.request(method, params)
            requests += 1
            errors += "error" in res
        if step % 997 == 500:  # malformed input between the edits: answered, then ignored
            c.send_raw(b"Content-Length: 7\r\n\r\n{broken")
            res = c.wait_for(lambda m: m.get("id", 0) is None and "error" in m)
            assert res["error"]["code"] == -32700, res
            c.send_raw(b"Content-Length: x\r\n\r\n")
            res = c.wait_for(lambda m: m.get("id", 0) is None and "error" in m)
            assert res["error"]["code"] == -32700, res
            res = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": "nowhere"})
            assert res["error"]["code"] == -32602, res
        c.drop_pending()
        if c.errors:
            raise AssertionError(f"step {step}: {c.errors[0]}")
    assert c.proc.poll() is None, "the server died"
    code = c.shutdown()
    elapsed = time.monotonic() - started
    assert not c.errors, c.errors[:3]
    assert code == 0, f"exit code {code}"
    print(f"fuzz: seed {seed}, {steps} edits, {published} diagnostics publications checked, "
          f"{requests} requests ({errors} answered with errors), {c.received} messages, "
          f"{elapsed:.1f} s; exit code 0")
    print(f"final sizes: " + ", ".join(f"{u.rsplit('/', 1)[1]} {len(t)} chars" for u, t in texts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
