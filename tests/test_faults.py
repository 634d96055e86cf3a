"""The fault matrix: every fault scenario (f01 to f26) as a named test,
each run on both real transports against real loopback sockets.

Each test asserts the outcome (the result, or the exact typed error with its cause chain where that
says something), the attempts the server or the transport saw, a wall-time bound (no hang past the
configured deadline), and that the same session then completes a normal request. Retries are
instant and deterministic: the ``RetryPolicy`` gets a sleep that records the delay and moves an
offset clock on, a fixed random (no jitter) and a fixed wall clock.

Scenario 27 (Realtime over websocket-client) is out of scope: this library has no Realtime client.

The decisions on faults, and where each is tested:

- Retry-After over 120 s is not waited for: the error is raised at once ........... f11, f12
- a TLS verification failure is not retried; verification is on by default;
  ``verify=False`` warns once per transport ....................................... f26
- a request that failed before any response byte is retried, a POST too ........... f05, f09
- a stream that has yielded data is never retried, and its error keeps the items .. f04, f05, f07
- a clean EOF without ``[DONE]`` ends a stream; a truncated body raises
  ``APIConnectionError`` ............................................................. f21, f06, f07
- invalid UTF-8 or JSON in a 2xx body raises a typed error with the raw bytes ...... f15
- cross-origin redirects are refused (nothing reaches the other origin), same-origin
  ones followed ...................................................................... f24
- error bodies are read and kept up to ``MAX_ERROR_BODY`` (1 MiB) ................. f14
- SSE events are capped by ``max_event_size`` (default 128 MiB, so 64 MiB pass) .... f14
"""

from __future__ import annotations

import base64
import http.client
import json
import ssl
import threading
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, cast

import msgspec
import pytest
from _faults import (
    Endless,
    hang_up,
    huge_event,
    make_certs,
    reset,
    send_then_close,
    send_then_hold,
    sse_bytes,
    tunnel,
    unanswered_port,
)
from _servers import (
    DONE,
    Conn,
    Recorded,
    ScriptedServer,
    chunk,
    cut_length,
    event,
    head,
    raw,
    refused_port,
    reply,
    sse_chunked,
    sse_close_delimited,
    sse_stall,
    stall,
)

from openai_compat import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    InsecureTransportWarning,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    Request,
    RequestsTransport,
    Response,
    RetryPolicy,
    Session,
    SSEDecoder,
    Timeout,
    Transport,
    UnprocessableEntityError,
    Urllib3Transport,
)
from openai_compat._internals import MAX_ERROR_BODY
from openai_compat.testing import MockTransport, chat_completion
from openai_compat.types.chat import ChatCompletion

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
KEY = "sk-test-faults-0123456789"
NOW = 1696004797.0  # Fri, 29 Sep 2023 16:26:37 GMT, the wall clock openai-python's tests fix
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
BODY_BYTES = b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
OK = {"ok": True}
FAST = 2.0  # seconds: "at once", generously, on a loaded CI machine
JSON = {"Content-Type": "application/json"}
N1, N2, N3 = {"n": 1}, {"n": 2}, {"n": 3}


# -- the rig -------------------------------------------------------------------------------------


class Counting:
    """Wraps a transport to count attempts, also those that never reach a server."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.sends = 0

    def send(self, request: Request, *, stream: bool = False) -> Response:
        self.sends += 1
        return self.inner.send(request, stream=stream)

    def close(self) -> None:
        self.inner.close()


class Rig:
    """Sessions on the transport under test, with deterministic retries; all closed at the end."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.sleeps: List[float] = []
        self.offset = 0.0
        self.sessions: List[Session] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds  # the clock moves on as if we had slept, so total budgets still apply

    def clock(self) -> float:
        return time.monotonic() + self.offset

    def session(self, base_url: str, *, max_retries: int = 2, timeout: Optional[Timeout] = None,
                **transport_options: Any) -> Session:
        policy = RetryPolicy(sleep=self.sleep, random=lambda: 0.0, clock=self.clock, wall_clock=lambda: NOW)
        session = Session(
            api_key=KEY,
            base_url=base_url,
            transport=Counting(TRANSPORTS[self.kind](**transport_options)),
            retry_policy=policy,
            max_retries=max_retries,
            timeout=timeout or Timeout(5),
        )
        self.sessions.append(session)
        return session


@pytest.fixture(params=sorted(TRANSPORTS))
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    made = Rig(request.param)
    yield made
    for session in made.sessions:
        session.close()


def _server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv
        assert not srv.errors, srv.errors


server = pytest.fixture(_server)
other = pytest.fixture(_server)  # a second origin


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_certs(tmp_path_factory.mktemp("fault-tls"))


def tls_context(certs: Path, name: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / f"{name}.pem", certs / f"{name}.key")
    return context


@pytest.fixture
def tls_server(certs: Path) -> Iterator[ScriptedServer]:
    with ScriptedServer(tls=tls_context(certs, "leaf")) as srv:
        srv.script(reply(200, {"tls": True}))
        yield srv


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """The block must end (return or raise) within ``seconds`` of wall time."""
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    assert took < seconds, f"took {took:.2f} s; the bound is {seconds} s"


def chat(session: Session, **kwargs: Any) -> Any:
    return session.request("POST", "/chat/completions", cast_to=object, body=BODY, **kwargs)


def stream(session: Session, **kwargs: Any) -> Any:
    return session.stream("POST", "/chat/completions", cast_to=object, body={**BODY, "stream": True}, **kwargs)


def consume(items: Any, got: List[Any]) -> None:
    """Iterate ``items`` into ``got``, so a test sees what arrived before an error."""
    for item in items:
        got.append(item)


def attempts(session: Session) -> int:
    return cast(Counting, session.transport).sends


def chain(exc: BaseException) -> List[BaseException]:
    seen: List[BaseException] = []
    todo: List[Any] = [exc]
    while todo:
        link = todo.pop()
        if isinstance(link, BaseException) and all(link is not s for s in seen):
            seen.append(link)
            todo += [link.__cause__, link.__context__, getattr(link, "reason", None), *link.args]
    return seen


def recovers(session: Session, server: ScriptedServer) -> None:
    """The same session then completes a normal request (to ``server``, by absolute URL)."""
    server.script(reply(200, OK))
    with within(FAST):
        assert session.request("POST", server.url + "/chat/completions", cast_to=object, body=BODY) == OK


def gated_reset(data: bytes, gate: threading.Event) -> Any:
    """Send ``data``, wait for the test to set ``gate``, then reset the connection."""
    rst = reset()

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(data)
        conn.wait(gate)
        return rst(conn, request)

    return handler


def redirect(status: int, location: str) -> Any:
    return reply(status, b"", {"Location": location})


# -- 1-4: refused, connect timeout, slow headers, stalled body -------------------------------------


def test_f01_connection_refused(rig: Rig, server: ScriptedServer) -> None:
    with refused_port() as port:
        session = rig.session(f"http://127.0.0.1:{port}/v1")
        with within(FAST), pytest.raises(APIConnectionError) as caught:
            chat(session)
    error = caught.value
    assert type(error) is APIConnectionError and error.retries_taken == 2
    assert any(isinstance(link, ConnectionRefusedError) for link in chain(error))
    assert attempts(session) == 3 and rig.sleeps == [0.5, 1.0]  # 0.5 * 2**n, no jitter
    recovers(session, server)


def test_f02_connect_timeout(rig: Rig, server: ScriptedServer) -> None:
    with unanswered_port() as port:
        session = rig.session(f"http://127.0.0.1:{port}/v1", max_retries=1, timeout=Timeout(5, connect=0.2))
        with within(2 * 0.2 + FAST), pytest.raises(APITimeoutError, match=r"no connection within 0\.2 s"):
            chat(session)
        assert attempts(session) == 2 and rig.sleeps == [0.5]
        # A total budget ends the call at its deadline, whatever the connect timeout and retries say.
        budget = rig.session(f"http://127.0.0.1:{port}/v1", max_retries=5, timeout=Timeout(5, total=0.3))
        with within(0.3 + FAST), pytest.raises(APITimeoutError):
            chat(budget)
        assert attempts(budget) == 1  # the first backoff would already pass the deadline
    recovers(session, server)


def test_f03_slow_headers(rig: Rig, server: ScriptedServer) -> None:
    server.script(stall)
    session = rig.session(server.url, max_retries=1, timeout=Timeout(30))
    with within(2 * 0.3 + FAST), pytest.raises(APITimeoutError, match=r"sent nothing for 0\.3 s"):
        chat(session, timeout=Timeout(30, read=0.3))  # the per-call timeout wins
    assert [r.body for r in server.requests] == [BODY_BYTES, BODY_BYTES]  # a POST is retried after a timeout
    recovers(session, server)


def test_f04_stall_mid_body(rig: Rig, server: ScriptedServer) -> None:
    # A plain body: headers and 10 of 100 bytes, then nothing. A read timeout, retried.
    server.script(send_then_hold(head(200, {**JSON, "Content-Length": "100"}) + b'{"ok": tru'))
    session = rig.session(server.url, max_retries=1, timeout=Timeout(5, read=0.3))
    with within(2 * 0.3 + FAST), pytest.raises(APITimeoutError):
        chat(session)
    assert len(server.requests) == 2
    # A stream: two events, then nothing. The idle timeout, no retry, the events kept on the error.
    server.script(sse_stall([event(N1), event(N2)]))
    got: List[Any] = []
    with within(0.3 + FAST), pytest.raises(APITimeoutError, match=r"stream_idle|sent nothing") as caught:
        consume(stream(session, timeout=Timeout(5, stream_idle=0.3)), got)
    assert got == caught.value.items == [N1, N2]
    assert len(server.requests) == 3
    recovers(session, server)


# -- 5-9: reset, truncation, garbage, stale pooled connections --------------------------------------


def test_f05_reset(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    # Reset in the middle of a body: a connection error, retried like any.
    server.script(reset(head(200, {**JSON, "Content-Length": "100"}) + b'{"ok": '))
    with within(FAST), pytest.raises(APIConnectionError) as caught:
        chat(session)
    assert type(caught.value) is APIConnectionError
    assert any(isinstance(link, (ConnectionResetError, http.client.IncompleteRead)) for link in chain(caught.value))
    assert len(server.requests) == 3
    # Reset before any response byte: the POST is sent again, the same body, and succeeds.
    server.script(reset(), reply(200, OK))
    assert chat(session) == OK
    assert [r.body for r in server.requests[3:]] == [BODY_BYTES, BODY_BYTES]
    # Reset after a stream yielded two events: raised at once (a replay would repeat them), events kept.
    gate = threading.Event()
    server.script(gated_reset(head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"})
                              + chunk(event(N1)) + chunk(event(N2)), gate))
    items = stream(session)
    got = [next(items), next(items)]
    gate.set()
    with within(FAST), pytest.raises(APIConnectionError) as caught:
        consume(items, got)
    assert not isinstance(caught.value, APITimeoutError)
    assert got == caught.value.items == [N1, N2] and len(server.requests) == 6
    recovers(session, server)


def test_f05_reset_in_a_custom_transport() -> None:
    """A custom transport's own exception mid-stream is a connection error that keeps the items too."""

    class Breaks:
        def __iter__(self) -> Iterator[bytes]:
            yield event(N1)
            raise RuntimeError("peer went away")

        def close(self) -> None:
            pass

    transport = MockTransport(responses=[Response(200, {"content-type": "text/event-stream"}, stream=Breaks())])
    items = stream(Session(api_key=KEY, transport=transport))
    got: List[Any] = []
    with pytest.raises(APIConnectionError, match="RuntimeError") as caught:
        consume(items, got)
    assert got == caught.value.items == [N1] and isinstance(caught.value.__cause__, RuntimeError)
    assert len(transport.requests) == 1


def test_f06_truncated_content_length(rig: Rig, server: ScriptedServer) -> None:
    server.script(cut_length(b'{"ok": tru', 100))
    session = rig.session(server.url, max_retries=1)
    with within(FAST), pytest.raises(APIConnectionError, match="10 bytes read, 90 more expected") as caught:
        chat(session)
    assert type(caught.value) is APIConnectionError and '"ok"' not in str(caught.value)  # counts, no body
    assert len(server.requests) == 2 and server.connections == 2
    # A stream framed by Content-Length and cut short: the events, then the error with them.
    events = event(N1) + event(N2)
    server.script(raw(head(200, {"Content-Type": "text/event-stream", "Content-Length": "500"}) + events))
    got: List[Any] = []
    with within(FAST), pytest.raises(APIConnectionError, match="more expected") as caught:
        consume(stream(session), got)
    assert got == caught.value.items == [N1, N2] and len(server.requests) == 3
    recovers(session, server)
    assert server.connections == 4  # the cut connections were dropped, not pooled


def test_f07_truncated_chunked(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url, max_retries=1)
    # A stream cut after one complete event (no terminating chunk): the event, then the error.
    server.script(sse_chunked([event(N1)], end=False))
    got: List[Any] = []
    with within(FAST), pytest.raises(APIConnectionError, match="chunked") as caught:
        consume(stream(session), got)
    assert got == caught.value.items == [N1] and len(server.requests) == 1
    # An invalid chunk size line, and conflicting Content-Length headers: connection errors, retried.
    server.script(raw(head(200, {**JSON, "Transfer-Encoding": "chunked"}) + b"ZZZ\r\n"))
    with within(FAST), pytest.raises(APIConnectionError):
        chat(session)
    assert len(server.requests) == 3
    server.script(raw(head(200, [("Content-Length", "16"), ("Content-Length", "32")]) + b"{}"))
    with within(FAST), pytest.raises(APIConnectionError, match="Content-Length") as caught:
        chat(session)
    assert caught.value.should_retry and len(server.requests) == 5
    # Repeated equal lengths are fine (RFC 9110 §8.6).
    server.script(raw(head(200, [("Content-Length", "2"), ("Content-Length", "2")]) + b"{}", close=False))
    assert chat(session) == {}
    recovers(session, server)


@pytest.mark.parametrize(
    "garbage",
    [b"HTTP/1.1 Omg What Is This?\r\n\r\n", b"hello there\r\n\r\n", b"HTTP/0.5 200 OK\r\n\r\n",
     b"\x16\x03\x01\x00\xff\xfe\r\n\r\n"],
    ids=["bad-status", "not-http", "http-0.5", "binary"],
)
def test_f08_garbage_before_status_line(rig: Rig, server: ScriptedServer, garbage: bytes) -> None:
    session = rig.session(server.url)
    server.script(raw(garbage), reply(200, OK))
    with within(FAST):
        assert chat(session) == OK
    assert len(server.requests) == 2 and rig.sleeps == [0.5]
    server.script(raw(garbage))
    with within(FAST), pytest.raises(APIConnectionError) as caught:
        chat(session)
    assert type(caught.value) is APIConnectionError and len(server.requests) == 5
    recovers(session, server)


def test_f09_stale_pooled_connection(rig: Rig, server: ScriptedServer) -> None:
    # Case A: the server closed the idle connection (its FIN has arrived). The transport notices and
    # opens a new one; no retry of ours is needed.
    closed = threading.Event()
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    server.script(send_then_close(ok, closed), reply(200, OK))
    session = rig.session(server.url, max_retries=0)
    assert chat(session) == {}
    assert closed.wait(5)
    assert chat(session) == OK
    assert attempts(session) == 2 and server.connections == 2
    # Case B, the race: the server takes the next request on the idle connection and closes it
    # without a byte of answer. The POST went out before any response byte: retried, same body.
    server.script(reply(200, {"n": 1}), hang_up, reply(200, OK))
    racy = rig.session(server.url)
    assert chat(racy) == {"n": 1}
    with within(FAST):
        assert chat(racy) == OK
    first, dropped, retried = server.requests[2:]
    assert dropped.peer_port == first.peer_port and retried.peer_port != first.peer_port
    assert dropped.body == retried.body == BODY_BYTES
    assert attempts(racy) == 3 and rig.sleeps == [0.5]
    recovers(racy, server)


# -- 10-15: status errors, Retry-After, x-should-retry, odd and huge bodies, bad UTF-8 -------------


def test_f10_5xx_then_success(rig: Rig, server: ScriptedServer) -> None:
    server.script(
        reply(500, {"error": {"message": "boom"}}),
        reply(502, b"<html>bad gateway</html>"),
        reply(200, chat_completion("hi")),
    )
    session = rig.session(server.url)
    with within(FAST):
        completion = session.request("POST", "/chat/completions", cast_to=ChatCompletion, body=BODY)
    assert completion.choices[0].message.content == "hi" and completion._retries_taken == 2  # type: ignore[attr-defined]
    assert len(server.requests) == 3 and rig.sleeps == [0.5, 1.0]
    # 408 and 409 are retried; 400, 401, 403, 404 and 422 are not.
    seen = 3
    for status, error_class, tries in [
        (408, APIStatusError, 3), (409, ConflictError, 3), (400, BadRequestError, 1),
        (401, AuthenticationError, 1), (403, PermissionDeniedError, 1), (404, NotFoundError, 1),
        (422, UnprocessableEntityError, 1),
    ]:
        server.script(reply(status, {"error": {"message": f"status {status}"}}))
        with pytest.raises(error_class) as refused:
            chat(session)
        assert type(refused.value) is error_class and refused.value.status_code == status
        seen += tries
        assert len(server.requests) == seen, status
    recovers(session, server)


RETRY_AFTER = [
    # (response headers, the wait before the retry, or None: not retried, raised at once)
    ({"retry-after-ms": "1500"}, 1.5),
    ({"retry-after-ms": "1500", "retry-after": "30"}, 1.5),  # the ms form wins
    ({"retry-after": "20"}, 20.0),
    ({"retry-after": "120"}, 120.0),
    ({"retry-after": "121"}, None),  # over the 120 s cap
    ({"retry-after-ms": "120000"}, 120.0),
    ({"retry-after-ms": "120001"}, None),
    ({"retry-after": "0"}, 0.5),  # not a usable wait: backoff
    ({"retry-after": "-10"}, 0.5),
    ({"retry-after": "nan"}, 0.5),
    ({"retry-after": "inf"}, None),
    ({"retry-after": "9" * 35}, None),
    ({"retry-after": ""}, 0.5),
    ({"retry-after": "soon"}, 0.5),
    ({"retry-after": "Fri, 29 Sep 2023 16:26:57 GMT"}, 20.0),
    ({"retry-after": "Fri, 29 Sep 2023 16:26:37 GMT"}, 0.5),
    ({"retry-after": "Fri, 29 Sep 2023 16:26:27 GMT"}, 0.5),
    ({"retry-after": "Fri, 29 Sep 2023 16:28:37 GMT"}, 120.0),
    ({"retry-after": "Fri, 29 Sep 2023 16:28:38 GMT"}, None),
    ({"retry-after": "Zun, 29 Sep 2023 16:26:27 GMT"}, 0.5),  # parsed leniently: 10 s ago
    ({"retry-after": "Fri, 29 Sep 100000 16:26:57 GMT"}, 0.5),  # out of range: ignored, not raised
]


@pytest.fixture
def far_timezone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run under a time zone far from UTC: an HTTP-date is absolute, whatever TZ says."""
    monkeypatch.setenv("TZ", "Asia/Jerusalem")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("far_timezone")
@pytest.mark.parametrize(("fields", "wait"), RETRY_AFTER, ids=[" ".join(f.values()) or "empty" for f, _ in RETRY_AFTER])
def test_f11_retry_after(rig: Rig, server: ScriptedServer, fields: Dict[str, str], wait: Optional[float]) -> None:
    server.script(reply(429, {"error": {"message": "slow down"}}, fields), reply(200, OK))
    session = rig.session(server.url)
    with within(FAST):
        if wait is None:
            with pytest.raises(RateLimitError) as caught:
                chat(session)
            assert len(server.requests) == 1 and rig.sleeps == [] and caught.value.retries_taken == 0
            assert all(caught.value.headers[name] == value for name, value in fields.items())
        else:
            assert chat(session) == OK
            assert len(server.requests) == 2 and rig.sleeps == [pytest.approx(wait, abs=0.01)]
    recovers(session, server)


SHOULD_RETRY = [
    # (status, headers, error class, attempts with max_retries=2)
    (500, {"x-should-retry": "false"}, InternalServerError, 1),
    (400, {"x-should-retry": "true"}, BadRequestError, 3),
    (429, {"x-should-retry": "true", "retry-after": "121"}, RateLimitError, 1),  # the cap wins
    (500, {"x-should-retry": "TRUE"}, InternalServerError, 3),  # only exactly "true"/"false" count
    (400, {"x-should-retry": "True"}, BadRequestError, 1),
    (400, {"retry-after": "Fri, 29 Sep 100000 16:26:57 GMT"}, BadRequestError, 1),  # no mask on the status
]


@pytest.mark.parametrize(("status", "fields", "error_class", "tries"), SHOULD_RETRY,
                         ids=[f"{s}-{' '.join(f.values())}" for s, f, _, _ in SHOULD_RETRY])
def test_f12_x_should_retry(rig: Rig, server: ScriptedServer, status: int, fields: Dict[str, str],
                            error_class: Any, tries: int) -> None:
    server.script(reply(status, {"error": {"message": "no"}}, fields))
    session = rig.session(server.url)
    with within(FAST), pytest.raises(error_class) as caught:
        chat(session)
    assert type(caught.value) is error_class and caught.value.retries_taken == tries - 1
    assert len(server.requests) == tries
    recovers(session, server)


def test_f13_non_json_error_bodies(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    page = b"<html>502 Bad Gateway</html>"
    server.script(reply(502, page, {"Content-Type": "text/html", "x-request-id": "req_html"}))
    with within(FAST), pytest.raises(InternalServerError) as caught:
        chat(session)
    error = caught.value
    assert (error.status_code, error.body, error.raw_body, error.request_id) == (502, page.decode(), page, "req_html")
    assert str(error) == "Error code: 502 (request_id: req_html)" and len(server.requests) == 3  # a 5xx: retried
    once = session.copy(max_retries=0)
    for status, body, error_class, expected in [
        (500, b"", InternalServerError, None),
        (400, b"plain words", BadRequestError, "plain words"),
        (404, b'["not", "an", "object"]', NotFoundError, ["not", "an", "object"]),
        (409, b"\xff\xfe{broken", ConflictError, "\ufffd\ufffd{broken"),
    ]:
        server.script(reply(status, body))
        with pytest.raises(error_class) as plain:
            chat(once)
        assert plain.value.message == f"Error code: {status}" and plain.value.body == expected
        assert KEY not in str(plain.value) and KEY not in repr(plain.value)  # no request headers
    recovers(session, server)


def test_f14_huge_bodies(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url, max_retries=0)
    # An error body without end: the first MAX_ERROR_BODY bytes are kept, the rest is never read.
    for call in (chat, stream):
        endless = Endless(500)
        server.script(endless)
        with within(FAST), pytest.raises(InternalServerError) as caught:
            call(session)
        error = caught.value
        assert len(error.raw_body) == MAX_ERROR_BODY and error.raw_body.startswith(b"<p>xxx")
        assert f"cut after its first {MAX_ERROR_BODY} bytes" in error.message
        assert endless.sent < 64 * MAX_ERROR_BODY  # the server gave up long before a gigabyte
    # A large JSON body decodes.
    big = {"data": "y" * (16 << 20)}
    server.script(reply(200, big))
    assert chat(session) == big
    # A 64 MiB + 1 event arrives whole: the default max_event_size (128 MiB) lets it through.
    size = (64 << 20) + 1
    server.script(huge_event(size))
    with within(4 * FAST):
        items = list(stream(session))
    assert len(items) == 1 and len(items[0]) == size
    del items
    # Over a cap set per session: a typed error, with the event's start and the items before it.
    capped = session.copy(max_event_size=64 * 1024)
    server.script(huge_event(1 << 20, before=[event(N1)]))
    got: List[Any] = []
    with within(FAST), pytest.raises(APIResponseValidationError, match="max_event_size") as too_big:
        consume(stream(capped), got)
    assert got == too_big.value.items == [N1] and too_big.value.status_code == 200
    assert too_big.value.raw_body == b'"' + b"x" * 1023  # the first KiB of its data
    recovers(capped, server)
    recovers(session, server)


def test_f14_caps_without_a_socket() -> None:
    """The two caps at their edges, on the sans-IO decoder and a custom transport."""
    # The event size is counted per read: many small multi-line events that each span reads never add
    # up to a false alarm, while one event over the cap is caught, whatever its line endings.
    decoder = SSEDecoder(max_event_size=100)
    body = b"data: a\ndata: b\n\n" * 1000
    events = [e for i in range(0, len(body), 7) for e in decoder.feed_raw(body[i : i + 7])]
    assert len(events) == 1000 and events[0][1] == b"a\nb"
    assert SSEDecoder(max_event_size=100).feed_raw(b"data: " + b"x" * 90 + b"\n\n")[0][1] == b"x" * 90
    for ending in (b"\n", b"\r", b"\r\n"):
        for big in (b"data: xxxxxxxxx" + ending) * 30, b"data: " + b"x" * 200:
            decoder = SSEDecoder(max_event_size=100)
            with pytest.raises(APIResponseValidationError, match=r"max_event_size \(100 bytes\)") as caught:
                for i in range(0, len(big), 10):
                    decoder.feed_raw(big[i : i + 10])
            assert caught.value.raw_body.startswith(b"xxxxxxxxx"), (ending, big[:20])
    unlimited = SSEDecoder(max_event_size=None)
    assert unlimited.feed_raw(b"data: " + b"x" * 300_000) == [] and len(unlimited.end_raw()[0][1]) == 300_000
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="max_event_size"):
            Session(api_key=KEY, transport=MockTransport(), max_event_size=bad)  # type: ignore[arg-type]
    assert Client(api_key=KEY, transport=MockTransport(), max_event_size=10).session.max_event_size == 10
    # A custom transport that hands over a whole huge error body: the error still keeps only the cap.
    transport = MockTransport(responses=[Response(503, content=b"z" * (MAX_ERROR_BODY + 10))])
    with pytest.raises(InternalServerError, match="cut after") as caught_status:
        Session(api_key=KEY, transport=transport, max_retries=0).request("GET", "/models", cast_to=object)
    assert caught_status.value.raw_body == b"z" * MAX_ERROR_BODY


def test_f15_invalid_utf8(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    for body, cast_to in [(b'{"a": "\xff"}', object), (b"my-custom-format", object),
                          (json.dumps(chat_completion("x")).encode().replace(b'"x"', b'"\xc0\xaf"'), ChatCompletion)]:
        server.script(reply(200, body, JSON))
        with within(FAST), pytest.raises(APIResponseValidationError) as caught:
            session.request("POST", "/chat/completions", cast_to=cast_to, body=BODY)
        error = caught.value
        assert error.raw_body == body and error.status_code == 200
        assert isinstance(error.__cause__, (UnicodeDecodeError, msgspec.DecodeError, msgspec.ValidationError))
    assert len(server.requests) == 3  # a 2xx that does not decode is not retried
    # In a stream the same: a typed error with the event's bytes and the items before it.
    bad = b'{"a": "\xed\xa0\x80"}'  # an encoded surrogate
    server.script(sse_chunked([event(N1), b"data: " + bad + b"\n\n", DONE]))
    got: List[Any] = []
    with within(FAST), pytest.raises(APIResponseValidationError) as caught:
        consume(stream(session), got)
    assert got == caught.value.items == [N1] and caught.value.raw_body == bad
    recovers(session, server)


# -- 16-23: event streams (parser properties are in test_sse.py; here through real sockets) --------

EVENTS = [{"id": "c1", "choices": [{"delta": {"content": "Hel"}}]},
          {"id": "c1", "choices": [{"delta": {"content": "lo, \u0438\u0437\u0432\u0435\u0441\u0442\u043d\u0438"}}]},
          {"id": "c1", "choices": [{"delta": {}, "finish_reason": "stop"}]}]
EVENTS_BODY = b"".join(b"data: " + msgspec.json.encode(e) + b"\n\n" for e in EVENTS) + DONE  # raw UTF-8


def test_f16_split_at_every_boundary(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    # Every byte its own HTTP chunk and TCP segment, multi-byte characters included.
    server.script(sse_bytes(EVENTS_BODY, per_byte=True))
    with within(FAST):
        assert list(stream(session)) == EVENTS
    # A few cut sets: inside "data:", between "\n" and "\n", inside a UTF-8 character, before [DONE].
    middle = EVENTS_BODY.index("\u0438".encode()) + 1
    for cuts in ([3], [len(event(EVENTS[0])) - 1], [middle], [len(EVENTS_BODY) - len(DONE) + 2], [1, 2, 3, middle]):
        server.script(sse_bytes(EVENTS_BODY, cuts=cuts))
        assert list(stream(session)) == EVENTS, cuts
    assert len(server.requests) == 6
    recovers(session, server)


def test_f17_line_endings(rig: Rig, server: ScriptedServer) -> None:
    body = b'data: {"n": 1}\r\rdata: {"n": 2}\r\n\r\ndata: {"n":\r\ndata: 3}\n\r\n' + DONE
    cuts = [i + 1 for i in range(len(body)) if body[i : i + 2] in (b"\r\n", b"\r\r")]  # between the pairs
    session = rig.session(server.url)
    for framing in ([], cuts):
        server.script(sse_bytes(body, cuts=framing))
        with within(FAST):
            assert list(stream(session)) == [N1, N2, N3]
    recovers(session, server)


def test_f18_byte_order_mark(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    # One leading BOM is dropped, also split across reads.
    server.script(sse_bytes(b"\xef\xbb\xbf" + event(N1) + event(N2) + DONE, cuts=[1, 2]))
    assert list(stream(session)) == [N1, N2]
    # A BOM anywhere else makes its line an unknown field: that line is ignored.
    server.script(sse_bytes(event(N1) + b'\xef\xbb\xbfdata: {"n": 2}\n\n' + event(N3) + DONE))
    with within(FAST):
        assert list(stream(session)) == [N1, N3]
    recovers(session, server)


def test_f19_comments_and_fields(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    # Keep-alive comments only, then the end: no items, no error.
    server.script(sse_bytes(b": ping\n\n" * 100))
    with within(FAST):
        assert list(stream(session)) == []
    body = (b": hello\n\nevent: message\nid: 7\nretry: 1000\n" + event(N1) + b":" + b"x" * 2049 + b"\n"
            + b"id: 8\0\nunknown: field\njust text\n" + event(N2) + b'data:{"n": 3}\n\n' + DONE)
    server.script(sse_bytes(body, cuts=[10, 50]))
    assert list(stream(session)) == [N1, N2, N3]
    server.script(sse_bytes(body))
    events = list(stream(session).events())
    fields = [(e.event, e.id, e.retry) for e in events[:3]]
    assert fields == [("message", "7", 1000), (None, "7", None), (None, "7", None)]
    assert [e.raw_data for e in events[3:]] == [b"[DONE]"]  # raw events include the terminator
    recovers(session, server)


def test_f20_multiline_data(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    server.script(sse_bytes(b'data: {\ndata: "n":\ndata: \ndata: 1}\n\n' + DONE, cuts=[9, 20]))
    with within(FAST):
        assert list(stream(session)) == [N1]
    # WHATWG example 3: an empty data line, then two. The last "data:" has no blank line after it:
    # WHATWG drops it, this library (deliberately, see the CHANGELOG) dispatches it at the end.
    server.script(sse_bytes(b"data\n\ndata\ndata\n\ndata:"))
    assert [e.raw_data for e in stream(session).events()] == [b"", b"\n", b""]
    recovers(session, server)


def test_f21_end_without_done(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    # A clean chunked end without [DONE]: the stream just ends, and the connection is reused.
    server.script(sse_chunked([event(N1), event(N2)]))
    with within(FAST):
        assert list(stream(session)) == [N1, N2]
    recovers(session, server)
    assert server.connections == 1
    # The same when the body is framed by closing the connection.
    server.script(sse_close_delimited([event(N1), event(N2)]))
    assert list(stream(session)) == [N1, N2]
    # After [DONE] nothing is parsed (this would not decode), and the connection is kept.
    server.script(sse_chunked([event(N1), DONE + b"data: {not json\n\n"]))
    assert list(stream(session)) == [N1]
    recovers(session, server)
    assert server.connections == 2 and len(server.requests) == 5


def test_f22_error_event_mid_stream(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    boom = {"error": {"message": "boom", "type": "server_error", "code": None}}
    for events, message, code, kind in [
        ([event(N1), event(N2), event(boom)], "boom", None, "server_error"),
        ([event(N1), event(N2), event({"error": {"code": "overloaded"}})], "An error occurred during streaming",
         "overloaded", None),
        ([event(N1), event(N2), b'event: error\ndata: {"type": "error", "code": "rate_limit", "message": "slow"}\n\n'],
         "slow", "rate_limit", "error"),
    ]:
        server.script(sse_chunked([*events, DONE]))
        got: List[Any] = []
        with within(FAST), pytest.raises(APIStreamError) as caught:
            consume(stream(session), got)
        assert (str(caught.value), caught.value.code, caught.value.type) == (message, code, kind)
        assert got == caught.value.items == [N1, N2]
    assert len(server.requests) == 3  # never retried
    recovers(session, server)


def test_f23_wrong_content_type(rig: Rig, server: ScriptedServer) -> None:
    session = rig.session(server.url)
    # A server that ignores stream=true and answers with one JSON object: a typed error, not an
    # empty stream; the body is kept.
    body = json.dumps(chat_completion("whole")).encode()
    server.script(reply(200, body, JSON))
    with within(FAST), pytest.raises(APIResponseValidationError, match="event stream") as caught:
        stream(session)
    assert caught.value.raw_body == body and caught.value.status_code == 200
    # A JSON error with a 200 status: the error it reports.
    server.script(reply(200, {"error": {"message": "streaming is not supported", "code": "no_stream"}}))
    with pytest.raises(APIStreamError, match="streaming is not supported") as raised:
        stream(session)
    assert raised.value.code == "no_stream" and len(server.requests) == 2
    # A wrong type on a real event stream is tolerated, JSON included: only the first bytes decide.
    for label in ("text/plain", "application/json"):
        server.script(sse_bytes(b"\n" + event(N1) + event(N2) + DONE, cuts=[1, 3], headers={"Content-Type": label}))
        assert list(stream(session)) == [N1, N2]
    recovers(session, server)
    assert server.connections == 1  # every one of those bodies was read to its end or closed cleanly


# -- 24-26: redirects, proxies, TLS ------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_f24_redirects(rig: Rig, server: ScriptedServer, other: ScriptedServer, status: int) -> None:
    session = rig.session(server.url)
    # Same origin: followed, with the key. 307/308 keep method and body; 303 (and 301/302 after a
    # POST) become a GET without one.
    server.script(redirect(status, "/v1/final"), reply(200, OK))
    with within(FAST):
        assert chat(session) == OK
    second = server.requests[1]
    assert second.target == "/v1/final" and second.headers["authorization"] == f"Bearer {KEY}"
    if status in (307, 308):
        assert (second.method, second.body) == ("POST", BODY_BYTES)
    else:
        assert (second.method, second.body) == ("GET", b"")
    # Another origin: refused with a clear error; nothing (no key, no body) reaches it.
    here = f"127.0.0.1:{server.port}"
    for location in [f"{other.url}/final", f"//127.0.0.1:{other.port}/final", f"https://{here}/final",
                     f"http://localhost:{server.port}/final", f"http://{here}@localhost:{other.port}/final",
                     "ftp://127.0.0.1/final"]:
        server.script(redirect(status, location))
        with within(FAST), pytest.raises(APIStatusError, match="Refusing to follow a redirect") as caught:
            chat(session)
        assert type(caught.value) is APIStatusError and caught.value.status_code == status
        assert caught.value.headers["location"] == location
    assert other.connections == 0 and len(server.requests) == 2 + 6
    # A redirect loop ends in a typed error after 20 hops.
    server.script(redirect(status, "/v1/again"))
    with within(FAST), pytest.raises(APIStatusError) as caught:
        chat(session)
    assert caught.value.status_code == status and len(server.requests) == 8 + 21
    recovers(session, server)


def test_f25_proxies(rig: Rig, server: ScriptedServer, tls_server: ScriptedServer, certs: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    ca = str(certs / "ca.pem")
    with ScriptedServer() as proxy:
        # HTTPS through an HTTP proxy from the environment: a CONNECT tunnel. The proxy gets the
        # proxy credentials and never sees the key; the origin gets the key, never the proxy's.
        proxy.script(tunnel)
        monkeypatch.setenv("HTTPS_PROXY", f"http://user:pa%40ss@127.0.0.1:{proxy.port}")
        session = rig.session(tls_server.url, verify=ca)
        with within(FAST):
            assert chat(session) == {"tls": True}
        (connect,) = proxy.requests
        assert (connect.method, connect.target) == ("CONNECT", f"127.0.0.1:{tls_server.port}")
        assert connect.headers["proxy-authorization"] == "Basic " + base64.b64encode(b"user:pa@ss").decode()
        assert "authorization" not in connect.headers
        (origin,) = tls_server.requests
        assert origin.headers["authorization"] == f"Bearer {KEY}" and "proxy-authorization" not in origin.headers
        # The proxy says no: a connection error that names the proxy, and not its credentials.
        proxy.script(reply(407, b"", {"Proxy-Authenticate": 'Basic realm="proxy"'}))
        refused = rig.session(tls_server.url, verify=ca, max_retries=1)
        with within(FAST), pytest.raises(APIConnectionError, match="proxy") as caught:
            chat(refused)
        assert all(secret not in str(caught.value) for secret in ("pa%40ss", "pa@ss", "user:", KEY))
        assert attempts(refused) == 2 and len(tls_server.requests) == 1
    # NO_PROXY: the proxy (now a dead port) is bypassed for the hosts it names.
    with refused_port() as port:
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
        direct = rig.session(tls_server.url, verify=ca, max_retries=0)
        assert chat(direct) == {"tls": True}
    recovers(session, server)


def test_f26_tls_verification(rig: Rig, server: ScriptedServer, tls_server: ScriptedServer, certs: Path) -> None:
    ca = str(certs / "ca.pem")
    # On by default: a certificate from an unknown CA fails once, not retried, cause in the chain.
    session = rig.session(tls_server.url)
    with within(FAST), pytest.raises(APIConnectionError, match="verification failed") as caught:
        chat(session)
    assert caught.value.should_retry is False and attempts(session) == 1 and not tls_server.requests
    assert any(isinstance(link, ssl.SSLCertVerificationError) for link in chain(caught.value))
    assert chat(rig.session(tls_server.url, verify=ca)) == {"tls": True}
    # A hostname mismatch, a certificate without subjectAltName, an expired one: each fails once.
    for name, host in [("leaf", "localhost"), ("nosan", "127.0.0.1"), ("expired", "127.0.0.1")]:
        with ScriptedServer(tls=tls_context(certs, name)) as bad:
            strict = rig.session(f"https://{host}:{bad.port}/v1", verify=ca)
            with within(FAST), pytest.raises(APIConnectionError, match="verification failed") as caught:
                chat(strict)
            assert caught.value.should_retry is False and attempts(strict) == 1 and not bad.requests, name
    # verify=False works, and warns once per transport (not per request) at the caller's line.
    with warnings.catch_warnings(record=True) as warned:  # urllib3 adds its own, once per request
        warnings.simplefilter("always")
        insecure = rig.session(tls_server.url, verify=False)
        assert chat(insecure) == chat(insecure) == {"tls": True}
    ours = [w for w in warned if issubclass(w.category, InsecureTransportWarning)]
    assert len(ours) == 1 and "verify=False" in str(ours[0].message) and ours[0].filename == __file__
    # ... and leaves the default alone: a new verifying session still refuses (CVE-2024-35195's shape).
    with pytest.raises(APIConnectionError, match="verification failed"):
        chat(rig.session(tls_server.url))
    recovers(session, server)

