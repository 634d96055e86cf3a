"""A small OpenAI-compatible server for ``ScriptedServer``: the endpoints the CLI, the WSGI recipe and
the doctor use, with switches for the ways real servers differ or fail.

Chat streams can be paced: ``pace(i)`` is called before chunk ``i`` is sent (and may wait on the
test); ``stream_events`` records what happened to each stream (``"sent 3"``, ``"client gone after 3"``,
``"finished"``), so a test can see the client hang up.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from _servers import Conn, Recorded, chunk, head, reply

MODEL = "local-model"


def completion_body(content: str, *, finish_reason: str = "stop") -> Dict[str, Any]:
    message = {"role": "assistant", "content": content}
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": MODEL,
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }


def chunk_body(content: Optional[str] = None, *, finish_reason: Optional[str] = None) -> Dict[str, Any]:
    delta = {} if content is None else {"content": content}
    return {
        "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _sse(payload: Any, event: Optional[str] = None) -> bytes:
    name = f"event: {event}\n" if event else ""
    return f"{name}data: {json.dumps(payload)}\n\n".encode()


class FakeOpenAI:
    """Call it as a ``ScriptedServer`` handler: ``ScriptedServer().script(FakeOpenAI())``."""

    def __init__(
        self,
        *,
        key: Optional[str] = None,
        pieces: Sequence[str] = ("O", "K"),
        structured: str = '{"city": "Paris", "country": "France"}',
        reject_response_format: bool = False,
        prefix: str = "/v1",
        pace: Optional[Callable[[int], bool]] = None,
    ) -> None:
        self.key = key
        self.pieces = list(pieces)
        self.structured = structured
        self.reject_response_format = reject_response_format
        self.prefix = prefix
        self.pace = pace
        self.files: Dict[str, Tuple[str, bytes]] = {}
        self.stream_events: List[str] = []
        self.streams_done = threading.Condition()

    def __call__(self, conn: Conn, request: Recorded) -> Optional[str]:
        path = request.target.split("?")[0]
        if self.key is not None and request.headers.get("authorization") != f"Bearer {self.key}":
            error = {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                     "code": "invalid_api_key"}
            return reply(401, {"error": error})(conn, request)
        if not path.startswith(self.prefix + "/"):
            return reply(404, b"404 page not found", {"Content-Type": "text/plain"})(conn, request)
        route = path[len(self.prefix) :]
        if route == "/models":
            models = [{"id": MODEL, "object": "model", "created": 0, "owned_by": "me"}]
            return reply(200, {"object": "list", "data": models})(conn, request)
        if route == "/chat/completions":
            return self._chat(conn, request)
        if route == "/responses":
            return self._responses(conn, request)
        if route.startswith("/files"):
            return self._files(conn, request, route)
        return reply(404, {"error": {"message": f"no route {path}", "type": "not_found"}})(conn, request)

    def _chat(self, conn: Conn, request: Recorded) -> Optional[str]:
        body = json.loads(request.body)
        if body.get("stream"):
            return self._stream(conn, [_sse(chunk_body(piece)) for piece in self.pieces] + [
                _sse(chunk_body(finish_reason="stop")), b"data: [DONE]\n\n"
            ])
        if "response_format" in body:
            if self.reject_response_format:
                error = {"message": "response_format json_schema is not supported", "type": "invalid_request_error"}
                return reply(400, {"error": error})(conn, request)
            return reply(200, completion_body(self.structured))(conn, request)
        return reply(200, completion_body("".join(self.pieces)))(conn, request)

    def _stream(self, conn: Conn, events: List[bytes]) -> Optional[str]:
        fields = {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}
        sent = 0
        ok = conn.send(head(200, fields))
        for index, data in enumerate(events):
            if not ok or (self.pace is not None and not self.pace(index)):
                break
            ok = conn.send(chunk(data))
            if ok:
                sent += 1
                self._note(f"sent {sent}")
        if ok and sent == len(events) and conn.send(b"0\r\n\r\n"):
            self._note("finished")
            return None
        self._note(f"client gone after {sent}")
        return "close"

    def _note(self, what: str) -> None:
        with self.streams_done:
            self.stream_events.append(what)
            self.streams_done.notify_all()

    def _responses(self, conn: Conn, request: Recorded) -> Optional[str]:
        body = json.loads(request.body)
        text = "".join(self.pieces)
        message = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                   "content": [{"type": "output_text", "text": text, "annotations": []}]}
        response = {"id": "resp_1", "object": "response", "created_at": 0, "model": body.get("model"),
                    "status": "completed", "output": [message]}
        if not body.get("stream"):
            return reply(200, response)(conn, request)
        events = [_sse({"type": "response.created", "sequence_number": 0,
                        "response": {**response, "status": "in_progress", "output": []}}, "response.created")]
        for number, piece in enumerate(self.pieces, start=1):
            delta = {"type": "response.output_text.delta", "sequence_number": number, "item_id": "msg_1",
                     "output_index": 0, "content_index": 0, "delta": piece}
            events.append(_sse(delta, "response.output_text.delta"))
        done = {"type": "response.completed", "sequence_number": len(self.pieces) + 1, "response": response}
        events.append(_sse(done, "response.completed"))
        return self._stream(conn, events)

    def _files(self, conn: Conn, request: Recorded, route: str) -> Optional[str]:
        if route == "/files" and request.method == "POST":
            name = re.search(rb'filename="([^"]*)"', request.body)
            data = re.search(rb'filename="[^"]*"\r\n(?:[^\r\n]+\r\n)*\r\n(.*?)\r\n--', request.body, re.S)
            assert name is not None and data is not None, request.body[:200]
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = (name.group(1).decode(), data.group(1))
            return reply(200, self._file_object(file_id))(conn, request)
        if route == "/files":
            return reply(200, {"object": "list", "data": [self._file_object(i) for i in self.files]})(conn, request)
        file_id = route.split("/")[2]
        if file_id not in self.files:
            return reply(404, {"error": {"message": f"No such File object: {file_id}"}})(conn, request)
        if route.endswith("/content"):
            return reply(200, self.files[file_id][1], {"Content-Type": "application/octet-stream"})(conn, request)
        return reply(200, self._file_object(file_id))(conn, request)

    def _file_object(self, file_id: str) -> Dict[str, Any]:
        name, data = self.files[file_id]
        return {"id": file_id, "object": "file", "bytes": len(data), "created_at": 0, "filename": name,
                "purpose": "batch", "status": "processed"}
