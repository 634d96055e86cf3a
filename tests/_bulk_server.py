"""A loopback OpenAI-style server for the bulk tests: chat completions and embeddings that answer
after a delay, under optional requests- and tokens-per-minute limits.

Limits are token buckets holding one second's worth, like OpenAI's per-minute limits enforced over
short periods: a request beyond them is answered 429 with ``retry-after-ms`` and the
``x-ratelimit-*`` headers, and every answer carries those headers. A request's token cost is
``ceil(characters of its text / 4) + max_tokens`` (the server's own count, not the client's).
Every request is recorded (its first message, or input, and when it arrived), so tests can check
that each ``custom_id`` reached the server and how fast requests came.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple


class _Bucket:
    def __init__(self, per_minute: Optional[float]) -> None:
        self.rate = None if per_minute is None else per_minute / 60.0
        self.capacity = 0.0 if self.rate is None else max(self.rate, 1.0)
        self.level = self.capacity
        self.updated = time.monotonic()

    def refill(self, now: float) -> None:
        if self.rate is not None:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now


class BulkServer:
    """``with BulkServer(rpm=600, tpm=None, delay=0.01) as server: server.url`` (with ``/v1``)."""

    def __init__(self, *, rpm: Optional[float] = None, tpm: Optional[float] = None, delay: float = 0.0,
                 fail: Optional[Dict[str, Tuple[int, Dict[str, Any]]]] = None) -> None:
        self.requests = _Bucket(rpm)
        self.tokens = _Bucket(tpm)
        self.delay = delay
        self.fail = fail or {}  # text -> (status, error body): answered instead of the completion
        self.lock = threading.Lock()
        self.seen: List[Tuple[float, str, int]] = []  # (arrival, text, status)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                status, headers, payload = server.answer(self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in {**headers, "content-type": "application/json",
                                    "content-length": str(len(data))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> BulkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def texts(self, status: int = 200) -> List[str]:
        with self.lock:
            return [text for _, text, answered in self.seen if answered == status]

    def answer(self, path: str, body: Dict[str, Any]) -> Tuple[int, Dict[str, str], Any]:
        if path.endswith("/embeddings"):
            text = body["input"] if isinstance(body["input"], str) else " ".join(body["input"])
        else:
            text = body["messages"][0]["content"]
        cost = -(-len(text) // 4) + int(body.get("max_tokens") or 0)
        now = time.monotonic()
        with self.lock:
            status, headers = self._admit(now, cost)
            if status == 200 and text in self.fail:
                status = self.fail[text][0]
            self.seen.append((now, text, status))
        if self.delay:
            time.sleep(self.delay)
        if status == 429 and text not in self.fail:
            return status, headers, {"error": {"message": "Rate limit reached", "type": "requests",
                                               "code": "rate_limit_exceeded", "param": None}}
        if status != 200:
            return status, headers, self.fail[text][1]
        headers["x-request-id"] = f"req_{len(self.seen)}"
        if path.endswith("/embeddings"):
            return 200, headers, {"object": "list", "model": body["model"], "data": [
                {"object": "embedding", "index": 0, "embedding": [0.5, -0.25]}],
                "usage": {"prompt_tokens": cost, "total_tokens": cost}}
        return 200, headers, {
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": cost, "completion_tokens": 1, "total_tokens": cost + 1},
        }

    def _admit(self, now: float, cost: float) -> Tuple[int, Dict[str, str]]:
        headers: Dict[str, str] = {}
        buckets = (("requests", self.requests, 1.0), ("tokens", self.tokens, cost))
        for _, bucket, _ in buckets:
            bucket.refill(now)
        over = [(name, bucket, units) for name, bucket, units in buckets
                if bucket.rate is not None and bucket.level < min(units, bucket.capacity)]
        if not over:
            for _, bucket, units in buckets:
                bucket.level -= units if bucket.rate is not None else 0
        for name, bucket, _ in buckets:
            if bucket.rate is not None:
                headers[f"x-ratelimit-limit-{name}"] = str(round(bucket.rate * 60))
                headers[f"x-ratelimit-remaining-{name}"] = str(max(0, int(bucket.level)))
                headers[f"x-ratelimit-reset-{name}"] = f"{max(0.0, bucket.capacity - bucket.level) / bucket.rate:.3f}s"
        if over:
            wait = max((min(units, bucket.capacity) - bucket.level) / bucket.rate for _, bucket, units in over)
            headers["retry-after-ms"] = str(max(1, round(wait * 1000)))
            return 429, headers
        return 200, headers
