"""One conformance suite for every transport, against real loopback servers (DESIGN.md testing layer 2).

Each test runs once per transport and goes through ``Session``, so what is checked is what a user
gets: the exact request on the wire, streaming latency, connection reuse, timeouts, truncation,
status errors and retries. Retry sleeps are recorded, never slept.
"""

from __future__ import annotations

import base64
import gzip
import ssl
import threading
import time
from typing import Any, List, cast

import pytest
import requests
import urllib3
from _faults import make_certs
from _servers import (
    DONE,
    ScriptedServer,
    cut_chunked,
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
from urllib3 import exceptions as u3

from openai_compat import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    Request,
    RequestsTransport,
    Response,
    RetryPolicy,
    Session,
    Timeout,
    Transport,
    Urllib3Transport,
)
from openai_compat._internals import bypass_proxy, map_errors

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
NOW = 1696004797.0  # Fri, 29 Sep 2023 16:26:37 GMT, the clock openai-python's tests fix
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
FAST = 2.0  # seconds: "at once", generously, on a loaded CI machine
_ENV = (
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
    "SSL_CERT_FILE", "SSL_CERT_DIR", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_LOG",
)


class Counting:
    """Wraps a transport to count attempts, including ones that never reach a server."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.sends = 0

    def send(self, request: Request, *, stream: bool = False) -> Response:
        self.sends += 1
        return self.inner.send(request, stream=stream)

    def close(self) -> None:
        self.inner.close()


class Harness:
    """Builds sessions on the transport under test, records retry delays, closes all at the end."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.delays: List[float] = []
        self.sessions: List[Session] = []

    def transport(self, **options: Any) -> Any:
        return TRANSPORTS[self.kind](**options)

    def session(self, base_url: str, *, max_retries: int = 2, timeout: Any = None, **options: Any) -> Session:
        policy = RetryPolicy(sleep=self.delays.append, wall_clock=lambda: NOW)
        session = Session(
            api_key="sk-test",
            base_url=base_url,
            transport=Counting(self.transport(**options)),
            retry_policy=policy,
            max_retries=max_retries,
            timeout=timeout if timeout is not None else Timeout(5),
        )
        self.sessions.append(session)
        return session


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "absent-netrc"))  # a real ~/.netrc must not leak in


@pytest.fixture(params=sorted(TRANSPORTS))
def h(request: pytest.FixtureRequest) -> Any:
    harness = Harness(request.param)
    yield harness
    for session in harness.sessions:
        session.close()


@pytest.fixture
def server() -> Any:
    with ScriptedServer() as srv:
        yield srv
        assert not srv.errors, srv.errors


def chat(session: Session, **kwargs: Any) -> Any:
    return session.request("POST", "/chat/completions", cast_to=object, body=BODY, **kwargs)


def stream(session: Session, **kwargs: Any) -> Any:
    return session.stream("POST", "/chat/completions", cast_to=object, body={**BODY, "stream": True}, **kwargs)


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


# -- requests and responses --------------------------------------------------------------------


def test_json_round_trip_and_connection_reuse(h: Harness, server: ScriptedServer) -> None:
    server.script(reply(200, {"ok": True}, {"x-request-id": "req_1"}))
    session = h.session(server.url)
    assert chat(session) == {"ok": True}
    assert chat(session) == {"ok": True}
    first, second = server.requests
    assert (first.method, first.target) == ("POST", "/v1/chat/completions")
    assert first.headers["authorization"] == "Bearer sk-test"
    assert first.headers["content-type"] == "application/json"
    assert first.headers["content-length"] == str(len(first.body))
    assert first.body == b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
    assert second.peer_port == first.peer_port and server.connections == 1


def test_gzip_body_is_decoded(h: Harness, server: ScriptedServer) -> None:
    server.script(reply(200, gzip.compress(b'{"ok": 1}'), {"Content-Encoding": "gzip"}))
    assert chat(h.session(server.url)) == {"ok": 1}


def test_repeated_headers_are_joined_and_redirects_not_followed(h: Harness, server: ScriptedServer) -> None:
    headers = [("Location", "/v1/elsewhere"), ("X-Multi", "a"), ("X-Multi", "b"), ("Content-Length", "0")]
    server.script(raw(head(302, headers), close=False))
    transport = h.transport()
    try:
        response = transport.send(Request("GET", server.url + "/models", connect_timeout=5, read_timeout=5))
    finally:
        transport.close()
    assert response.status_code == 302 and response.headers["x-multi"] == "a, b"
    assert len(server.requests) == 1


# -- streaming ---------------------------------------------------------------------------------


@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
def test_first_event_arrives_before_the_body_continues(h: Harness, server: ScriptedServer, framing: str) -> None:
    gate = threading.Event()
    events = [event({"n": 1}), event({"n": 2}), DONE]
    make = sse_chunked if framing == "chunked" else sse_close_delimited
    server.script(make(events, gate=gate))
    with stream(h.session(server.url)) as items:
        started = time.monotonic()
        first = next(items)
        waited = time.monotonic() - started
        gate.set()  # only now may the server send the rest
        assert first == {"n": 1} and waited < FAST
        assert list(items) == [{"n": 2}]


@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
def test_break_after_first_event_leaves_session_usable(h: Harness, server: ScriptedServer, framing: str) -> None:
    gate = threading.Event()
    make = sse_chunked if framing == "chunked" else sse_close_delimited
    server.script(make([event({"n": 1}), event({"n": 2}), DONE], gate=gate), reply(200, {"ok": True}))
    # No retries: a half-read connection handed back to the pool would fail the next call outright.
    session = h.session(server.url, max_retries=0, timeout=Timeout(5, read=FAST))
    with stream(session) as items:
        for item in items:
            assert item == {"n": 1}
            break
    assert chat(session) == {"ok": True}
    assert server.connections == 2  # the abandoned connection was closed, not reused
    gate.set()


def test_whole_stream_then_same_connection(h: Harness, server: ScriptedServer) -> None:
    server.script(sse_chunked([event({"n": 1}), event({"n": 2}), DONE]), reply(200, {"ok": True}))
    session = h.session(server.url)
    assert list(stream(session)) == [{"n": 1}, {"n": 2}]
    assert chat(session) == {"ok": True}
    first, second = server.requests
    assert first.headers["accept"] == "text/event-stream"
    assert second.peer_port == first.peer_port and server.connections == 1


def test_stalled_stream_times_out(h: Harness, server: ScriptedServer) -> None:
    server.script(sse_stall([event({"n": 1})]), reply(200, {"ok": True}))
    session = h.session(server.url)
    items = stream(session, timeout=Timeout(5, stream_idle=0.3))
    assert next(items) == {"n": 1}
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        next(items)
    assert 0.25 < time.monotonic() - started < 3.0
    assert items.items == [{"n": 1}]
    assert chat(session) == {"ok": True}  # the stalled connection was dropped, not reused


def test_stream_cut_mid_body_raises(h: Harness, server: ScriptedServer) -> None:
    server.script(sse_chunked([event({"n": 1}), event({"n": 2})], end=False))
    items = stream(h.session(server.url))
    with pytest.raises(APIConnectionError) as caught:
        for _ in items:
            pass
    assert not isinstance(caught.value, APITimeoutError)
    assert items.items == [{"n": 1}, {"n": 2}]


# -- network failures --------------------------------------------------------------------------


def test_refused_connection(h: Harness) -> None:
    with refused_port() as port:
        session = h.session(f"http://127.0.0.1:{port}/v1", max_retries=2)
        with pytest.raises(APIConnectionError) as caught:
            chat(session)
    assert not isinstance(caught.value, APITimeoutError)
    assert any(isinstance(link, ConnectionRefusedError) for link in chain(caught.value))
    assert attempts(session) == 3 and len(h.delays) == 2
    assert "sk-test" not in str(caught.value)


def test_read_timeout_before_headers(h: Harness, server: ScriptedServer) -> None:
    server.script(stall)
    session = h.session(server.url, max_retries=1, timeout=Timeout(5, read=0.3))
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        chat(session)
    assert time.monotonic() - started < 3.0
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "handler",
    [cut_chunked(b'{"ok": '), cut_length(b'{"ok": true', 100)],
    ids=["chunked", "content-length"],
)
def test_truncated_body_raises_connection_error(h: Harness, server: ScriptedServer, handler: Any) -> None:
    server.script(handler)
    session = h.session(server.url, max_retries=1)
    with pytest.raises(APIConnectionError) as caught:
        chat(session)
    assert not isinstance(caught.value, APITimeoutError)
    assert "body" in str(caught.value)
    assert len(server.requests) == 2  # a cut body is retried, like any connection error


# -- status errors and retries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "error_class", "expected_body"),
    [
        (400, b'{"error": {"message": "bad", "type": "invalid_request_error"}}', BadRequestError,
         {"message": "bad", "type": "invalid_request_error"}),
        (502, b"<html>502 Bad Gateway</html>", InternalServerError, "<html>502 Bad Gateway</html>"),
        (404, b"", NotFoundError, None),
    ],
    ids=["json", "html", "empty"],
)
def test_status_errors(h: Harness, server: ScriptedServer, status: int, body: bytes, error_class: Any,
                       expected_body: Any) -> None:
    server.script(reply(status, body, {"x-request-id": "req_42"}))
    with pytest.raises(error_class) as caught:
        chat(h.session(server.url, max_retries=0))
    error = caught.value
    assert error.status_code == status and error.raw_body == body and error.body == expected_body
    assert error.request_id == "req_42" and "req_42" in str(error)


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(
    ("header", "value", "delay"),
    [
        ("retry-after-ms", "1500", 1.5),
        ("retry-after", "2", 2.0),
        ("retry-after", "Fri, 29 Sep 2023 16:26:57 GMT", 20.0),  # NOW + 20 s
    ],
    ids=["ms", "seconds", "http-date"],
)
def test_retry_after(h: Harness, server: ScriptedServer, status: int, header: str, value: str, delay: float) -> None:
    server.script(reply(status, {"error": {"message": "busy"}}, {header: value}), reply(200, {"ok": True}))
    assert chat(h.session(server.url)) == {"ok": True}
    assert h.delays == [pytest.approx(delay, abs=0.01)]
    assert len(server.requests) == 2


def test_retries_give_up_with_the_last_error(h: Harness, server: ScriptedServer) -> None:
    server.script(reply(429, {"error": {"message": "slow down"}}, {"retry-after-ms": "10"}))
    with pytest.raises(RateLimitError) as caught:
        chat(h.session(server.url, max_retries=2))
    assert caught.value.retries_taken == 2 and len(server.requests) == 3


# -- the exception mapping, for failures a loopback server cannot stage ---------------------------


def _read_timeout() -> Exception:
    return u3.ReadTimeoutError(None, "/", "Read timed out.")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "expected", "text"),
    [
        (lambda: requests.ConnectTimeout(u3.MaxRetryError(None, "/", u3.ConnectTimeoutError("slow"))),  # type: ignore[arg-type]
         APITimeoutError, "no connection within 5 s"),
        # requests turns a body-read timeout into ConnectionError (its iter_content wraps ReadTimeoutError).
        (lambda: requests.ConnectionError(u3.ProtocolError("Connection broken", _read_timeout())),
         APITimeoutError, "sent nothing for 0.3 s"),
        (lambda: requests.ConnectionError(u3.MaxRetryError(None, "/", u3.NewConnectionError(None, "refused"))),  # type: ignore[arg-type]
         APIConnectionError, "Connection error"),
        (lambda: requests.exceptions.ChunkedEncodingError(u3.ProtocolError("x", u3.IncompleteRead(3, 7))),
         APIConnectionError, "3 bytes read, 7 more expected"),
        (lambda: u3.SSLError(ssl.SSLError(1, "[SSL] record layer failure")), APIConnectionError, "record layer"),
    ],
    ids=["connect-timeout", "body-timeout-as-connection-error", "new-connection", "chunked-encoding", "ssl"],
)
def test_exception_mapping(make: Any, expected: Any, text: str) -> None:
    request = Request("POST", "http://127.0.0.1/v1/x", connect_timeout=5, read_timeout=0.3)
    cause = make()
    with pytest.raises(expected, match=text) as caught, map_errors(request):
        raise cause
    assert type(caught.value) is expected and caught.value.__cause__ is cause and caught.value.should_retry


def test_exception_mapping_hides_header_values_and_lets_bugs_through() -> None:
    request = Request("POST", "http://127.0.0.1/v1/x")
    with pytest.raises(APIConnectionError) as caught, map_errors(request):
        raise requests.exceptions.InvalidHeader("Invalid leading whitespace in header Authorization: ' sk-secret'")
    assert "sk-secret" not in str(caught.value) and caught.value.__cause__ is None
    assert caught.value.should_retry is False
    with pytest.raises(TypeError), map_errors(request):
        raise TypeError("a bug, not a network failure")


# -- environment: netrc, proxies, construction -------------------------------------------------


def test_netrc_never_replaces_the_bearer(h: Harness, server: ScriptedServer, monkeypatch: Any, tmp_path: Any) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login user password pass\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    chat(h.session(server.url))
    assert server.requests[0].headers["authorization"] == "Bearer sk-test"


def test_proxy_from_environment(h: Harness, monkeypatch: Any) -> None:
    with ScriptedServer() as proxy:
        proxy.script(reply(200, {"via": "proxy"}))
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        assert chat(h.session("http://api.example.invalid/v1")) == {"via": "proxy"}
        assert proxy.requests[0].target == "http://api.example.invalid/v1/chat/completions"


def test_no_proxy_and_trust_env_false_go_direct(h: Harness, server: ScriptedServer, monkeypatch: Any) -> None:
    with refused_port() as port:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
        assert chat(h.session(server.url, max_retries=0, trust_env=False)) == {}
        monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.0/8")
        assert chat(h.session(server.url, max_retries=0)) == {}


def test_explicit_proxy_with_credentials(h: Harness) -> None:
    with ScriptedServer() as proxy:
        proxy.script(reply(200, {"via": "proxy"}))
        proxies = {"http": f"http://user:p%40ss@127.0.0.1:{proxy.port}"}
        transport = h.transport(proxies=proxies)
        assert "p%40ss" not in repr(transport) and "user" not in repr(transport)
        session = h.session("http://api.example.invalid/v1", proxies=proxies)
        assert chat(session) == {"via": "proxy"}
        expected = "Basic " + base64.b64encode(b"user:p@ss").decode()
        assert proxy.requests[0].headers["proxy-authorization"] == expected


def test_construction_does_no_io(h: Harness, monkeypatch: Any) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network, TLS or proxy work at construction")

    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    monkeypatch.setattr("socket.create_connection", forbidden)
    monkeypatch.setattr("socket.getaddrinfo", forbidden)
    monkeypatch.setattr("ssl.create_default_context", forbidden)
    monkeypatch.setattr("urllib.request.getproxies_environment", forbidden)
    monkeypatch.setattr("urllib.request.getproxies", forbidden)
    session = h.session("https://api.example.invalid/v1")
    assert "sk-test" not in repr(cast(Counting, session.transport).inner)


def test_callers_own_pool_is_used_and_left_open(h: Harness, server: ScriptedServer, monkeypatch: Any,
                                                tmp_path: Any) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login user password pass\n")
    monkeypatch.setenv("NETRC", str(netrc))
    if h.kind == "requests":
        own: Any = requests.Session()
        options = {"session": own}
    else:
        own = urllib3.PoolManager()
        options = {"pool_manager": own}
    with pytest.raises(ValueError, match="not both"):
        h.transport(verify=False, **options)
    session = h.session(server.url, **options)
    assert chat(session) == {}
    assert server.requests[0].headers["authorization"] == "Bearer sk-test"
    session.close()
    if h.kind == "requests":
        assert len(own.get_adapter(server.url).poolmanager.pools) == 1  # still open: the caller owns it
        own.close()
    else:
        assert len(own.pools) == 1
        own.clear()


def test_bypass_proxy_rules() -> None:
    assert bypass_proxy("api.openai.com", 443, "openai.com")
    assert bypass_proxy("api.openai.com", 443, " .openai.com , other")
    assert not bypass_proxy("notopenai.com", 443, "openai.com")
    assert bypass_proxy("10.1.2.3", 80, "10.0.0.0/8")
    assert bypass_proxy("localhost", 8080, "localhost:8080") and not bypass_proxy("localhost", 80, "localhost:8080")
    assert bypass_proxy("anything", 1, "*") and not bypass_proxy("anything", 1, "")


# -- TLS ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certs(tmp_path_factory: Any) -> Any:
    """A throwaway CA and a certificate for 127.0.0.1 it signed, made with the openssl command."""
    return make_certs(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_server(certs: Any) -> Any:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "leaf.pem", certs / "leaf.key")
    with ScriptedServer(tls=context) as srv:
        srv.script(reply(200, {"tls": True}))
        yield srv


def test_tls_unknown_ca_is_not_retried(h: Harness, tls_server: ScriptedServer) -> None:
    session = h.session(tls_server.url)
    with pytest.raises(APIConnectionError) as caught:
        chat(session)
    assert caught.value.should_retry is False and 'verify="/path/ca.pem"' in str(caught.value)
    assert attempts(session) == 1 and not tls_server.requests


def test_tls_with_ca_bundle(h: Harness, tls_server: ScriptedServer, certs: Any, monkeypatch: Any) -> None:
    assert chat(h.session(tls_server.url, verify=str(certs / "ca.pem"))) == {"tls": True}
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certs / "ca.pem"))
    assert chat(h.session(tls_server.url)) == {"tls": True}


def test_tls_hostname_mismatch_is_not_retried(h: Harness, tls_server: ScriptedServer, certs: Any) -> None:
    session = h.session(tls_server.url.replace("127.0.0.1", "localhost"), verify=str(certs / "ca.pem"))
    with pytest.raises(APIConnectionError, match="verification failed") as caught:
        chat(session)
    assert caught.value.should_retry is False and attempts(session) == 1


def test_missing_ca_bundle_fails_fast(h: Harness, tls_server: ScriptedServer, tmp_path: Any) -> None:
    session = h.session(tls_server.url, verify=str(tmp_path / "missing.pem"))
    with pytest.raises(APIConnectionError, match="does not exist") as caught:
        chat(session)
    assert caught.value.should_retry is False and attempts(session) == 1
