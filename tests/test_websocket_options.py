"""Where the WebSocket APIs connect (``base_url``, ``websocket_base_url``, ``default_query``), and
openai-python's ``websocket_connection_options`` mapped onto websocket-client, against a loopback
WebSocket server."""

from __future__ import annotations

import json
import socket
from typing import Any, Callable, Dict, Iterator

import pytest
from _realtime_server import FAST, KEY, RealtimeServer, recording, within

from openai_compat import APIConnectionError, Client
from openai_compat.realtime import RealtimeConnectionClosedError
from openai_compat.realtime.options import socket_options


@pytest.fixture
def server() -> Iterator[RealtimeServer]:
    with RealtimeServer() as srv:
        yield srv


_CONNECTS: Dict[str, Callable[[Client], Any]] = {
    "realtime": lambda c: c.realtime.connect(model="m", extra_query={"a": "b"}),
    "responses": lambda c: c.responses.connect(),
    "beta.realtime": lambda c: c.beta.realtime.connect(model="m"),
    "translations": lambda c: c.realtime.translations.connect("m"),
    "live": lambda c: c.live.connect(),
    "forks": lambda c: c.live.forks.connect(session_id="s1"),
    "sideband": lambda c: c.live.sideband.connect(session_id="s1"),
}
_PATHS = {"realtime": "/realtime?model=m&a=b", "responses": "/responses", "beta.realtime": "/realtime?model=m",
          "translations": "/realtime/translations?model=m", "live": "/live/sessions",
          "forks": "/live/sessions/s1/fork", "sideband": "/live/sessions/s1/attach"}


@pytest.mark.parametrize("api", sorted(_CONNECTS))
@pytest.mark.parametrize(("options", "root"), [
    ({"base_url": "https://api.example.test/v1"}, "wss://api.example.test/v1"),
    ({"base_url": "http://127.0.0.1:9/v1"}, "ws://127.0.0.1:9/v1"),
    ({"base_url": "http://127.0.0.1:9/v1", "websocket_base_url": "https://ws.example.test/v2"},
     "wss://ws.example.test/v2"),
    ({"base_url": "http://127.0.0.1:9/v1", "websocket_base_url": "wss://ws.example.test/v2/"},
     "wss://ws.example.test/v2"),
])
def test_urls_are_built_as_openai_python_builds_them(api: str, options: Dict[str, Any], root: str) -> None:
    # The expected URLs are what openai-python 3.57.0 connects to for the same client (except that
    # its beta realtime uses wss:// over an http:// base URL, and keeps an https:// websocket_base_url).
    client = Client(api_key=KEY, **options)
    assert _CONNECTS[api](client).url == root + _PATHS[api]


def test_query_order_with_a_query_in_websocket_base_url_and_default_query() -> None:
    client = Client(api_key=KEY, base_url="http://127.0.0.1:9/v1", websocket_base_url="ws://ws.example.test/v2?x=1",
                    default_query={"dq": "1"})
    assert client.websocket_base_url == "ws://ws.example.test/v2?x=1"
    assert client.realtime.connect(model="m").url == "ws://ws.example.test/v2/realtime?x=1&dq=1&model=m"
    assert client.with_options(websocket_base_url=None).responses.connect().url == (
        "ws://127.0.0.1:9/v1/responses?dq=1")


def test_websocket_base_url_is_where_the_socket_opens(server: RealtimeServer) -> None:
    with socket.socket() as probe:  # an HTTP base URL where nothing listens
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    client = Client(api_key=KEY, base_url=f"http://127.0.0.1:{dead}/v1", websocket_base_url=server.base_url)
    with within(FAST), client.realtime.connect(model="m", ping_interval=None) as connection:
        connection.recv(timeout=FAST)
    assert server.handshakes[0].path == "/v1/realtime?model=m"


def test_connection_options_reach_the_handshake() -> None:
    with RealtimeServer(subprotocols=["realtime-v2"]) as server:  # it refuses a client without one
        _check_options_reach_the_handshake(server)


def _check_options_reach_the_handshake(server: RealtimeServer) -> None:
    client = Client(api_key=KEY, base_url=server.base_url, default_headers={"User-Agent": "mine/1"})
    options = {"subprotocols": ["realtime-v2"], "additional_headers": {"X-Extra": "1", "X-Both": "options"},
               "user_agent_header": "agent/2", "origin": "https://app.example", "ping_interval": None,
               "max_queue": 32, "compression": None, "extensions": None}
    with within(FAST), client.realtime.connect(model="m", extra_headers={"X-Both": "extra"},
                                               websocket_connection_options=options) as connection:  # type: ignore[arg-type]
        connection.recv(timeout=FAST)
        assert connection.response_headers["sec-websocket-protocol"] == "realtime-v2"
    headers = server.handshakes[0].headers
    assert headers["sec-websocket-protocol"] == "realtime-v2" and headers["origin"] == "https://app.example"
    assert headers["x-extra"] == "1" and headers["x-both"] == "extra" and headers["user-agent"] == "agent/2"


def test_max_size_closes_with_1009_on_a_larger_message(server: RealtimeServer) -> None:
    server.script = recording([{"type": "session.created", "event_id": "e", "session": {"note": "x" * 5000}}],
                              then=lambda conn: conn.recv(timeout=FAST))
    client = Client(api_key=KEY, base_url=server.base_url)
    manager = client.realtime.connect(model="m", websocket_connection_options={"max_size": 4096}, ping_interval=None)
    with within(FAST), manager as connection, pytest.raises(RealtimeConnectionClosedError) as caught:
        connection.recv(timeout=FAST)
    assert caught.value.close_code == 1009 and "max_size=4096" in caught.value.close_reason


def test_proxy_none_in_the_options_ignores_the_proxy_environment(server: RealtimeServer,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    client = Client(api_key=KEY, base_url=server.base_url)
    with within(FAST), pytest.raises(APIConnectionError):  # through the (dead) proxy of the environment
        client.realtime.connect(model="m", ping_interval=None).enter()
    with within(FAST), client.realtime.connect(model="m", ping_interval=None,
                                               websocket_connection_options={"proxy": None}) as connection:
        connection.recv(timeout=FAST)
    assert len(server.handshakes) == 1


@pytest.mark.parametrize(("options", "error", "match"), [
    ({"compression": "deflate"}, ValueError, "permessage-deflate"),
    ({"extensions": [object()]}, ValueError, "extensions"),
    ({"write_buffer": 3}, TypeError, "'write_buffer' cannot be used"),
    ({"max_size": -1}, ValueError, "max_size"),
    ({"open_timeout": 0}, ValueError, "open_timeout"),
    ({"close_timeout": None}, ValueError, "close_timeout"),
    ({"proxy": 8080}, TypeError, "proxy"),
])
def test_options_that_cannot_be_honoured_are_refused(options: Dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        socket_options(options)


def test_the_options_win_over_the_keyword_arguments() -> None:
    options = socket_options({"ping_interval": 5, "open_timeout": 2, "close_timeout": 1}, ping_interval=20,
                             open_timeout=10, proxy="http://proxy.local:3128")
    assert (options.ping_interval, options.open_timeout, options.close_timeout) == (5, 2, 1)
    assert options.native["http_proxy_host"] == "proxy.local"
    assert json.dumps(socket_options().native) == "{}"  # nothing set: websocket-client's defaults
