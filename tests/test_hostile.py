"""Hostile and broken servers, on both transports against raw loopback sockets: a total timeout that
holds whatever the server drips, bounded non-streamed bodies (gzip bombs, endless bodies), redirect
bodies never read beyond a small cap, typed errors for every redirect that cannot be followed, and
error messages cut to a few KB.

Memory is measured where it is the point: the call runs in a fresh interpreter (``_rss_client``) and
reports how far its peak RSS rose. ``python tests/_hostile.py`` prints the same scenarios with the
client's defaults, the figures in docs/guide/errors-retries.md.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Any, Iterator, List

import pytest
from _hostile import DRIP_TIMEOUT, Generated, GiB, MiB, drip, drip_body, drip_headers, probe, stream_then_stall
from _servers import ScriptedServer, reply

from openai_compat import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    RequestsTransport,
    Response,
    RetryPolicy,
    Session,
    Timeout,
    Urllib3Transport,
)
from openai_compat._internals import MAX_ERROR_BODY
from openai_compat.testing import MockTransport

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RSS is read with the resource module")

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
KINDS = sorted(TRANSPORTS)
KEY = "sk-hostile-0123456789abcdef"
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
MARGIN = 1.5  # seconds past a total timeout still "within a small margin" on a loaded 2-core machine
FAST = 2.0


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv
        assert not srv.errors, srv.errors


@contextmanager
def within(seconds: float) -> Iterator[None]:
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    assert took < seconds, f"took {took:.2f} s; the bound is {seconds} s"


def session_for(kind: str, base_url: str, **options: Any) -> Session:
    sleeps: List[float] = []
    policy = RetryPolicy(sleep=sleeps.append, random=lambda: 0.0)
    options.setdefault("max_retries", 0)
    return Session(api_key=KEY, base_url=base_url, transport=TRANSPORTS[kind](), retry_policy=policy, **options)


def chat(session: Session, **kwargs: Any) -> Any:
    return session.request("POST", "/chat/completions", cast_to=object, body=BODY, **kwargs)


# -- 1. a total timeout that holds inside an attempt ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("handler", [drip_headers, drip_body], ids=["headers", "body"])
def test_total_timeout_holds_while_the_server_drips(kind: str, handler: Any, server: ScriptedServer) -> None:
    """A byte every 0.5 s resets every read timeout; total=3 must still end the call at 3 s."""
    server.script(handler())
    got = probe(kind, server.url, "json", timeout=DRIP_TIMEOUT)
    assert got["error"] == "APITimeoutError", got
    assert "total timeout ran out" in got["message"]
    assert 3.0 - 0.1 <= got["seconds"] < 3.0 + MARGIN
    assert got["rss_growth_mib"] < 16


@pytest.mark.parametrize("kind", KINDS)
def test_total_timeout_covers_retries_and_redirects(kind: str, server: ScriptedServer) -> None:
    """503, then a same-origin redirect, then headers dripping: one budget across all of them."""
    server.script(reply(503, {"error": {"message": "busy"}}), reply(307, b"", {"Location": "/v1/again"}),
                  drip_headers(0.2))
    session = session_for(kind, server.url, max_retries=2, timeout=Timeout(10, total=2))
    with within(2 + MARGIN), pytest.raises(APITimeoutError, match="total timeout ran out"):
        chat(session)
    assert [r.target for r in server.requests] == ["/v1/chat/completions"] * 2 + ["/v1/again"]
    session.close()


@pytest.mark.parametrize("kind", KINDS)
def test_total_timeout_cuts_a_stream_read_that_started_before_it(kind: str, server: ScriptedServer) -> None:
    """Events every 0.5 s, then silence: the read waiting when the total runs out is cut then, not
    when its own read timeout (which was cut to the time left when the call started) would end."""
    server.script(stream_then_stall(events=5, every=0.5))  # the last event at 2 s: its read would end at 5 s
    session = session_for(kind, server.url, timeout=Timeout(10, total=3))
    got: List[Any] = []
    with within(3 + MARGIN), pytest.raises(APITimeoutError) as caught:
        for item in session.stream("POST", "/chat/completions", cast_to=object, body=BODY):
            got.append(item)
    assert got == [{"n": n} for n in range(5)]
    assert caught.value.items == []  # a stream keeps no event unless keep_events=True
    session.close()


@pytest.mark.parametrize("kind", KINDS)
def test_total_timeout_holds_while_a_proxy_drips_its_connect_answer(kind: str, server: ScriptedServer) -> None:
    """An HTTPS proxy answering CONNECT a byte every 0.2 s: the socket is watched from the TCP connect
    on, before any TLS (a TLS handshake itself is bounded by the connect timeout, which is cut to the
    time left: CPython's ssl module takes a socket timeout as a deadline for the whole handshake)."""
    padding = "".join(f"X-Padding-{i}: {'y' * 40}\r\n" for i in range(20))
    server.script(drip(f"HTTP/1.1 200 Connection established\r\n{padding}\r\n".encode(), 0.2))
    proxy = f"http://127.0.0.1:{server.port}"
    session = Session(api_key=KEY, base_url="https://api.example.test/v1", max_retries=0,
                      transport=TRANSPORTS[kind](proxies={"https": proxy}), timeout=Timeout(10, total=2))
    with within(2 + MARGIN), pytest.raises(APITimeoutError, match="total timeout ran out"):
        chat(session)
    assert [r.method for r in server.requests] == ["CONNECT"]
    session.close()


@pytest.mark.parametrize("kind", KINDS)
def test_connections_stay_usable_after_a_watched_call(kind: str, server: ScriptedServer) -> None:
    """A call that finished in time disarms its watch: the socket is reused, never shut later."""
    server.script(reply(200, {"ok": True}))
    session = session_for(kind, server.url, timeout=Timeout(10, total=0.5))
    for _ in range(5):
        assert chat(session) == {"ok": True}
    time.sleep(0.7)  # past every total: no watch may fire on the pooled socket
    assert chat(session) == {"ok": True}
    assert server.connections == 1
    session.close()


# -- 2. a bounded non-streamed body ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("body", ["gzip", "chunked"], ids=["gzip-bomb", "endless-json"])
def test_a_non_streamed_body_stops_at_max_response_size(kind: str, body: str, server: ScriptedServer) -> None:
    endless = Generated(body, size=2 * GiB)
    server.script(endless)
    got = probe(kind, server.url, "json", max_response_size=16 * MiB)
    assert got["error"] == "APIResponseValidationError", got
    message = got["message"]
    assert "larger than max_response_size (16 MiB" in message and "stream=True" in message
    assert "Client(max_response_size=" in message and "max_response_size=None" in message
    assert got["rss_growth_mib"] < 64 and got["seconds"] < 30
    assert endless.sent < 256 * MiB  # the server was cut off, far from its 2 GiB


@pytest.mark.parametrize("kind", KINDS)
def test_a_declared_length_over_the_limit_is_refused_before_reading(kind: str, server: ScriptedServer) -> None:
    huge = Generated("length", size=64 * GiB)
    server.script(huge)
    session = session_for(kind, server.url, max_response_size=MiB)
    with within(FAST), pytest.raises(APIResponseValidationError, match=r"max_response_size \(1 MiB") as caught:
        chat(session)
    assert caught.value.status_code == 200
    session.close()


@pytest.mark.parametrize("kind", KINDS)
def test_streams_and_downloads_are_not_limited(kind: str, server: ScriptedServer) -> None:
    server.script(Generated("length", size=24 * MiB))
    session = session_for(kind, server.url, max_response_size=MiB)
    with session.download("GET", "/files/f/content") as body:
        assert sum(len(part) for part in body.iter_bytes()) == 24 * MiB
    # Exactly at the limit is fine; one byte over is not.
    server.script(reply(200, b'"' + b"x" * (MiB - 2) + b'"', {"Content-Type": "application/json"}))
    assert len(chat(session)) == MiB - 2
    server.script(reply(200, b'"' + b"x" * (MiB - 1) + b'"', {"Content-Type": "application/json"}))
    with pytest.raises(APIResponseValidationError, match="max_response_size"):
        chat(session)
    session.close()


def test_max_response_size_default_option_and_custom_transports() -> None:
    transport = MockTransport(responses=[Response(200, content=b"[" + b"1," * 600 + b"1]")] * 2)
    session = Session(api_key=KEY, transport=transport, max_retries=0)
    assert session.max_response_size == 256 * MiB
    session.request("GET", "/models", cast_to=object)
    assert transport.requests[0].max_body_size == 256 * MiB
    small = session.copy(max_response_size=1000)
    with pytest.raises(APIResponseValidationError, match=r"max_response_size \(1,000 bytes"):
        small.request("GET", "/models", cast_to=object)  # a transport that read it all: still refused
    unlimited = session.copy(max_response_size=None)
    assert unlimited.max_response_size is None
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="max_response_size"):
            Session(api_key=KEY, transport=MockTransport(), max_response_size=bad)  # type: ignore[arg-type]


# -- 3 and 4. redirects: bodies never read whole, every failure typed -----------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_redirect_body_is_never_read_beyond_a_small_cap(kind: str, server: ScriptedServer) -> None:
    huge = Generated("length", size=2 * GiB, status=307, location="/v1/next")
    server.script(huge, reply(200, {"ok": True}))
    got = probe(kind, server.url, "json")
    assert got == {**got, "result": {"json_type": "dict", "json_size": 12}}
    assert got["rss_growth_mib"] < 16 and got["seconds"] < FAST
    assert huge.sent < 64 * MiB


@pytest.mark.parametrize("kind", KINDS)
def test_a_small_redirect_body_leaves_the_connection_reusable(kind: str, server: ScriptedServer) -> None:
    server.script(reply(307, b"moved" * 100, {"Location": "/v1/next"}), reply(200, {"ok": True}))
    session = session_for(kind, server.url)
    assert chat(session) == {"ok": True} and server.connections == 1
    session.close()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://[::1/x", "Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/x", "out of range"),
        ("/v1/a b", "spaces or control characters"),
        ("/v1/a\x01b", "spaces or control characters"),
    ],
)
def test_a_malformed_location_is_a_typed_error(kind: str, location: str, reason: str,
                                               server: ScriptedServer) -> None:
    server.script(reply(307, b"", {"Location": location}))
    session = session_for(kind, server.url)
    with within(FAST), pytest.raises(APIStatusError) as caught:
        chat(session)
    message = str(caught.value)
    assert "is not a valid URL" in message and reason in message and "redirect was not followed" in message
    assert caught.value.status_code == 307 and len(server.requests) == 1
    assert KEY not in message
    session.close()


@pytest.mark.parametrize("kind", KINDS)
def test_redirect_loops_and_redirects_without_location_say_so(kind: str, server: ScriptedServer) -> None:
    server.script(reply(302, b"", {"Location": "/v1/chat/completions"}))
    session = session_for(kind, server.url)
    with within(FAST), pytest.raises(APIStatusError, match="too many redirects: the call gave up after following 20"):
        session.request("GET", "/chat/completions", cast_to=object)
    server.script(reply(302, b"no location here"))
    with pytest.raises(APIStatusError, match="a redirect without a Location header"):
        session.request("GET", "/models", cast_to=object)
    session.close()


# -- 5. error messages cut to a few KB ------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_huge_error_message_is_cut_but_kept_whole_on_the_error(kind: str, server: ScriptedServer) -> None:
    size = 600 << 10
    server.script(reply(500, {"error": {"message": "m" * size, "code": "huge"}}))
    got = probe(kind, server.url, "json")
    assert got["error"] == "InternalServerError"
    assert got["message_length"] < 4200 and f"… {size + 18 - 4000:,} more characters" in got["message"]
    assert got["body_message_length"] == size and got["raw_body_length"] < MAX_ERROR_BODY
    # In process: the body and raw body keep every character the server sent (within the 1 MiB cap).
    server.script(reply(500, {"error": {"message": "m" * size}}))
    session = session_for(kind, server.url)
    with pytest.raises(InternalServerError) as caught:
        chat(session)
    assert len(caught.value.body["message"]) == size and len(caught.value.raw_body) > size  # type: ignore[index]
    assert len(str(caught.value)) < 4200 and str(caught.value).startswith("Error code: 500 - mmm")
    session.close()


def test_every_api_error_message_is_cut() -> None:
    error = APIConnectionError(message="x" * 10_000)
    assert str(error) == "x" * 4000 + "… 6,000 more characters"
    assert len(APIResponseValidationError("y" * 5000).message) < 4100
