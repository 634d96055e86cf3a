"""A user's first calls with the installed package, against a loopback server made of the stdlib.

    python smoke_call.py [EXPECTED_PACKAGE_DIR_PREFIX]

Asks for a chat completion, whole and streamed, and checks both what the server received (path,
key, exactly the body the caller gave) and what the caller got back. With an argument, also checks
that ``openai_compat`` was imported from under that directory (the virtualenv, not a checkout).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List

import openai_compat
from openai_compat import Client

KEY = "sk-check-package"
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
DELTAS = ["Hel", "lo", " there"]
received: List[Dict[str, Any]] = []


def chunk(content: str) -> bytes:
    body = {
        "id": "chatcmpl-2",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }
    return b"data: " + json.dumps(body).encode() + b"\n\n"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        received.append({"path": self.path, "authorization": self.headers.get("Authorization"), "body": body})
        if body.get("stream"):
            payload = b"".join(chunk(delta) for delta in DELTAS) + b"data: [DONE]\n\n"
            content_type = "text/event-stream"
        else:
            payload, content_type = json.dumps(COMPLETION).encode(), "application/json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    if len(sys.argv) > 1:
        where = os.path.realpath(openai_compat.__file__)
        assert where.startswith(os.path.realpath(sys.argv[1])), f"openai_compat imported from {where}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)  # the call goes to loopback, never through a proxy
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    messages = [{"role": "user", "content": "Hi"}]
    try:
        with Client(api_key=KEY, base_url=f"http://127.0.0.1:{server.server_port}/v1", max_retries=0) as client:
            completion = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
            with client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True) as stream:
                streamed = "".join(choice.delta.content or "" for chunk in stream for choice in chunk.choices)
    finally:
        server.shutdown()
    assert completion.choices[0].message.content == "Hello", completion
    assert streamed == "".join(DELTAS), streamed
    assert [request["path"] for request in received] == ["/v1/chat/completions"] * 2, received
    assert all(request["authorization"] == f"Bearer {KEY}" for request in received), received
    assert received[0]["body"] == {"model": "gpt-4o-mini", "messages": messages}, received[0]
    assert received[1]["body"] == {"model": "gpt-4o-mini", "messages": messages, "stream": True}, received[1]
    print(f"openai_compat {openai_compat.__version__} from {os.path.dirname(openai_compat.__file__)}: calls ok")


if __name__ == "__main__":
    main()
