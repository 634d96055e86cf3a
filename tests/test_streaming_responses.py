"""``.with_streaming_response``: a context manager whose response's body is read only when asked,
decoded by the plain method's own code on ``parse()``, and closed on exit."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterator, List, Optional

import pytest
from _servers import Conn, Recorded, ScriptedServer, head, reply

from openai_compat import (
    APIResponse,
    BinaryResponse,
    ChatCompletion,
    Client,
    NotFoundError,
    Response,
    Stream,
    StreamAlreadyConsumed,
    SyncCursorPage,
    Timeout,
)
from openai_compat.testing import MockTransport, chat_completion, chat_completion_chunk, json_response, sse_body
from openai_compat.types.models import Model

MESSAGES = [{"role": "user", "content": "Hi"}]


class CountingBody:
    """A response body that records what was read of it, and whether it was closed."""

    def __init__(self, data: bytes, pieces: int = 3) -> None:
        size = max(1, -(-len(data) // pieces))
        self.chunks = [data[i : i + size] for i in range(0, len(data), size)]
        self.read: List[bytes] = []
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        while self.chunks and not self.closed:
            chunk = self.chunks.pop(0)
            self.read.append(chunk)
            yield chunk

    def close(self) -> None:
        self.closed = True


def streaming_client(data: bytes, content_type: str = "application/json") -> tuple[Client, CountingBody, MockTransport]:
    body = CountingBody(data)
    transport = MockTransport(lambda request: Response(200, {"content-type": content_type, "x-request-id": "r"},
                                                       stream=body))
    return Client(api_key="sk-test", transport=transport, max_retries=0), body, transport


def test_nothing_is_read_until_asked_and_parse_is_the_plain_result() -> None:
    client, body, transport = streaming_client(b'{"id": "gpt", "object": "model", "created": 1, "owned_by": "o"}')
    with client.models.with_streaming_response.retrieve("gpt") as response:
        assert isinstance(response, APIResponse)
        assert response.status_code == 200 and response.request_id == "r" and response.method == "GET"
        assert body.read == []  # headers only
        model = response.parse()
        assert isinstance(model, Model) and model.owned_by == "o"
        assert response.parse() is model
        assert response.json()["id"] == "gpt"  # the bytes were kept
    assert len(transport.requests) == 1  # parse() decoded the response it had, without sending again


def test_iter_bytes_text_and_lines() -> None:
    text = "first line\r\nsecond é line\nthird"
    client, _, _ = streaming_client(text.encode())
    with client.models.with_streaming_response.retrieve("gpt") as response:
        assert list(response.iter_lines()) == ["first line", "second é line", "third"]
        with pytest.raises(StreamAlreadyConsumed):
            response.read()
    client, _, _ = streaming_client(text.encode())
    with client.models.with_streaming_response.retrieve("gpt") as response:
        assert b"".join(response.iter_bytes(chunk_size=4)) == text.encode()
    client, _, _ = streaming_client(text.encode())
    with client.models.with_streaming_response.retrieve("gpt") as response:
        assert "".join(response.iter_text()) == text


def test_read_first_then_iterate_and_parse() -> None:
    client, _, _ = streaming_client(b'{"id": "gpt", "object": "model", "created": 1, "owned_by": "o"}')
    with client.models.with_streaming_response.retrieve("gpt") as response:
        raw = response.read()
        assert b"".join(response.iter_bytes()) == raw
        assert response.text() == raw.decode()
        assert response.parse().id == "gpt"


def test_exit_closes_an_unread_body_and_a_later_read_says_so() -> None:
    client, body, _ = streaming_client(b'{"id": "gpt"}')
    with client.models.with_streaming_response.retrieve("gpt") as response:
        pass
    assert body.closed and body.read == []
    assert response.is_closed
    with pytest.raises(StreamAlreadyConsumed, match="closed before its body was read"):
        response.parse()


def test_an_event_stream_parses_to_a_stream_of_this_body() -> None:
    data = sse_body([chat_completion_chunk("Hel"), chat_completion_chunk("lo")])
    client, _, transport = streaming_client(data, "text/event-stream")
    with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES, stream=True) as response:
        assert response.http_request.headers["Accept"] == "text/event-stream"
        stream = response.parse()
        assert isinstance(stream, Stream)
        assert "".join(chunk.choices[0].delta.content for chunk in stream) == "Hello"
        with pytest.raises(StreamAlreadyConsumed):
            response.read()
    assert len(transport.requests) == 1


def test_event_lines_by_hand() -> None:
    data = sse_body([chat_completion_chunk("a")])
    client, _, _ = streaming_client(data, "text/event-stream")
    with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES, stream=True) as response:
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]" and lines[0].startswith("data: {")


def test_a_download_streams_to_a_file(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 40
    client, body, _ = streaming_client(payload, "application/octet-stream")
    target = tmp_path / "out.bin"
    with client.files.with_streaming_response.content("file-1") as response:
        assert body.read == []
        assert response.stream_to_file(target) == len(payload)
    assert target.read_bytes() == payload
    client, _, _ = streaming_client(payload, "application/octet-stream")
    with client.files.with_streaming_response.content("file-1") as response:
        binary = response.parse()
        assert isinstance(binary, BinaryResponse) and binary.read() == payload


def test_an_error_status_raises_on_entry() -> None:
    transport = MockTransport(lambda request: json_response({"error": {"message": "no such model"}}, status=404))
    client = Client(api_key="sk-test", transport=transport, max_retries=0)
    manager = client.models.with_streaming_response.retrieve("nope")
    assert transport.requests == []  # nothing is sent before the with block
    with pytest.raises(NotFoundError, match="no such model"), manager:
        pass


def test_a_generator_argument_is_replayed_to_parse() -> None:
    seen: List[Any] = []

    def handler(request: Any) -> Response:
        seen.append(request.body)
        return json_response(chat_completion("ok"))

    client = Client(api_key="sk-test", transport=MockTransport(handler), max_retries=0)
    messages = ({"role": "user", "content": text} for text in ("a", "b"))
    with client.chat.completions.with_streaming_response.create(model="m", messages=messages) as response:
        assert isinstance(response.parse(), ChatCompletion)
    assert len(seen) == 1 and b'"content":"b"' in seen[0]


def test_a_page_parsed_from_a_streamed_response_pages_on() -> None:
    pages = {
        "": {"object": "list", "data": [{"id": "b1", "object": "batch"}], "has_more": True},
        "b1": {"object": "list", "data": [{"id": "b2", "object": "batch"}], "has_more": False},
    }
    transport = MockTransport(lambda request: json_response(pages[request.url.partition("after=")[2]]))
    client = Client(api_key="sk-test", transport=transport, max_retries=0)
    with client.batches.with_streaming_response.list() as response:
        page = response.parse()
    assert isinstance(page, SyncCursorPage)
    assert [batch.id for batch in page] == ["b1", "b2"]
    assert len(transport.requests) == 2


def gated_json(body: bytes, gate: threading.Event) -> Any:
    """Headers at once, the body only when the test sets ``gate``."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}))
        conn.wait(gate)
        conn.send(body)
        return None

    return handler


@pytest.mark.parametrize("transport_name", ["requests", "urllib3"])
def test_over_a_real_socket_entry_returns_before_the_body_is_sent(transport_name: str) -> None:
    from openai_compat import RequestsTransport, Urllib3Transport

    gate = threading.Event()
    body = b'{"id": "gpt", "object": "model", "created": 1, "owned_by": "o"}'
    transport = RequestsTransport() if transport_name == "requests" else Urllib3Transport()
    with ScriptedServer() as server:
        server.script(gated_json(body, gate), reply(200, {"object": "list", "data": []}))
        client = Client(api_key="sk-test", base_url=server.url, transport=transport, timeout=Timeout(2.0),
                        max_retries=0)
        with client.models.with_streaming_response.retrieve("gpt") as response:
            assert response.status_code == 200  # the body has not been sent yet: nothing read it
            gate.set()
            assert response.parse().owned_by == "o"
        assert client.models.list().data == []  # the pool still works after the exit
        client.close()
