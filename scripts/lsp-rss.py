#!/usr/bin/env python3
"""Memory of the real `nianbao lsp` process under load, from /proc/PID/status (VmRSS, VmHWM).

    scripts/lsp-rss.py [BINARY]        (default: target/release/nianbao, else target/debug)

Starts the server over stdio, initializes, warms up (each corpus report opened, edited once,
analysed and closed: what a session holds after its first files), then: 1,000 documents opened (corpus reports, each a little different) and changed once,
10,000 incremental edits to one of them, every document closed. RSS is read after initialize,
after the warm-up, with everything open, and after the closes have settled. Passes when the
final RSS is within 10% of the warm baseline. Standard library only; no network: the server
talks to this script over pipes.
"""
import json
import os
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "corpus")


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=open(os.environ.get("NIANBAO_RSS_STDERR", os.devnull), "wb"))
        self.lock = threading.Lock()
        self.cond = threading.Condition()
        self.responses = {}
        self.published = {}  # uri -> (version, number of diagnostics)
        self.publications = 0
        self.next_id = 1
        threading.Thread(target=self.read, daemon=True).start()

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode()
        with self.lock:
            self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.p.stdin.flush()

    def read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(out.read(length))
            if "method" in msg and "id" in msg:  # a request from the server
                result = [None] if msg["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                continue
            with self.cond:
                if "id" in msg:
                    self.responses[msg["id"]] = msg
                elif msg.get("method") == "textDocument/publishDiagnostics":
                    prm = msg["params"]
                    self.published[prm["uri"]] = (prm.get("version"), len(prm["diagnostics"]))
                    self.publications += 1
                self.cond.notify_all()

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        with self.cond:
            self.cond.wait_for(lambda: i in self.responses, timeout=60)
            return self.responses.pop(i)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def settle(self, quiet=1.0, limit=120):
        """Wait until no publication arrived for `quiet` seconds."""
        end = time.time() + limit
        last = -1
        while time.time() < end:
            with self.cond:
                n = self.publications
            if n == last:
                return
            last = n
            time.sleep(quiet)


def corpus():
    texts = []
    for sub in ("seeds", "real"):
        d = os.path.join(CORPUS, sub)
        for name in sorted(os.listdir(d)):
            if name.endswith((".txt", ".md", ".html")) and name != "README.md":
                with open(os.path.join(d, name), "rb") as f:
                    texts.append(f.read().decode("utf-8", "replace").lstrip("\ufeff"))
    return texts


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    if binary is None:
        rel = os.path.join(ROOT, "target", "release", "nianbao")
        binary = rel if os.path.exists(rel) else os.path.join(ROOT, "target", "debug", "nianbao")
    s = Server(binary)
    pid = s.p.pid
    res = s.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    assert "result" in res, res
    s.notify("initialized", {})
    time.sleep(0.5)
    start = rss_kb(pid)

    texts = corpus()
    uri = lambda i: f"file:///tmp/nianbao-rss/doc-{i:04}.txt"
    # warm-up: every corpus report opened, edited and closed once (compiled patterns, the
    # analysis threads, allocator arenas, the code an edit runs): what a session has after its
    # first few files
    for k, text in enumerate(texts):
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri(9000 + k), "languageId":
                                                           "plaintext", "version": 1, "text": text}})
    for k in range(len(texts)):
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(9000 + k), "version": 2},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                          "end": {"line": 0, "character": 0}}, "text": "X"}]})
    s.settle(1.0)
    for k in range(len(texts)):
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(9000 + k)}})
    s.settle(1.0)
    time.sleep(12)
    warm = rss_kb(pid)
    if os.environ.get("NIANBAO_RSS_TRIM") and shutil.which("gdb"):
        subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "call (void)malloc_stats()"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    cycles = int(os.environ.get("NIANBAO_RSS_CYCLES", "1"))
    after_cycles = []
    for cycle in range(cycles):
        opened, closed, t_open = load_cycle(s, pid, texts, uri)
        after_cycles.append(closed)
    peak = rss_kb(pid, "VmHWM")
    trimmed = None
    if os.environ.get("NIANBAO_RSS_TRIM") and shutil.which("gdb"):
        # what the allocator keeps but no longer uses: ask glibc to give it back, then re-read
        # (malloc_stats() first: glibc's in-use bytes go to the server's stderr, which
        # NIANBAO_RSS_STDERR=FILE keeps)
        subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "call (void)malloc_stats()",
                        "-ex", "call (int)malloc_trim(0)"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        trimmed = rss_kb(pid)
    alive = s.request("textDocument/hover", {"textDocument": {"uri": uri(1)},
                                             "position": {"line": 0, "character": 0}})
    s.request("shutdown", None)
    s.notify("exit", None)
    code = s.p.wait(timeout=10)

    print(f"binary: {binary}")
    print(f"RSS after initialize:            {start:8d} kB")
    print(f"RSS after warm-up open/close:    {warm:8d} kB")
    print(f"RSS with 1,000 documents open:   {opened:8d} kB   (open+edits+analysis {t_open:.1f} s)")
    print(f"RSS after closing all:           {closed:8d} kB   ({100.0 * (closed - warm) / warm:+.1f}% vs warm-up)")
    if cycles > 1:
        print(f"RSS after each of {cycles} cycles:   {after_cycles}")
    if trimmed is not None:
        print(f"RSS after malloc_trim(0):        {trimmed:8d} kB   (diagnostic, via gdb)")
    print(f"peak RSS (VmHWM):                {peak:8d} kB")
    print(f"publications received: {s.publications}; hover after closes: {'result' in alive}; exit code {code}")
    ok = closed <= warm * 1.10 and "result" in alive and code == 0
    print("PASS" if ok else "FAIL: RSS after closing is not within 10% of the warm baseline")
    return 0 if ok else 1


def load_cycle(s, pid, texts, uri):
    t0 = time.time()
    for i in range(int(os.environ.get("NIANBAO_RSS_DOCS", "1000"))):
        text = texts[i % len(texts)] + f"\n附：第{i}号\n"
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri(i), "languageId": "plaintext",
                                                           "version": 1, "text": text}})
    for i in range(int(os.environ.get("NIANBAO_RSS_DOCS", "1000"))):
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(i), "version": 2},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                          "end": {"line": 0, "character": 0}}, "text": "X"}]})
    # 10,000 rapid incremental edits to document 0: type and delete a digit on line 3
    for v in range(3, 3 + int(os.environ.get("NIANBAO_RSS_EDITS", "10000"))):
        ch = {"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
              "text": "7"} if v % 2 else \
             {"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 1}},
              "text": ""}
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri(0), "version": v},
                                            "contentChanges": [ch]})
    s.settle(1.0)
    opened = rss_kb(pid)
    t_open = time.time() - t0
    for i in range(int(os.environ.get("NIANBAO_RSS_DOCS", "1000"))):
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(i)}})
    s.settle(1.0)
    threads_busy = rss_kb(pid, "Threads")
    # tokio's blocking threads (where analyses run) exit after 10 s idle, and their stacks go
    time.sleep(12)
    closed = rss_kb(pid)
    print(f"threads right after the closes: {threads_busy}; 12 s later: {rss_kb(pid, 'Threads')}")
    return opened, closed, t_open


if __name__ == "__main__":
    sys.exit(main())
