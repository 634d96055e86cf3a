"""One adapter per client under test, all doing the same work through the same small interface.

``make(name, root)`` builds the adapter; every method sends one API call and returns something
read from the typed result, so nothing is skipped lazily. The server picks the answer by the
``model`` of the request (``small``, ``stream``, ``pause-chunked``, ...), so one client with one
base URL serves every scenario, as in real code.

  ours            openai_compat.Client, default (requests) transport
  ours-urllib3    openai_compat.Client(transport=Urllib3Transport())
  openai          openai-python's OpenAI(base_url=..., api_key=...)
  floor-*         hand-written loops in ``floors.py``
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Protocol

API_KEY = "sk-bench"
MAX_RETRIES = 2  # both libraries' default, given explicitly
MESSAGES: List[Dict[str, str]] = [{"role": "user", "content": "Say hello."}]
STREAM_OPTIONS = {"include_usage": True}
EMBEDDING_MODEL = "text-embedding-3-small"
CLIENTS = ("ours", "ours-urllib3", "openai", "floor-requests", "floor-urllib3", "floor-httpclient")


def embedding_inputs(count: int) -> List[str]:
    return [f"The benchmark sentence number {i}." for i in range(count)]


class Adapter(Protocol):
    name: str
    pool_size: str

    def chat(self, model: str = "small") -> str: ...

    def stream_iter(self, model: str = "stream") -> int: ...

    def stream_final(self) -> str: ...

    def first_chunk(self, model: str, on_first: Callable[[], None]) -> str: ...

    def embeddings(self, count: int, encoding_format: Optional[str]) -> int: ...

    def logprobs(self) -> int: ...

    def decode_logprobs(self, raw: bytes) -> int: ...

    def close(self) -> None: ...


def check_vectors(vectors: List[Any], count: int) -> int:
    """Every vector is a list of floats (decoded), as many as asked for."""
    if len(vectors) != count or not isinstance(vectors[-1], list) or not isinstance(vectors[-1][-1], float):
        raise AssertionError(f"expected {count} float vectors, got {type(vectors[-1]).__name__}")
    return len(vectors)


class Ours:
    """openai_compat on the default requests transport, or on the urllib3 one."""

    def __init__(self, root: str, transport: str = "requests") -> None:
        from openai_compat import Client

        kwargs: Dict[str, Any] = {}
        if transport == "urllib3":
            from openai_compat import Urllib3Transport

            kwargs["transport"] = Urllib3Transport()
        self.name = "ours" if transport == "requests" else "ours-urllib3"
        self.root = root
        self.client = Client(base_url=root + "/v1", api_key=API_KEY, max_retries=MAX_RETRIES, **kwargs)
        try:
            from openai_compat._internals import DEFAULT_POOL_MAXSIZE

            self.pool_size = str(DEFAULT_POOL_MAXSIZE)
        except ImportError:
            self.pool_size = "?"
        self._decoder_client: Any = None

    def chat(self, model: str = "small") -> str:
        completion = self.client.chat.completions.create(model=model, messages=MESSAGES)
        return completion.choices[0].message.content or ""

    def stream_iter(self, model: str = "stream") -> int:
        count = 0
        stream = self.client.chat.completions.create(
            model=model, messages=MESSAGES, stream=True, stream_options=STREAM_OPTIONS
        )
        with stream:
            for chunk in stream:
                if chunk.choices:
                    delta = chunk.choices[0].delta
                    delta.content  # noqa: B018 - touch the typed field
                    delta.reasoning_content  # noqa: B018 - and the provider's
                count += 1
        return count

    def stream_final(self) -> str:
        stream = self.client.chat.completions.create(
            model="stream", messages=MESSAGES, stream=True, stream_options=STREAM_OPTIONS
        )
        with stream:
            return stream.get_final_completion().choices[0].message.content or ""

    def first_chunk(self, model: str, on_first: Callable[[], None]) -> str:
        text = []
        stream = self.client.chat.completions.create(model=model, messages=MESSAGES, stream=True)
        with stream:
            for chunk in stream:
                if on_first is not None:
                    on_first()
                    on_first = None  # type: ignore[assignment]
                if chunk.choices:
                    text.append(chunk.choices[0].delta.content or "")
        return "".join(text)

    def embeddings(self, count: int, encoding_format: Optional[str]) -> int:
        kwargs = {} if encoding_format is None else {"encoding_format": encoding_format}
        response = self.client.embeddings.create(model=EMBEDDING_MODEL, input=embedding_inputs(count), **kwargs)
        return check_vectors([item.embedding for item in response.data], count)

    def logprobs(self) -> int:
        completion = self.client.chat.completions.create(model="logprobs", messages=MESSAGES, logprobs=True,
                                                         top_logprobs=5)
        return _count_logprobs(completion)

    def decode_logprobs(self, raw: bytes) -> int:
        """The same call through an in-memory transport: request building and decoding, no network."""
        if self._decoder_client is None:
            from openai_compat import Client, Response
            from openai_compat.testing import MockTransport

            headers = {"content-type": "application/json", "x-request-id": "req_bench"}
            transport = MockTransport(lambda request: Response(200, headers, content=raw))
            self._decoder_client = Client(base_url=self.root + "/v1", api_key=API_KEY, transport=transport)
        completion = self._decoder_client.chat.completions.create(model="logprobs", messages=MESSAGES,
                                                                  logprobs=True, top_logprobs=5)
        return _count_logprobs(completion)

    def close(self) -> None:
        self.client.close()


class OpenAIPython:
    """openai-python, its defaults but for the base URL and key (max_retries is the same as ours)."""

    def __init__(self, root: str) -> None:
        from openai import OpenAI
        from openai._constants import DEFAULT_CONNECTION_LIMITS

        self.name = "openai"
        self.root = root
        self.client = OpenAI(base_url=root + "/v1", api_key=API_KEY, max_retries=MAX_RETRIES)
        limits = DEFAULT_CONNECTION_LIMITS
        self.pool_size = f"{limits.max_keepalive_connections} keep-alive / {limits.max_connections} max"
        self._decoder_client: Any = None

    def chat(self, model: str = "small") -> str:
        completion = self.client.chat.completions.create(model=model, messages=MESSAGES)  # type: ignore[arg-type]
        return completion.choices[0].message.content or ""

    def stream_iter(self, model: str = "stream") -> int:
        count = 0
        stream = self.client.chat.completions.create(
            model=model, messages=MESSAGES, stream=True, stream_options=STREAM_OPTIONS  # type: ignore[arg-type]
        )
        with stream:
            for chunk in stream:
                if chunk.choices:
                    delta = chunk.choices[0].delta
                    delta.content  # noqa: B018 - touch the typed field
                    getattr(delta, "reasoning_content", None)  # an extra field to pydantic
                count += 1
        return count

    def stream_final(self) -> str:
        # openai-python's equivalent of our get_final_completion(): the chat streaming helper.
        with self.client.chat.completions.stream(
            model="stream", messages=MESSAGES, stream_options=STREAM_OPTIONS  # type: ignore[arg-type]
        ) as stream:
            return stream.get_final_completion().choices[0].message.content or ""

    def first_chunk(self, model: str, on_first: Callable[[], None]) -> str:
        text = []
        stream = self.client.chat.completions.create(model=model, messages=MESSAGES, stream=True)  # type: ignore
        with stream:
            for chunk in stream:
                if on_first is not None:
                    on_first()
                    on_first = None  # type: ignore[assignment]
                if chunk.choices:
                    text.append(chunk.choices[0].delta.content or "")
        return "".join(text)

    def embeddings(self, count: int, encoding_format: Optional[str]) -> int:
        kwargs: Dict[str, Any] = {} if encoding_format is None else {"encoding_format": encoding_format}
        response = self.client.embeddings.create(model=EMBEDDING_MODEL, input=embedding_inputs(count), **kwargs)
        return check_vectors([item.embedding for item in response.data], count)

    def logprobs(self) -> int:
        completion = self.client.chat.completions.create(
            model="logprobs", messages=MESSAGES, logprobs=True, top_logprobs=5  # type: ignore[arg-type]
        )
        return _count_logprobs(completion)

    def decode_logprobs(self, raw: bytes) -> int:
        if self._decoder_client is None:
            import httpx2
            from openai import OpenAI

            headers = {"content-type": "application/json", "x-request-id": "req_bench"}
            transport = httpx2.MockTransport(lambda request: httpx2.Response(200, headers=headers, content=raw))
            self._decoder_client = OpenAI(base_url=self.root + "/v1", api_key=API_KEY, max_retries=MAX_RETRIES,
                                          http_client=httpx2.Client(transport=transport))
        completion = self._decoder_client.chat.completions.create(
            model="logprobs", messages=MESSAGES, logprobs=True, top_logprobs=5
        )
        return _count_logprobs(completion)

    def close(self) -> None:
        self.client.close()


def _count_logprobs(completion: Any) -> int:
    tokens = completion.choices[0].logprobs.content
    tokens[-1].top_logprobs[-1].logprob  # noqa: B018 - reach the deepest typed field
    return len(tokens)


def make(name: str, root: str, *, pool_size: int = 32) -> Adapter:
    """The adapter called ``name`` for the server at ``root``; floors get a pool of ``pool_size``."""
    if name == "ours":
        return Ours(root)
    if name == "ours-urllib3":
        return Ours(root, transport="urllib3")
    if name == "openai":
        return OpenAIPython(root)
    from benchmarks import floors

    return floors.make(name, root, pool_size=pool_size)
