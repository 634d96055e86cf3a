"""The hand-written floors: the least code that does the clients' work on one HTTP library.

Each floor encodes the body with msgspec, sends it with its library, reads the body (streams with
``read1``, so events arrive as their bytes do), splits server-sent events on ``b"\\n\\n"`` and
decodes into the Structs of ``floor_types``. No retries, no error mapping, no configuration: the
distance between a client and its floor is what the client's features cost.
"""

from __future__ import annotations

import array
import base64
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional
from urllib.parse import urlsplit

from benchmarks import floor_types as ft
from benchmarks.adapters import API_KEY, EMBEDDING_MODEL, MESSAGES, STREAM_OPTIONS, check_vectors, embedding_inputs

HEADERS = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
READ_SIZE = 65536


class Floor:
    """The shared logic; a subclass supplies ``post`` (whole body) and ``post_stream`` (pieces)."""

    name = "floor"
    pool_size = "?"

    def __init__(self, root: str) -> None:
        self.root = root

    def post(self, path: str, body: Dict[str, Any]) -> bytes:
        raise NotImplementedError

    def post_stream(self, path: str, body: Dict[str, Any]) -> Iterator[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    # -- the work ---------------------------------------------------------------------------

    def chat(self, model: str = "small") -> str:
        completion = ft.COMPLETION.decode(self.post("/v1/chat/completions", {"model": model, "messages": MESSAGES}))
        return completion.choices[0].message.content or ""

    def _chunks(self, model: str, **extra: Any) -> Iterator[ft.ChatCompletionChunk]:
        body = {"model": model, "messages": MESSAGES, "stream": True, **extra}
        pending = b""
        done = False
        for piece in self.post_stream("/v1/chat/completions", body):  # read to the end: the socket is reused
            pending += piece
            *events, pending = pending.split(b"\n\n")
            for event in events:
                if done or not event.startswith(b"data: "):
                    continue
                data = event[6:]
                if data == b"[DONE]":
                    done = True
                    continue
                yield ft.CHUNK.decode(data)

    def stream_iter(self, model: str = "stream") -> int:
        count = 0
        for chunk in self._chunks(model, stream_options=STREAM_OPTIONS):
            if chunk.choices:
                chunk.choices[0].delta.content  # noqa: B018 - touch the typed field
            count += 1
        return count

    def stream_final(self) -> str:
        """The chunks folded into a typed ChatCompletion: text joined, finish reason and usage kept."""
        first: Optional[ft.ChatCompletionChunk] = None
        parts: List[str] = []
        finish: Optional[str] = None
        usage: Optional[ft.Usage] = None
        for chunk in self._chunks("stream", stream_options=STREAM_OPTIONS):
            first = first or chunk
            usage = chunk.usage or usage
            for choice in chunk.choices:
                if choice.delta.content:
                    parts.append(choice.delta.content)
                finish = choice.finish_reason or finish
        assert first is not None
        message = ft.Message(role="assistant", content="".join(parts))
        completion = ft.ChatCompletion(
            id=first.id, object="chat.completion", created=first.created, model=first.model,
            choices=[ft.Choice(index=0, message=message, finish_reason=finish)], usage=usage,
            service_tier=first.service_tier, system_fingerprint=first.system_fingerprint,
        )
        return completion.choices[0].message.content or ""

    def first_chunk(self, model: str, on_first: Callable[[], None]) -> str:
        text = []
        for chunk in self._chunks(model):
            if on_first is not None:
                on_first()
                on_first = None  # type: ignore[assignment]
            if chunk.choices:
                text.append(chunk.choices[0].delta.content or "")
        return "".join(text)

    def embeddings(self, count: int, encoding_format: Optional[str]) -> int:
        """``"float"``: float lists as sent. ``None`` (the floor's default path): base64, decoded here."""
        body = {"model": EMBEDDING_MODEL, "input": embedding_inputs(count),
                "encoding_format": encoding_format or "base64"}
        response = ft.EMBEDDINGS.decode(self.post("/v1/embeddings", body))
        vectors: List[Any] = []
        for item in response.data:
            if isinstance(item.embedding, str):
                item.embedding = array.array("f", base64.b64decode(item.embedding)).tolist()
            vectors.append(item.embedding)
        return check_vectors(vectors, count)

    def logprobs(self) -> int:
        body = {"model": "logprobs", "messages": MESSAGES, "logprobs": True, "top_logprobs": 5}
        return _count(ft.COMPLETION.decode(self.post("/v1/chat/completions", body)))

    def decode_logprobs(self, raw: bytes) -> int:
        return _count(ft.COMPLETION.decode(raw))


def _count(completion: ft.ChatCompletion) -> int:
    logprobs = completion.choices[0].logprobs
    assert logprobs is not None and logprobs.content
    logprobs.content[-1].top_logprobs[-1].logprob  # noqa: B018 - reach the deepest typed field
    return len(logprobs.content)


class RequestsFloor(Floor):
    name = "floor-requests"

    def __init__(self, root: str, pool_size: int) -> None:
        import requests
        import requests.adapters

        super().__init__(root)
        self.session = requests.Session()
        self.session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=pool_size))
        self.pool_size = str(pool_size)

    def post(self, path: str, body: Dict[str, Any]) -> bytes:
        return self.session.post(self.root + path, data=ft.ENCODER.encode(body), headers=HEADERS).content

    def post_stream(self, path: str, body: Dict[str, Any]) -> Iterator[bytes]:
        response = self.session.post(self.root + path, data=ft.ENCODER.encode(body), headers=HEADERS, stream=True)
        with response:
            yield from iter(lambda: response.raw.read1(READ_SIZE), b"")

    def close(self) -> None:
        self.session.close()


class Urllib3Floor(Floor):
    name = "floor-urllib3"

    def __init__(self, root: str, pool_size: int) -> None:
        import urllib3

        super().__init__(root)
        self.pool = urllib3.PoolManager(maxsize=pool_size)
        self.pool_size = str(pool_size)

    def post(self, path: str, body: Dict[str, Any]) -> bytes:
        return self.pool.request("POST", self.root + path, body=ft.ENCODER.encode(body), headers=HEADERS).data

    def post_stream(self, path: str, body: Dict[str, Any]) -> Iterator[bytes]:
        response = self.pool.request("POST", self.root + path, body=ft.ENCODER.encode(body), headers=HEADERS,
                                     preload_content=False)
        yield from iter(lambda: response.read1(READ_SIZE), b"")
        response.release_conn()

    def close(self) -> None:
        self.pool.clear()


class HTTPClientFloor(Floor):
    """http.client, one connection per thread (HTTPConnection is not thread-safe)."""

    name = "floor-httpclient"

    def __init__(self, root: str, pool_size: int) -> None:
        super().__init__(root)
        parts = urlsplit(root)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.local = threading.local()
        self.pool_size = f"1 per thread (up to {pool_size})"

    def _conn(self) -> Any:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            import http.client

            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port)
        return conn

    def post(self, path: str, body: Dict[str, Any]) -> bytes:
        conn = self._conn()
        conn.request("POST", path, ft.ENCODER.encode(body), HEADERS)
        data: bytes = conn.getresponse().read()
        return data

    def post_stream(self, path: str, body: Dict[str, Any]) -> Iterator[bytes]:
        conn = self._conn()
        conn.request("POST", path, ft.ENCODER.encode(body), HEADERS)
        response = conn.getresponse()
        yield from iter(lambda: response.read1(READ_SIZE), b"")

    def close(self) -> None:
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()


def make(name: str, root: str, *, pool_size: int) -> Floor:
    kinds: Dict[str, Callable[[str, int], Floor]] = {
        "floor-requests": RequestsFloor,
        "floor-urllib3": Urllib3Floor,
        "floor-httpclient": HTTPClientFloor,
    }
    if name not in kinds:
        raise SystemExit(f"unknown client {name!r}")
    return kinds[name](root, pool_size)
