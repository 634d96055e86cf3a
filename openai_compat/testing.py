"""Test helpers for code that uses openai_compat: a scripted transport and response builders.

    from openai_compat import Client
    from openai_compat.testing import MockTransport, chat_completion, json_response

    transport = MockTransport(lambda request: json_response(chat_completion("Hi!")))
    client = Client(api_key="test", transport=transport)
    assert client.chat.completions.create(model="m", messages=[]).choices[0].message.content == "Hi!"
    assert transport.requests[0].url.endswith("/chat/completions")
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

import msgspec

from ._http.transport import Request, Response
from .types._codec import encode_json

__all__ = [
    "MockTransport",
    "chat_completion",
    "chat_completion_chunk",
    "error_response",
    "json_response",
    "request_json",
    "sse_body",
    "sse_response",
]

Handler = Callable[[Request], Union[Response, Exception]]
Scripted = Union[Response, Exception]


class MockTransport:
    """A transport that answers from a handler or from a queue of scripted responses and errors.

    Every request is recorded in ``requests`` (the exact method, URL, headers and body sent).
    A scripted or returned exception is raised from ``send``, as a real transport's would be.
    """

    def __init__(self, handler: Optional[Handler] = None, *, responses: Iterable[Scripted] = ()) -> None:
        self._handler = handler
        self._queue: List[Scripted] = list(responses)
        self._lock = threading.Lock()
        self.requests: List[Request] = []
        self.closed = False

    def add(self, *responses: Scripted) -> None:
        """Queue more responses (used once the handler, if any, is not set)."""
        with self._lock:
            self._queue.extend(responses)

    @property
    def last_request(self) -> Request:
        if not self.requests:
            raise AssertionError("MockTransport has not been sent any request")
        return self.requests[-1]

    def send(self, request: Request, *, stream: bool = False) -> Response:
        if request.body is not None and not isinstance(request.body, bytes):
            # A streamed upload is read as a real transport would send it (progress callbacks
            # fire), and recorded as the bytes that went out.
            request = Request(
                request.method,
                request.url,
                headers=request.headers,
                body=b"".join(request.body),
                connect_timeout=request.connect_timeout,
                read_timeout=request.read_timeout,
            )
        with self._lock:
            self.requests.append(request)
            handler = self._handler
            if handler is None:
                if not self._queue:
                    raise AssertionError(f"MockTransport has no response left for {request.method} {request.url}")
                result: Scripted = self._queue.pop(0)
        if handler is not None:
            # Outside the lock: a handler may block (to hold requests of several threads at once).
            result = handler(request)
        if isinstance(result, BaseException):
            raise result
        if not stream:
            result.read()
        return result

    def close(self) -> None:
        self.closed = True


class _ChunkStream:
    """A body delivered in fixed pieces, as a network would split it."""

    def __init__(self, pieces: Sequence[bytes]) -> None:
        self._pieces = list(pieces)
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        while self._pieces and not self.closed:
            yield self._pieces.pop(0)

    def close(self) -> None:
        self.closed = True


def request_json(request: Request) -> Any:
    """The JSON body of a recorded request, decoded to builtins."""
    if not isinstance(request.body, bytes):
        raise AssertionError(f"{request.method} {request.url} was sent without a JSON body")
    return msgspec.json.decode(request.body)


def json_response(body: Any, status: int = 200, headers: Optional[Mapping[str, str]] = None) -> Response:
    """A response whose body is ``body`` encoded as JSON (dicts, lists and Structs)."""
    merged = {"content-type": "application/json", **(headers or {})}
    return Response(status, merged, content=encode_json(body))


def error_response(
    status: int,
    message: str = "error",
    *,
    type: Optional[str] = None,
    code: Optional[str] = None,
    param: Optional[str] = None,
    headers: Optional[Mapping[str, str]] = None,
) -> Response:
    """An API error response in OpenAI's shape: ``{"error": {"message", "type", "param", "code"}}``."""
    error = {"message": message, "type": type, "param": param, "code": code}
    return json_response({"error": error}, status, headers)


def sse_body(events: Iterable[Any], *, done: bool = True) -> bytes:
    """Encode events as an SSE body: dicts/Structs become ``data: <json>``, str/bytes go as written."""
    parts: List[bytes] = []
    for event in events:
        if isinstance(event, bytes):
            parts.append(event)
        elif isinstance(event, str):
            parts.append(event.encode("utf-8"))
        else:
            parts.append(b"data: " + encode_json(event) + b"\n\n")
    if done:
        parts.append(b"data: [DONE]\n\n")
    return b"".join(parts)


def sse_response(
    events: Iterable[Any],
    *,
    done: bool = True,
    chunk_sizes: Optional[Sequence[int]] = None,
    status: int = 200,
    headers: Optional[Mapping[str, str]] = None,
) -> Response:
    """A streaming response of ``events``; ``chunk_sizes`` splits the body into reads of those sizes
    (the last size repeats), to test events cut anywhere."""
    body = sse_body(events, done=done)
    pieces: List[bytes] = []
    if chunk_sizes:
        offset, index = 0, 0
        while offset < len(body):
            size = max(1, chunk_sizes[min(index, len(chunk_sizes) - 1)])
            pieces.append(body[offset : offset + size])
            offset, index = offset + size, index + 1
    else:
        pieces = [body]
    merged = {"content-type": "text/event-stream", **(headers or {})}
    return Response(status, merged, stream=_ChunkStream(pieces))


def chat_completion(
    content: Optional[str] = "Hello!",
    *,
    model: str = "gpt-4o-mini",
    tool_calls: Optional[List[Mapping[str, Any]]] = None,
    finish_reason: str = "stop",
    usage: Optional[Mapping[str, int]] = None,
    id: str = "chatcmpl-test",
) -> dict[str, Any]:
    """A chat completion body with one choice, as the API would send it."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = list(tool_calls)
    return {
        "id": id,
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": dict(usage or {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}),
    }


def chat_completion_chunk(
    content: Optional[str] = None,
    *,
    role: Optional[str] = None,
    finish_reason: Optional[str] = None,
    tool_calls: Optional[List[Mapping[str, Any]]] = None,
    model: str = "gpt-4o-mini",
    id: str = "chatcmpl-test",
) -> dict[str, Any]:
    """One streamed chat chunk with one choice and the given delta."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    if tool_calls is not None:
        delta["tool_calls"] = list(tool_calls)
    return {
        "id": id,
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }
