"""A loopback handler that echoes a nonce, for the concurrency, pickle and distributed tests.

The caller sends its nonce as the last message; the server answers with a chat completion whose
content is that nonce, so a response delivered to the wrong caller (a shared socket after a fork, a
pool mix-up between threads) is caught. With ``extras`` the completion also carries provider
extensions: two the types declare, and one they do not (decoded by the tolerant path).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from _servers import Conn, Handler, Recorded, head

from openai_compat import Client


def nonce_of(request: Recorded) -> str:
    content = json.loads(request.body)["messages"][-1]["content"]
    assert isinstance(content, str)
    return content


def completion(content: str, *, extras: bool = False) -> Dict[str, Any]:
    message: Dict[str, Any] = {"role": "assistant", "content": content}
    body: Dict[str, Any] = {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
    }
    if extras:  # DeepSeek's reasoning_content and Groq's x_groq (declared), a field nobody declares
        message["reasoning_content"] = f"thinking about {content}"
        body["x_groq"] = {"id": f"req_{content}"}
        body["x_unlisted"] = {"nonce": content}
    return body


def echo_handler(*, extras: bool = False, request_id: Optional[str] = None) -> Handler:
    """Answer each request with a completion of its nonce (and an ``x-request-id`` if given)."""

    def handler(conn: Conn, request: Recorded) -> None:
        data = json.dumps(completion(nonce_of(request), extras=extras)).encode()
        fields = {"Content-Type": "application/json", "Content-Length": str(len(data))}
        if request_id is not None:
            fields["x-request-id"] = request_id
        conn.send(head(200, fields) + data)

    return handler


echo = echo_handler()


def ask(client: Client, nonce: str) -> str:
    """One chat completion carrying ``nonce``; returns what came back."""
    result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": nonce}])
    return result.choices[0].message.content or ""
