"""The methods written by hand inside namespaces derived from the spec: ``realtime.calls.create`` (the
SDP offer, bare or as a typed form), ``videos.poll`` and ``videos.create_and_poll``; and
``client.beta.chat``, openai-python's alias of ``client.chat``."""

from __future__ import annotations

import json
import warnings
from typing import Any, List

import pytest
from mock_api import MockAPICheck

from openai_compat import Client, Response, RetryPolicy
from openai_compat.testing import MockTransport, json_response

OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: List[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _client(transport: MockTransport, clock: Any = None) -> Client:
    policy = RetryPolicy(clock=clock.clock, sleep=clock.sleep) if clock else None
    return Client(api_key="sk-test", base_url="https://api.test/v1", transport=transport, retry_policy=policy)


def _answer(request: Any) -> Response:
    return Response(201, {"content-type": "application/sdp", "location": "/v1/realtime/calls/rtc_1"},
                    content=b"v=0\r\nanswer\r\n")


def test_calls_create_sends_a_bare_offer_as_sdp() -> None:
    transport = MockTransport(_answer)
    answer = _client(transport).realtime.calls.create(sdp=OFFER)
    assert answer.text == "v=0\r\nanswer\r\n"
    assert answer.headers["location"] == "/v1/realtime/calls/rtc_1"
    request = transport.last_request
    assert (request.method, request.url) == ("POST", "https://api.test/v1/realtime/calls")
    assert request.headers["Content-Type"] == "application/sdp"
    assert request.headers["Accept"] == "application/sdp"
    assert request.body == OFFER.encode()


def test_calls_create_with_a_session_sends_a_typed_form() -> None:
    transport = MockTransport(_answer)
    _client(transport).realtime.calls.create(sdp=OFFER, session={"type": "realtime", "model": "gpt-realtime"},
                                             extra_body={"note": "x"})
    request = transport.last_request
    kind, _, boundary = request.headers["Content-Type"].partition("; boundary=")
    assert kind == "multipart/form-data"
    parts = request.body.split(f"--{boundary}".encode())
    assert parts[-1] == b"--\r\n"
    sdp_part, session_part, note_part = parts[1:-1]
    assert b'name="sdp"\r\nContent-Type: application/sdp\r\n\r\n' + OFFER.encode() in sdp_part
    head, _, body = session_part.partition(b"\r\n\r\n")
    assert b'name="session"' in head and b"Content-Type: application/json" in head
    assert json.loads(body) == {"type": "realtime", "model": "gpt-realtime"}
    assert note_part == b'\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n'


def test_calls_create_refuses_an_offer_that_is_not_text() -> None:
    with pytest.raises(TypeError, match="SDP offer as a str"):
        _client(MockTransport(_answer)).realtime.calls.create(sdp=OFFER.encode())  # type: ignore[arg-type]


def _video(status: str, hint: Any = None) -> Response:
    headers = {"openai-poll-after-ms": str(hint)} if hint is not None else {}
    return json_response({"id": "video_1", "object": "video", "status": status}, headers=headers)


def test_videos_poll_waits_while_running_and_returns_a_failed_video() -> None:
    clock = FakeClock()
    transport = MockTransport(responses=[_video("queued", 250), _video("in_progress"), _video("failed")])
    with pytest.warns(DeprecationWarning, match="videos.poll is deprecated") as caught:
        video = _client(transport, clock).videos.poll("video_1")
    assert len(caught) == 1  # one warning for the poll, not one per get
    assert video.status == "failed"
    assert clock.sleeps == [0.25, 0.25]  # the server's hint, kept while later answers give none
    assert all(r.headers["X-Stainless-Poll-Helper"] == "true" for r in transport.requests)
    assert transport.requests[0].url == "https://api.test/v1/videos/video_1"


def test_videos_poll_ends_at_a_status_it_does_not_know_and_honours_the_callers_interval() -> None:
    clock = FakeClock()
    transport = MockTransport(responses=[_video("queued"), _video("archived")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        video = _client(transport, clock).videos.poll("video_1", poll_interval_ms=20)
    assert video.status == "archived"
    assert clock.sleeps == [0.02]
    assert transport.requests[0].headers["X-Stainless-Custom-Poll-Interval"] == "20"


def test_videos_poll_stops_at_max_wait_seconds() -> None:
    clock = FakeClock()
    transport = MockTransport(lambda request: _video("in_progress"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TimeoutError, match="video_1"):
            _client(transport, clock).videos.poll("video_1", max_wait_seconds=2.5)
    assert clock.now == 2.5


def test_videos_create_and_poll_creates_then_waits() -> None:
    clock = FakeClock()
    transport = MockTransport(responses=[_video("queued"), _video("completed")])
    with pytest.warns(DeprecationWarning, match="create_and_poll"):
        video = _client(transport, clock).videos.create_and_poll(prompt="a cat", seconds="4")
    assert video.status == "completed"
    create, get = transport.requests
    assert (create.method, create.url) == ("POST", "https://api.test/v1/videos")
    assert create.headers["Content-Type"].startswith("multipart/form-data")  # as openai-python, always a form
    assert (get.method, get.url) == ("GET", "https://api.test/v1/videos/video_1")


def test_beta_chat_is_the_chat_namespace() -> None:
    transport = MockTransport(lambda request: json_response({"object": "list", "data": [], "has_more": False}))
    client = _client(transport)
    assert type(client.beta.chat.completions) is type(client.chat.completions)
    client.beta.chat.completions.list(limit=1)
    assert transport.last_request.url == "https://api.test/v1/chat/completions?limit=1"
    assert "OpenAI-Beta" not in transport.last_request.headers


@pytest.mark.mock_api
def test_calls_create_and_videos_poll_against_the_mock(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    assert isinstance(client.realtime.calls.create(sdp=OFFER).content, bytes)
    # The form variant is not sent here: Steady validates a form's ``session`` part as bracketed
    # fields, ignoring the spec's ``encoding`` (``contentType: application/json``) that openai-python
    # and this library follow; test_calls_create_with_a_session_sends_a_typed_form checks it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:  # the mock's status is random: done at once, or still running at the bound
            client.videos.create_and_poll(prompt="a cat", poll_interval_ms=1, max_wait_seconds=0.05)
        except TimeoutError as exc:
            assert "Video" in str(exc)
    mock_api.assert_valid()
