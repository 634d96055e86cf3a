"""Scenario ``bulk``: ``bulk.run`` against a server that enforces a rate limit.

The server (``python -m benchmarks.bulk serve RPM TPM DELAY_MS``, its own process, so it never
competes with the client for the GIL) answers chat completions after ``DELAY_MS`` and enforces
both limits as OpenAI does over short periods: token buckets refilling at the per-minute limit and
holding one second's worth. A request over either limit is answered 429 at once, with
``retry-after-ms`` and the ``x-ratelimit-*`` headers; every answer carries those headers. A
request's token cost is the server's own count, ``ceil(characters of the message / 4) + max_tokens``
(the client estimates it independently). ``/reset`` refills the buckets and clears the counts,
``/stats`` reports them.

One measurement (``measure``) runs, against one server:

1. ``threads``: the requests through ``bulk.run`` on its default thread pool;
2. ``dask``: the same requests as a bag of 16 partitions through ``bulk.run_dask`` on a 2-worker
   ``LocalCluster`` (started before the clock starts);
3. ``kill``: the command line (``python -m openai_compat.bulk``) killed with SIGKILL at a random
   point, then run again to the end: does the output hold every ``custom_id`` exactly once?

``physical_s`` is the time the limits allow: the largest of (requests - one second's burst) / rate
and (the server's tokens - one second's burst) / rate. Each run's ``ratio`` is its time over that.
"""

from __future__ import annotations

import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import msgspec

HOST = "127.0.0.1"
FILLER = "Classify the sentiment of this review as positive, negative or neutral, then explain. " * 8
MAX_TOKENS = 40


# -- the server ------------------------------------------------------------------------------------


class _Bucket:
    def __init__(self, per_minute: float) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(self.rate, 1.0)
        self.level = self.capacity
        self.updated = time.monotonic()

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now

    def headers(self, kind: str) -> List[Tuple[str, str]]:
        reset = max(0.0, self.capacity - self.level) / self.rate
        return [(f"x-ratelimit-limit-{kind}", str(round(self.rate * 60))),
                (f"x-ratelimit-remaining-{kind}", str(max(0, int(self.level)))),
                (f"x-ratelimit-reset-{kind}", f"{reset * 1000:.0f}ms")]


class _Message(msgspec.Struct):
    content: str = ""


class _ChatBody(msgspec.Struct):
    messages: List[_Message] = []
    max_tokens: int = 0


_decode_chat = msgspec.json.Decoder(_ChatBody).decode


class LimitServer:
    """Raw sockets, a thread per connection, HTTP/1.1 keep-alive; state under one lock."""

    def __init__(self, rpm: float, tpm: float, delay_s: float) -> None:
        self.limits = (rpm, tpm)
        self.delay_s = delay_s
        self.lock = threading.Lock()
        self.reset()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, 0))
        self.listener.listen(1024)
        self.port: int = self.listener.getsockname()[1]

    def reset(self) -> None:
        with self.lock:
            self.requests, self.tokens = _Bucket(self.limits[0]), _Bucket(self.limits[1])
            self.answered = 0
            self.limited = 0
            self.by_text: Dict[str, int] = {}

    def serve_forever(self) -> None:
        while True:
            sock, _ = self.listener.accept()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._connection, args=(sock,), daemon=True).start()

    def _connection(self, sock: socket.socket) -> None:
        rfile = sock.makefile("rb")
        try:
            while True:
                line = rfile.readline(65537)
                if not line:
                    return
                length = 0
                while True:
                    header = rfile.readline(65537)
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = rfile.read(length) if length else b""
                sock.sendall(self._answer(line.split()[1].decode("latin-1"), body))
        except OSError:
            pass
        finally:
            rfile.close()
            sock.close()

    def _answer(self, path: str, body: bytes) -> bytes:
        if path == "/reset":
            self.reset()
            return _response(200, [], b"{}")
        if path == "/stats":
            with self.lock:
                stats = {"answered": self.answered, "limited": self.limited, "distinct": len(self.by_text),
                         "sent": sum(self.by_text.values())}
            return _response(200, [], json.dumps(stats).encode())
        chat = _decode_chat(body)
        text = chat.messages[0].content if chat.messages else ""
        cost = -(-sum(len(message.content) for message in chat.messages) // 4) + chat.max_tokens
        with self.lock:
            now = time.monotonic()
            self.requests.refill(now)
            self.tokens.refill(now)
            over = self.requests.level < 1 or self.tokens.level < min(cost, self.tokens.capacity)
            if not over:
                self.requests.level -= 1
                self.tokens.level -= cost
            headers = self.requests.headers("requests") + self.tokens.headers("tokens")
            if over:
                self.limited += 1
                wait = max((1 - self.requests.level) / self.requests.rate,
                           (min(cost, self.tokens.capacity) - self.tokens.level) / self.tokens.rate)
                headers.append(("retry-after-ms", str(max(1, math.ceil(wait * 1000)))))
            else:
                self.answered += 1
                self.by_text[text] = self.by_text.get(text, 0) + 1
        if over:
            return _response(429, headers, b'{"error": {"message": "Rate limit reached for requests", "type": '
                                           b'"requests", "param": null, "code": "rate_limit_exceeded"}}')
        time.sleep(self.delay_s)
        answer = {"id": "chatcmpl-bulk", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
                  "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                               "message": {"role": "assistant", "content": "positive"}}],
                  "usage": {"prompt_tokens": cost - chat.max_tokens, "completion_tokens": 1,
                            "total_tokens": cost - chat.max_tokens + 1}}
        return _response(200, [*headers, ("x-request-id", f"req_{self.answered}")], json.dumps(answer).encode())


def _response(status: int, headers: List[Tuple[str, str]], body: bytes) -> bytes:
    reason = {200: "OK", 429: "Too Many Requests"}[status]
    lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json",
             f"Content-Length: {len(body)}", "Connection: keep-alive", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# -- the measurement -----------------------------------------------------------------------------------


def requests_file(folder: Path, count: int) -> Tuple[Path, List[int]]:
    """The job's input and the server's token cost of each request: prompts of 100 to 700 characters."""
    rows, costs = [], []
    for index in range(count):
        text = f"row-{index}: " + FILLER[: 100 + (index * 97) % 600]
        rows.append({"custom_id": f"row-{index}", "method": "POST", "url": "/v1/chat/completions",
                     "body": {"model": "gpt-4o-mini", "max_tokens": MAX_TOKENS,
                              "messages": [{"role": "user", "content": text}]}})
        costs.append(-(-len(text) // 4) + MAX_TOKENS)
    path = folder / "requests.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path, costs


def physical_seconds(count: int, tokens: int, rpm: float, tpm: float) -> float:
    """The time the limits allow for ``count`` requests of ``tokens`` in all, after a full burst."""
    return max((count - rpm / 60) / (rpm / 60), (tokens - tpm / 60) / (tpm / 60))


class _Server:
    """The server process of one measurement."""

    def __init__(self, rpm: float, tpm: float, delay_ms: float) -> None:
        # stdin stays open while this process lives: the server exits when it closes, even after a kill.
        self.process = subprocess.Popen([sys.executable, "-m", "benchmarks.bulk", "serve", str(rpm), str(tpm),
                                         str(delay_ms)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.root = f"http://{HOST}:{int(self.process.stdout.readline())}"
        self.url = self.root + "/v1"

    def get(self, path: str) -> Dict[str, Any]:
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.root + path, timeout=10) as answer:
            result: Dict[str, Any] = json.loads(answer.read())
        return result

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def _line_ids(path: Path) -> List[str]:
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        raise RuntimeError(f"{path} ends in a cut-off line")
    return [json.loads(line)["custom_id"] for line in data.splitlines()]


def run_threads(server: _Server, inputs: Path, folder: Path, config: Dict[str, Any]) -> Tuple[float, Dict[str, Any]]:
    from openai_compat import Client, bulk

    server.get("/reset")
    client = Client(api_key="sk-bench", base_url=server.url)
    summary = bulk.run(client, inputs, output=folder / "threads.jsonl", max_requests_per_minute=config["rpm"],
                       max_tokens_per_minute=config["tpm"], progress=False)
    if not summary.complete or summary.succeeded != config["count"]:
        raise RuntimeError(f"the threads run did not finish: {summary}")
    return summary.elapsed, server.get("/stats")


def run_dask(server: _Server, inputs: Path, folder: Path, config: Dict[str, Any]) -> Tuple[float, Dict[str, Any]]:
    import dask.bag
    import distributed

    from openai_compat import Client, bulk

    rows = [json.loads(line) for line in inputs.read_text().splitlines()]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True, host=HOST,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as dask_client:
        server.get("/reset")
        client = Client(api_key="sk-bench", base_url=server.url, pickle_api_key=True)
        summary = bulk.run_dask(client, dask.bag.from_sequence(rows, npartitions=16), output=folder / "dask.jsonl",
                                max_requests_per_minute=config["rpm"], max_tokens_per_minute=config["tpm"],
                                progress=False, dask_client=dask_client)
    if not summary.complete or summary.succeeded != config["count"]:
        raise RuntimeError(f"the Dask run did not finish: {summary}")
    return summary.elapsed, server.get("/stats")


def run_killed(server: _Server, inputs: Path, folder: Path, config: Dict[str, Any], physical: float) -> Dict[str, Any]:
    server.get("/reset")
    output = folder / "killed.jsonl"
    env = {**os.environ, "OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": server.url, "NO_PROXY": HOST}
    command = [sys.executable, "-m", "openai_compat.bulk", str(inputs), str(output), "--no-progress",
               "--rpm", str(config["rpm"]), "--tpm", str(config["tpm"])]
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0.2, 0.8) * physical + 0.5)  # a random point of the run (start-up included)
    child.send_signal(signal.SIGKILL)
    child.wait()
    killed_at = len(_line_ids(output)) if output.exists() else 0
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the rerun after the kill failed: {done.stderr[-2000:]}")
    ids = _line_ids(output)
    expected = {f"row-{index}" for index in range(config["count"])}
    sent = server.get("/stats")["sent"]
    return {"kill_exactly_once": len(ids) == len(expected) and set(ids) == expected,
            "kill_at_lines": killed_at, "kill_sent_twice": sent - config["count"]}


def measure(client: str, config: Dict[str, Any]) -> Dict[str, Any]:
    """One round of the scenario (``client`` is always ``ours``: openai-python has no bulk runner)."""
    settings = {"count": config["bulk_requests"], "rpm": config["bulk_rpm"], "tpm": config["bulk_tpm"]}
    result: Dict[str, Any] = {"requests": settings["count"], "rpm": settings["rpm"], "tpm": settings["tpm"]}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        inputs, costs = requests_file(folder, settings["count"])
        physical = physical_seconds(settings["count"], sum(costs), settings["rpm"], settings["tpm"])
        result["physical_s"] = physical
        server = _Server(settings["rpm"], settings["tpm"], config["bulk_delay_ms"])
        try:
            for name, runner in (("threads", run_threads), ("dask", run_dask)):
                elapsed, stats = runner(server, inputs, folder, settings)
                result[f"{name}_s"] = elapsed
                result[f"{name}_ratio"] = elapsed / physical
                result[f"{name}_429_pct"] = 100.0 * stats["limited"] / (stats["answered"] + stats["limited"])
            result.update(run_killed(server, inputs, folder, settings, physical))
        finally:
            server.close()
    return result


# -- the verdicts ---------------------------------------------------------------------------------------


def verdicts(summary: Dict[str, Dict[str, Dict[str, Any]]], *, smoke: bool) -> List[Any]:
    """The bulk targets (threads run and kill test; the Dask run is reported, not judged)."""
    from benchmarks.report import Verdict

    row = summary.get("bulk", {}).get("ours")
    targets = ("threads: time ÷ the time the limits allow ≤ 1.1x", "threads: answered 429 < 1%",
               "killed with SIGKILL at a random point, then rerun: every custom_id exactly once")
    if row is None:
        return [Verdict("bulk", "ours", target, "no data", None) for target in targets]
    ratio, limited, once = row["threads_ratio"], row["threads_429_pct"], str(row["kill_exactly_once"])
    hits, total = (int(part) for part in once.split("/"))
    reference = f"2-worker LocalCluster: {row['dask_ratio']:.3g}x, {row['dask_429_pct']:.2g}% answered 429"
    return [
        Verdict("bulk", "ours", targets[0], f"{ratio:.3g}x ({row['threads_s']:.1f} s of {row['physical_s']:.1f} s)",
                None if smoke else ratio <= 1.1, reference),
        Verdict("bulk", "ours", targets[1], f"{limited:.2g}%", None if smoke else limited < 1.0),
        Verdict("bulk", "ours", targets[2], f"{once} rounds", None if smoke else hits == total),
    ]


def main() -> None:
    if sys.argv[1:2] != ["serve"]:
        raise SystemExit("usage: python -m benchmarks.bulk serve RPM TPM DELAY_MS")
    rpm, tpm, delay_ms = (float(value) for value in sys.argv[2:5])
    server = LimitServer(rpm, tpm, delay_ms / 1000)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.port, flush=True)
    sys.stdin.read()  # returns when the measuring process closes the pipe or dies


if __name__ == "__main__":
    main()
