"""The ``mock_openai`` pytest fixture: a client on a ``MockTransport`` with instant retries.

Installed with the package (entry point ``pytest11``), so any test suite can ask for it::

    def test_summary(mock_openai):
        mock_openai.add_chat("A short summary.")
        assert summarize(mock_openai.client, "long text") == "A short summary."
        assert mock_openai.routes == ["POST /v1/chat/completions"]
        assert mock_openai.last_json["model"] == "gpt-4o-mini"

Answers are queued in order (``add_chat``, ``add_chat_stream``, ``add_stream``, ``add_json``,
``add_error``, or any ``Response`` or exception with ``add``) and every request is recorded.
Retries do not sleep: each wait is recorded in ``sleeps`` and the retry loop's clock moves on by it.
``MockOpenAI`` works without pytest too (``with MockOpenAI() as mock: ...``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from types import TracebackType
from typing import Any, Deque, Iterator, List, Mapping, Optional, Sequence, Union
from urllib.parse import urlsplit

import pytest

from . import Client, Request, Response, RetryPolicy
from .testing import (
    MockTransport,
    chat_completion,
    chat_completion_chunk,
    error_response,
    json_response,
    request_json,
    sse_response,
)

__all__ = ["MockOpenAI", "mock_openai"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class _InstantClock:
    """A sleep that returns at once and a monotonic clock that jumps forward by what was slept,
    so a total deadline still counts the waits the retry loop asked for."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._skipped = 0.0
        self.sleeps: List[float] = []

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._skipped += max(0.0, seconds)

    def monotonic(self) -> float:
        with self._lock:
            return time.monotonic() + self._skipped


class MockOpenAI:
    """A ``Client`` whose transport answers from a queue, and what it was asked.

    ``client`` talks to ``base_url`` (only recorded, never connected to) with the API key
    ``sk-mock``; ``make_client(**options)`` builds more clients on the same transport and clock.
    ``transport`` is the ``MockTransport`` underneath, answering from this object's queue.
    Retry jitter is off (``random`` returns 0), so waits are exact: 0.5 s, 1 s, 2 s, ... or what a
    ``Retry-After`` header asked for.
    """

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL, max_retries: int = 2) -> None:
        self._answers: Deque[Union[Response, Exception]] = deque()
        self._lock = threading.Lock()
        self.transport = MockTransport(self._next_answer)
        self._clock = _InstantClock()
        self._base_url = base_url
        self._max_retries = max_retries
        self._clients: List[Client] = []
        self.client = self.make_client()

    # -- clients -----------------------------------------------------------------------------

    def make_client(self, **options: Any) -> Client:
        """Another ``Client`` on this transport; ``options`` go to ``Client`` (``base_url``,
        ``max_retries``, ``default_headers``, ...)."""
        options.setdefault("api_key", "sk-mock")
        options.setdefault("base_url", self._base_url)
        options.setdefault("max_retries", self._max_retries)
        options.setdefault(
            "retry_policy",
            RetryPolicy(random=lambda: 0.0, sleep=self._clock.sleep, clock=self._clock.monotonic),
        )
        client = Client(transport=self.transport, **options)
        self._clients.append(client)
        return client

    # -- queueing answers --------------------------------------------------------------------

    def add(self, *answers: Union[Response, Exception]) -> None:
        """Queue answers as they are: ``Response`` objects (see ``openai_compat.testing``) or
        exceptions the transport raises (``APIConnectionError``, ``APITimeoutError``)."""
        with self._lock:
            self._answers.extend(answers)

    def _next_answer(self, request: Request) -> Union[Response, Exception]:
        with self._lock:
            if self._answers:
                return self._answers.popleft()
        raise AssertionError(
            f"mock_openai has no answer queued for {request.method} {request.url}: "
            "queue one first (mock_openai.add_chat(...), add_json(...), ...)"
        )

    def add_json(self, body: Any, status: int = 200, headers: Optional[Mapping[str, str]] = None) -> None:
        """Queue a JSON answer: a dict, a list or a Struct."""
        self.add(json_response(body, status, headers))

    def add_chat(self, content: Optional[str] = "Hello!", **fields: Any) -> None:
        """Queue a chat completion answering ``content``; ``fields`` go to
        ``testing.chat_completion`` (``model``, ``tool_calls``, ``finish_reason``, ``usage``, ``id``)."""
        self.add_json(chat_completion(content, **fields))

    def add_chat_stream(
        self,
        pieces: Sequence[str],
        *,
        finish_reason: str = "stop",
        model: str = "gpt-4o-mini",
        chunk_sizes: Optional[Sequence[int]] = None,
    ) -> None:
        """Queue a streamed chat completion whose deltas are ``pieces``: a first chunk with the
        role, one chunk per piece, a last one with ``finish_reason``, then ``[DONE]``."""
        chunks = [chat_completion_chunk(role="assistant", content="", model=model)]
        chunks += [chat_completion_chunk(piece, model=model) for piece in pieces]
        chunks.append(chat_completion_chunk(finish_reason=finish_reason, model=model))
        self.add(sse_response(chunks, chunk_sizes=chunk_sizes))

    def add_stream(
        self, events: Sequence[Any], *, done: bool = True, chunk_sizes: Optional[Sequence[int]] = None
    ) -> None:
        """Queue any event stream: dicts and Structs become ``data:`` lines, ``str`` and ``bytes``
        are sent as written (for ``event:`` lines or broken framing); ``[DONE]`` ends it if ``done``."""
        self.add(sse_response(events, done=done, chunk_sizes=chunk_sizes))

    def add_error(
        self,
        status: int,
        message: str = "error",
        *,
        type: Optional[str] = None,
        code: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Queue an API error in OpenAI's shape (``add_error(429, headers={"retry-after": "2"})``)."""
        self.add(error_response(status, message, type=type, code=code, headers=headers))

    # -- what was asked ----------------------------------------------------------------------

    @property
    def requests(self) -> List[Request]:
        """Every request sent, in order (retries included)."""
        return list(self.transport.requests)

    @property
    def last_request(self) -> Request:
        return self.transport.last_request

    @property
    def last_json(self) -> Any:
        """The JSON body of the last request, decoded to builtins."""
        return request_json(self.transport.last_request)

    @property
    def routes(self) -> List[str]:
        """``"METHOD /path"`` of every request, without host or query: ``"POST /v1/chat/completions"``."""
        return [f"{request.method} {urlsplit(request.url).path}" for request in self.transport.requests]

    @property
    def sleeps(self) -> List[float]:
        """The waits between retries, in seconds, that the clients asked for (none was slept)."""
        with self._clock._lock:
            return list(self._clock.sleeps)

    @property
    def pending(self) -> int:
        """How many queued answers no request has taken yet."""
        with self._lock:
            return len(self._answers)

    def assert_all_used(self) -> None:
        """Fail if a queued answer was never asked for (the code made fewer calls than expected)."""
        left = self.pending
        if left:
            raise AssertionError(f"{left} queued answer(s) were never requested; requests made: {self.routes}")

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        for client in self._clients:
            client.close()

    def __enter__(self) -> MockOpenAI:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<MockOpenAI {self._base_url} requests={len(self.transport.requests)} pending={self.pending}>"


@pytest.fixture
def mock_openai() -> Iterator[MockOpenAI]:
    """A ``MockOpenAI``: ``mock_openai.client`` answers from the queued responses, instantly."""
    with MockOpenAI() as mock:
        yield mock
