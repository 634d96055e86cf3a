"""The Realtime API against a real loopback WebSocket server (``websockets``' sync server): the
handshake's URL, query and headers, close codes, handshake failures, timeouts, pings, redirects,
proxies, TLS with a custom CA and Azure-style sessions. Events: ``test_realtime_events.py``."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping

import pytest
from _faults import make_certs, tunnel
from _realtime_server import FAST, KEY, Handshake, RealtimeServer, open_connection, recording, session_for, within
from _servers import ScriptedServer, raw
from websockets.exceptions import ConnectionClosed

from openai_compat import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    Client,
    InternalServerError,
    NotFoundError,
    Session,
)
from openai_compat._internals import proxy_options
from openai_compat.realtime import RealtimeConnectionClosedError
from openai_compat.resources.realtime import connect
from openai_compat.types import realtime_server_events as events


@pytest.fixture
def server() -> Iterator[RealtimeServer]:
    with RealtimeServer() as srv:
        yield srv


def _accept_and_go_silent(conn: Any, request: Any) -> None:
    """A server that completes the handshake and then never answers, not even a close frame
    (a peer gone without a FIN, as behind a NAT that dropped the connection)."""
    key = request.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    accept = base64.b64encode(hashlib.sha1(key.encode()).digest()).decode()
    conn.send(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
    conn.hold()


# -- the handshake ------------------------------------------------------------------------------


def test_handshake_url_query_and_headers(server: RealtimeServer) -> None:
    client = Client(
        api_key=KEY, base_url=server.base_url, organization="org-1", project="proj-1",
        default_headers={"X-Default": "d", "X-Overridden": "default"}, default_query={"dq": "1"},
    )
    with within(FAST), client.realtime.connect(
        model="gpt-realtime", extra_query={"foo": "bar"}, extra_headers={"X-Extra": "e", "X-Overridden": "extra"},
    ) as connection:
        first = connection.recv(timeout=FAST)
    assert isinstance(first, events.SessionCreatedEvent) and first.session == {"type": "realtime"}
    [handshake] = server.handshakes
    assert handshake.path == "/v1/realtime?dq=1&model=gpt-realtime&foo=bar"
    headers = handshake.headers
    assert headers["authorization"] == f"Bearer {KEY}"
    assert headers["user-agent"].startswith("OpenAICompat/Python ")
    assert headers["openai-organization"] == "org-1" and headers["openai-project"] == "proj-1"
    assert headers["x-default"] == "d" and headers["x-extra"] == "e" and headers["x-overridden"] == "extra"
    # GA realtime: no beta header, no browser Origin, no JSON Accept (as openai-python sends).
    assert "openai-beta" not in headers and "origin" not in headers and "accept" not in headers
    assert connection.url == f"{server.ws_base}/v1/realtime?dq=1&model=gpt-realtime&foo=bar"
    assert KEY not in repr(connection) and connection.closed


def test_call_id_and_https_base_url_use_wss() -> None:
    session = Session(api_key=KEY, base_url="https://api.example.test/v1", default_query={"a": "1"})
    assert session.realtime_url({"model": "m", "call_id": "rtc_1"}) == (
        "wss://api.example.test/v1/realtime?a=1&model=m&call_id=rtc_1"
    )
    with pytest.raises(ValueError, match="model"):
        connect(session)


def test_azure_style_session_hooks_shape_url_and_auth(server: RealtimeServer) -> None:
    class AzureLike(Session):  # what an Azure session overrides
        def realtime_url(self, query: Mapping[str, Any]) -> str:
            return f"{server.ws_base}/openai/realtime?api-version=2025-04-01-preview&deployment={query['model']}"

        def auth_headers(self) -> Dict[str, str]:
            return {"api-key": self.api_key}

    with connect(AzureLike(api_key=KEY, base_url=server.base_url), model="my-deploy", ping_interval=None) as conn:
        assert isinstance(conn.recv(timeout=FAST), events.SessionCreatedEvent)
    [handshake] = server.handshakes
    assert handshake.path == "/openai/realtime?api-version=2025-04-01-preview&deployment=my-deploy"
    assert handshake.headers["api-key"] == KEY and "authorization" not in handshake.headers


def test_azure_client_connects_with_its_url_and_api_key(server: RealtimeServer) -> None:
    from openai_compat import AzureClient

    endpoint = f"http://127.0.0.1:{server.port}"
    client = AzureClient(azure_endpoint=endpoint, api_version="2025-04-01-preview", api_key=KEY)
    with client.realtime.connect(model="my-deploy", ping_interval=None) as connection:
        assert isinstance(connection.recv(timeout=FAST), events.SessionCreatedEvent)
    [handshake] = server.handshakes
    assert handshake.path == "/openai/realtime?api-version=2025-04-01-preview&deployment=my-deploy"
    assert handshake.headers["api-key"] == KEY and "authorization" not in handshake.headers


@pytest.mark.parametrize(
    ("status", "error_type"), [(401, AuthenticationError), (404, NotFoundError), (500, InternalServerError)]
)
def test_failed_handshake_raises_the_status_error(server: RealtimeServer, status: int, error_type: type) -> None:
    # The body echoes the key, as some servers do: the error masks it.
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}", "code": "invalid_api_key"}})
    server.reject = lambda handshake: (status, body, {"x-request-id": "req_rt"})
    with within(FAST), pytest.raises(error_type) as caught:
        open_connection(server)
    error = caught.value
    assert error.status_code == status and error.code == "invalid_api_key" and error.request_id == "req_rt"
    assert str(error).startswith(f"Error code: {status} - Incorrect API key provided: ")
    assert KEY not in str(error) and KEY not in repr(error) and KEY not in error.message


def test_refused_connection_raises_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session = Session(api_key=KEY, base_url=f"http://127.0.0.1:{port}/v1")
    with within(FAST), pytest.raises(APIConnectionError) as caught:
        connect(session, model="m", ping_interval=None).enter()
    assert not isinstance(caught.value, APIStatusError) and KEY not in str(caught.value)


def test_open_timeout_bounds_a_handshake_that_never_answers() -> None:
    with ScriptedServer() as silent:
        silent.script(lambda conn, request: conn.hold())
        session = Session(api_key=KEY, base_url=f"http://127.0.0.1:{silent.port}/v1")
        with within(1.5), pytest.raises(APITimeoutError, match="handshake timed out"):
            connect(session, model="m", open_timeout=0.2, ping_interval=None).enter()
        assert silent.requests[0].target == "/v1/realtime?model=m"


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 abc Weird\r\n\r\n",  # a status that is not a number
    b"garbage\r\n\r\n",  # no status line at all
    b"HTTP/1.1 101 Switching Protocols\r\nX-Name: caf\xe9\r\n\r\n",  # a Latin-1 header value
    b"HTTP/1.1 400 Bad Request\r\nContent-Length: x\r\n\r\n",
])
def test_a_malformed_handshake_answer_is_a_connection_error(answer: bytes) -> None:
    # websocket-client 1.9.0 (what Python 3.9 gets) lets ValueError, UnicodeDecodeError and
    # IndexError out of its response parser; 1.9.2 raises WebSocketException. Both are this.
    with ScriptedServer() as broken:
        broken.script(raw(answer))
        session = Session(api_key=KEY, base_url=f"http://127.0.0.1:{broken.port}/v1")
        with within(FAST), pytest.raises(APIConnectionError, match="WebSocket") as caught:
            connect(session, model="m", open_timeout=FAST, ping_interval=None).enter()
    assert not isinstance(caught.value, APIStatusError) and KEY not in str(caught.value)


def test_a_url_that_is_not_a_websocket_url_is_a_value_error() -> None:
    for base_url in ("ftp://files.example.test/v1", "http:///v1", "http://host.example.test:99999/v1"):
        with pytest.raises(ValueError, match="WebSocket URL"):
            connect(Session(api_key=KEY, base_url=base_url), model="m", ping_interval=None)


def test_same_origin_redirect_is_followed_with_the_key(server: RealtimeServer) -> None:
    def reject(handshake: Handshake) -> Any:
        if handshake.path.startswith("/v1/"):
            return 307, "", {"Location": "/v2/realtime?model=gpt-realtime"}
        return None

    server.reject = reject
    with open_connection(server) as connection:
        assert isinstance(connection.recv(timeout=FAST), events.SessionCreatedEvent)
    assert [h.path for h in server.handshakes] == ["/v1/realtime?model=gpt-realtime", "/v2/realtime?model=gpt-realtime"]
    assert all(h.headers["authorization"] == f"Bearer {KEY}" for h in server.handshakes)
    assert connection.url == f"{server.ws_base}/v2/realtime?model=gpt-realtime"


def test_a_redirect_on_a_kept_alive_connection_is_followed_at_once() -> None:
    # websocket-client 1.9.0 (Python 3.9) reports the redirect as an open socket: dropping it must
    # not wait for a WebSocket close frame from an HTTP server that keeps the connection alive.
    def handler(conn: Any, request: Any) -> Any:
        if request.target.startswith("/v1/"):
            conn.send(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /v2/realtime?model=m\r\nContent-Length: 0\r\n\r\n")
            return None  # keep-alive: the connection stays open, silent
        return _accept_and_go_silent(conn, request)

    with ScriptedServer() as server:
        server.script(handler, handler)
        session = Session(api_key=KEY, base_url=f"http://127.0.0.1:{server.port}/v1")
        with within(1.0):
            connection = connect(session, model="m", ping_interval=None).enter()
        connection.close(timeout=0.1)
    assert connection.url.endswith("/v2/realtime?model=m")
    assert [r.target for r in server.requests] == ["/v1/realtime?model=m", "/v2/realtime?model=m"]


def test_cross_origin_redirect_is_refused_and_the_key_never_sent_there(server: RealtimeServer) -> None:
    with RealtimeServer() as other:
        server.reject = lambda handshake: (302, "", {"Location": f"{other.ws_base}/v1/realtime?model=m"})
        with within(FAST), pytest.raises(APIStatusError, match="another origin") as caught:
            open_connection(server)
        assert caught.value.status_code == 302 and KEY not in str(caught.value)
        assert other.handshakes == []


def test_a_redirect_to_a_malformed_port_is_refused_as_another_origin(server: RealtimeServer) -> None:
    server.reject = lambda handshake: (302, "", {"Location": f"ws://127.0.0.1:{server.port}x/v1/realtime"})
    with within(FAST), pytest.raises(APIStatusError, match="another origin") as caught:
        open_connection(server)
    assert caught.value.status_code == 302 and len(server.handshakes) == 1


# -- closing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "reason", "retry"), [(4000, "custom", False), (1011, "boom", True), (1001, "", True)])
def test_abnormal_close_raises_with_code_and_reason(server: RealtimeServer, code: int, reason: str,
                                                    retry: bool) -> None:
    server.script = recording([{"type": "session.created", "event_id": "e1"}],
                              then=lambda conn: conn.close(code, reason))
    seen: List[Any] = []
    with within(FAST), open_connection(server) as connection, pytest.raises(RealtimeConnectionClosedError) as caught:
        for event in connection:
            seen.append(event)
    assert [type(e) for e in seen] == [events.SessionCreatedEvent]
    assert (caught.value.close_code, caught.value.close_reason, caught.value.should_retry) == (code, reason, retry)
    assert (connection.close_code, connection.closed) == (code, True)


def test_a_dropped_connection_is_1006_and_sends_then_fail(server: RealtimeServer) -> None:
    server.script = recording([], then=lambda conn: conn.socket.shutdown(socket.SHUT_RDWR))
    with within(FAST), open_connection(server) as connection:
        with pytest.raises(RealtimeConnectionClosedError) as caught:
            connection.recv(timeout=FAST)
        assert caught.value.close_code == 1006 and isinstance(caught.value, APIConnectionError)
        with pytest.raises(RealtimeConnectionClosedError):
            connection.send({"type": "response.create"})


def test_client_close_sends_code_and_reason(server: RealtimeServer) -> None:
    closed: List[Any] = []
    seen = threading.Event()

    def script(conn: Any) -> None:
        with pytest.raises(ConnectionClosed):  # 4001 is not a normal close for the server either
            conn.recv(timeout=FAST)
        closed.append((conn.close_code, conn.close_reason))
        seen.set()

    server.script = script
    connection = open_connection(server)
    with within(FAST):
        connection.close(code=4001, reason="bye")
        connection.close()  # idempotent
    # The handler runs in the server's own thread: wait for it (some websockets releases do not
    # join handler threads on shutdown), against a deadline.
    assert seen.wait(FAST)
    assert closed == [(4001, "bye")]
    with pytest.raises(RealtimeConnectionClosedError):
        connection.recv()


def test_close_from_another_thread_ends_a_blocked_iteration_quietly(server: RealtimeServer) -> None:
    # The reader is blocked in recv when close() shuts the socket: that is our own normal close,
    # not a dropped connection (1006). Several rounds, since which thread reads the server's
    # close reply varies.
    for _ in range(8):
        connection = open_connection(server)
        first = threading.Event()
        outcome: List[Any] = []

        def reader(connection: Any = connection, first: threading.Event = first,
                   outcome: List[Any] = outcome) -> None:
            try:
                for _event in connection:
                    first.set()
                outcome.append("ended")
            except Exception as exc:  # the test reports whatever escaped
                outcome.append(exc)

        thread = threading.Thread(target=reader)
        thread.start()
        assert first.wait(FAST)  # session.created arrived; the reader waits for the next event
        with within(FAST):
            connection.close()
            thread.join(FAST)
        assert outcome == ["ended"] and connection.close_code == 1000
        with pytest.raises(RealtimeConnectionClosedError) as caught:
            connection.send({"type": "response.create"})
        assert caught.value.close_code == 1000


def test_close_is_bounded_by_its_timeout_while_another_thread_is_blocked_in_recv() -> None:
    with ScriptedServer() as silent:
        silent.script(_accept_and_go_silent)
        connection = connect(Session(api_key=KEY, base_url=f"http://127.0.0.1:{silent.port}/v1"), model="m",
                             ping_interval=None).enter()
        outcome: List[Any] = []

        def reader() -> None:
            try:
                outcome.extend(connection)
                outcome.append("ended")
            except Exception as exc:  # the test reports whatever escaped
                outcome.append(exc)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        with pytest.raises(APITimeoutError):
            connection.recv(timeout=0.05)  # a second reader waits its turn, within its own timeout
        closer = threading.Thread(target=lambda: connection.close(timeout=0.2), daemon=True)
        with within(FAST):
            closer.start()
            closer.join(FAST)
            thread.join(FAST)
        assert not closer.is_alive() and not thread.is_alive()
        assert outcome == ["ended"] and connection.close_code == 1000


def test_reconnect_after_a_session_limit_replays_the_session_update(server: RealtimeServer) -> None:
    received: List[Any] = []
    first = recording([], then=lambda conn: conn.close(1001, "session expired"), received=received, expect=1)
    server.script = first
    with open_connection(server) as connection:
        connection.session.update(session={"type": "realtime", "instructions": "Be brief"})
        with within(FAST), pytest.raises(RealtimeConnectionClosedError) as caught:
            connection.recv(timeout=FAST)
        assert caught.value.close_code == 1001 and caught.value.should_retry
        server.script = recording([{"type": "session.updated", "event_id": "e2"}], received=received, expect=1)
        connection.reconnect()  # a new socket and session; the last session.update goes again
        assert not connection.closed and connection.close_code is None
        assert isinstance(connection.recv(timeout=FAST), events.SessionUpdatedEvent)
    update = {"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief"}}
    assert received == [update, update] and len(server.handshakes) == 2
    assert server.handshakes[1].headers["authorization"] == f"Bearer {KEY}"


def test_sends_from_many_threads_arrive_whole(server: RealtimeServer) -> None:
    received: List[Any] = []
    server.script = recording([{"type": "input_audio_buffer.committed", "event_id": "e"}], received=received,
                              expect=200)
    with open_connection(server, ping_interval=0.001) as connection:  # pings go out in between too
        audio = "A" * 4000

        def sender(n: int) -> None:
            for i in range(50):
                connection.input_audio_buffer.append(audio=audio, event_id=f"{n}-{i}")

        threads = [threading.Thread(target=sender, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(FAST)
        assert isinstance(connection.recv(timeout=FAST), events.InputAudioBufferCommittedEvent)
    assert sorted(r["event_id"] for r in received) == sorted(f"{n}-{i}" for n in range(4) for i in range(50))
    assert all(r["audio"] == audio for r in received)


# -- timeouts and pings --------------------------------------------------------------------------


def test_recv_timeout_leaves_the_connection_usable(server: RealtimeServer) -> None:
    go = threading.Event()
    server.script = recording([], then=lambda conn: (go.wait(FAST), conn.send('{"type":"session.created"}'),
                                                     conn.recv(timeout=FAST)))
    with open_connection(server) as connection:
        with within(1.0), pytest.raises(APITimeoutError, match="still open"):
            connection.recv(timeout=0.1)
        go.set()
        with within(FAST):
            assert isinstance(connection.recv(timeout=FAST), events.SessionCreatedEvent)


def test_ping_interval_sends_pings_that_the_server_answers(server: RealtimeServer) -> None:
    server.script = recording([], then=lambda conn: conn.recv(timeout=FAST))
    with connect(session_for(server), model="m", ping_interval=0.02) as connection:
        deadline = time.monotonic() + FAST
        while connection.last_pong is None and time.monotonic() < deadline:
            with pytest.raises(APITimeoutError):
                connection.recv(timeout=0.05)  # reading is what notices the pongs
        assert connection.last_pong is not None
    with open_connection(server) as quiet:  # ping_interval=None: no pings, so no pongs
        with pytest.raises(APITimeoutError):
            quiet.recv(timeout=0.1)
        assert quiet.last_pong is None


@pytest.mark.parametrize("interval", [0, -1.5])
def test_a_bad_ping_interval_is_refused_before_any_connection(server: RealtimeServer, interval: float) -> None:
    with pytest.raises(ValueError, match="ping_interval"):
        connect(session_for(server), model="m", ping_interval=interval)
    assert server.handshakes == []  # no socket was opened, so none is left behind


# -- proxies and TLS -----------------------------------------------------------------------------


def test_proxy_from_the_environment_and_from_the_argument(server: RealtimeServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    with ScriptedServer() as proxy:
        proxy.script(tunnel)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")  # ws:// reads http_proxy
        with open_connection(server) as connection:
            assert isinstance(connection.recv(timeout=FAST), events.SessionCreatedEvent)
        monkeypatch.delenv("HTTP_PROXY")
        with open_connection(server, proxy=f"http://user:pa%40ss@127.0.0.1:{proxy.port}") as connection:
            assert isinstance(connection.recv(timeout=FAST), events.SessionCreatedEvent)
    assert [(r.method, r.target) for r in proxy.requests] == [("CONNECT", f"127.0.0.1:{server.port}")] * 2
    assert "proxy-authorization" not in proxy.requests[0].headers
    assert proxy.requests[1].headers["proxy-authorization"] == "Basic dXNlcjpwYUBzcw=="  # user:pa@ss
    assert all("authorization" not in r.headers for r in proxy.requests)  # the key goes inside the tunnel
    assert len(server.handshakes) == 2


def test_proxy_urls_become_websocket_client_options() -> None:
    assert proxy_options(None) == {}
    assert proxy_options("proxy.local:3128") == {
        "http_proxy_host": "proxy.local", "http_proxy_port": 3128, "proxy_type": "http"}
    assert proxy_options("socks5h://u:p%3Aw@socks.local") == {
        "http_proxy_host": "socks.local", "http_proxy_port": 1080, "proxy_type": "socks5h",
        "http_proxy_auth": ("u", "p:w")}
    with pytest.raises(ValueError, match="proxy must be a URL"):
        proxy_options("ftp://proxy.local")


def test_wss_with_a_custom_ca(tmp_path: Path) -> None:
    certs = make_certs(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "leaf.pem", certs / "leaf.key")
    with RealtimeServer(ssl_context=context) as tls_server:
        session = Session(api_key=KEY, base_url=tls_server.base_url)
        with connect(session, model="m", ca_certs=str(certs / "ca.pem"), ping_interval=None) as connection:
            assert isinstance(connection.recv(timeout=FAST), events.SessionCreatedEvent)
        assert connection.url.startswith("wss://127.0.0.1:")
        with within(FAST), pytest.raises(APIConnectionError, match=r"TLS|certificate") as caught:
            connect(session, model="m", ping_interval=None).enter()  # the system store does not know the CA
        assert caught.value.should_retry is False


def test_websocket_client_is_imported_on_first_connect_only() -> None:
    code = ("import sys, openai_compat; c = openai_compat.Client(api_key='k'); c.realtime; "
            "import openai_compat.realtime; assert 'websocket' not in sys.modules, 'imported early'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
