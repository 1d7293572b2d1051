"""A small LSP client over stdio for the language server's tests: framing, a reader thread that
checks every message the server sends is well-formed, and waits on requests and notifications."""

import json
import os
import queue
import subprocess
import threading
import time


class ProtocolError(Exception):
    """The server sent something that is not a well-formed JSON-RPC message."""


def check_message(msg):
    """Raises ProtocolError unless msg is a well-formed JSON-RPC 2.0 message from a server."""
    if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0":
        raise ProtocolError(f"not a JSON-RPC 2.0 object: {msg!r}"[:500])
    if "method" in msg:
        if not isinstance(msg["method"], str):
            raise ProtocolError(f"method is not a string: {msg!r}"[:500])
        if msg["method"] == "textDocument/publishDiagnostics":
            params = msg.get("params")
            if not isinstance(params, dict) or not isinstance(params.get("uri"), str):
                raise ProtocolError(f"bad publishDiagnostics: {msg!r}"[:500])
            for d in params.get("diagnostics", None) or []:
                check_range(d.get("range"))
                if d.get("severity") not in (1, 2, 3, 4) or not isinstance(d.get("message"), str):
                    raise ProtocolError(f"bad diagnostic: {d!r}"[:500])
        return
    if "id" not in msg:
        raise ProtocolError(f"neither a request, a notification nor a response: {msg!r}"[:500])
    if ("result" in msg) == ("error" in msg):
        raise ProtocolError(f"a response needs exactly one of result and error: {msg!r}"[:500])
    if "error" in msg:
        err = msg["error"]
        if not isinstance(err, dict) or not isinstance(err.get("code"), int) or not isinstance(
                err.get("message"), str):
            raise ProtocolError(f"bad error object: {msg!r}"[:500])


def check_range(r):
    try:
        for end in ("start", "end"):
            for key in ("line", "character"):
                if not isinstance(r[end][key], int) or r[end][key] < 0:
                    raise ProtocolError(f"bad range {r!r}")
        if (r["end"]["line"], r["end"]["character"]) < (r["start"]["line"], r["start"]["character"]):
            raise ProtocolError(f"range ends before it starts: {r!r}")
    except (KeyError, TypeError) as e:
        raise ProtocolError(f"bad range {r!r}") from e


class Client:
    """Starts `cmd` and talks LSP to it."""

    def __init__(self, cmd, env=None):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env or os.environ.copy())
        self.next_id = 1
        self.messages = queue.Queue()
        self.errors = []  # ProtocolErrors seen by the reader
        self.received = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.pending = []  # messages read but not yet consumed by a wait

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii", "replace").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            try:
                length = int(headers["content-length"])
            except (KeyError, ValueError):
                self.errors.append(ProtocolError(f"bad headers {headers!r}"))
                self.messages.put(None)
                return
            body = out.read(length)
            try:
                msg = json.loads(body.decode("utf-8"))
                check_message(msg)
            except (ValueError, ProtocolError) as e:
                self.errors.append(ProtocolError(f"{e}: {body[:300]!r}"))
                continue
            self.received += 1
            self.messages.put(msg)

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request_async(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def request(self, method, params, timeout=30):
        rid = self.request_async(method, params)
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def wait_for(self, predicate, timeout=30):
        """The first message (pending ones first) that satisfies predicate; others stay pending."""
        for i, m in enumerate(self.pending):
            if predicate(m):
                return self.pending.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching message in {timeout} s; stderr so far unknown")
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                raise ProtocolError(f"the server closed its output (exit {self.proc.poll()}); "
                                    f"stderr: {self.proc.stderr.read()[:2000]!r}")
            if predicate(m):
                return m
            self.pending.append(m)

    def diagnostics(self, uri, version=None, timeout=30):
        """The next publishDiagnostics for uri (with that version, when given)."""
        def match(m):
            return (m.get("method") == "textDocument/publishDiagnostics" and
                    m["params"]["uri"] == uri and
                    (version is None or m["params"].get("version") == version))
        msg = self.wait_for(match, timeout)
        # Older publications for the same uri that were queued are superseded.
        self.pending = [m for m in self.pending if not match(m)]
        return msg["params"]["diagnostics"]

    def drop_pending(self):
        self.pending = []

    def initialize(self, encodings=("utf-16",), options=None, root=None):
        params = {"processId": os.getpid(), "rootUri": root,
                  "capabilities": {"general": {"positionEncodings": list(encodings)}}}
        if options is not None:
            params["initializationOptions"] = options
        res = self.request("initialize", params)
        self.notify("initialized", {})
        return res["result"]

    def shutdown(self, timeout=30):
        res = self.request("shutdown", None)
        assert res.get("result", "missing") is None, res
        self.notify("exit", None)
        return self.proc.wait(timeout)


def file_uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def utf16_position(text, offset):
    """The LSP utf-16 position of str offset `offset` (code points) in text."""
    before = text[:offset]
    line = before.count("\n")
    col_text = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(col_text.encode("utf-16-le")) // 2}


def utf16_range(text, start, end):
    return {"start": utf16_position(text, start), "end": utf16_position(text, end)}
