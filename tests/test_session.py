"""The Session core with a MockTransport: configuration, headers, URLs, retries, errors, decoding."""

from __future__ import annotations

import email.utils
import logging
from typing import Any, List, Optional

import msgspec
import pytest

import openai_compat as errors  # the exception classes, all public
from openai_compat import Request, Response, RetryPolicy, Session, Timeout
from openai_compat._internals import APIObject
from openai_compat.testing import MockTransport, error_response, json_response, request_json

BASE = "https://api.example.test/v1"
SENTINEL_KEY = "sk-SENTINEL-0123456789"


class FakeClock:
    """A monotonic and wall clock that only moves when the session sleeps."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: List[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def policy(self, random_value: float = 0.0) -> RetryPolicy:
        return RetryPolicy(
            random=lambda: random_value, sleep=self.sleep, clock=lambda: self.now, wall_clock=lambda: self.now
        )


def make_session(*responses: Any, clock: Optional[FakeClock] = None, **kwargs: Any) -> tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    session = Session(
        api_key=kwargs.pop("api_key", SENTINEL_KEY),
        base_url=kwargs.pop("base_url", BASE),
        transport=transport,
        retry_policy=(clock or FakeClock()).policy(),
        **kwargs,
    )
    return session, transport


class Thing(APIObject):
    id: str = ""
    count: int = 0


# -- configuration ---------------------------------------------------------------------------


def test_missing_api_key_is_a_clear_error_at_construction() -> None:
    with pytest.raises(errors.OpenAIError, match="OPENAI_API_KEY"):
        Session(transport=MockTransport())


def test_environment_is_read_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8000/v1")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-1")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-1")
    transport = MockTransport(responses=[json_response({})])
    session = Session(transport=transport)
    session.request("GET", "models", cast_to=object)
    sent = transport.last_request
    assert sent.url == "http://localhost:8000/v1/models"
    assert sent.headers["Authorization"] == "Bearer sk-env"
    assert sent.headers["OpenAI-Organization"] == "org-1"
    assert sent.headers["OpenAI-Project"] == "proj-1"


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.test/v1")
    session, transport = make_session(json_response({}), api_key="sk-arg", base_url="http://arg.test/v2/")
    session.request("GET", "/models", cast_to=object)
    assert transport.last_request.url == "http://arg.test/v2/models"
    assert transport.last_request.headers["Authorization"] == "Bearer sk-arg"


@pytest.mark.parametrize("bad", ["sk-abc\n", "sk-\rabc", "sk-a\x00b", "sk-\x7f"])
def test_api_key_with_control_characters_is_rejected_without_echo(bad: str) -> None:
    with pytest.raises(ValueError) as info:
        Session(api_key=bad, transport=MockTransport())
    assert "sk-" not in str(info.value)


def test_callable_api_key_is_called_before_every_attempt() -> None:
    keys = iter(["sk-first", "sk-second"])
    session, transport = make_session(error_response(500), json_response({}), api_key=lambda: next(keys))
    session.request("POST", "chat/completions", cast_to=object, body={})
    assert [r.headers["Authorization"] for r in transport.requests] == ["Bearer sk-first", "Bearer sk-second"]


def test_key_never_appears_in_reprs_or_errors() -> None:
    session, transport = make_session(error_response(401, "bad key"))
    with pytest.raises(errors.AuthenticationError) as info:
        session.request("GET", "models", cast_to=object)
    texts = [repr(session), str(info.value), repr(info.value), repr(transport.last_request),
             repr(info.value.response.headers)]
    assert all(SENTINEL_KEY not in text for text in texts)


def test_debug_log_has_method_url_status_but_no_key(caplog: pytest.LogCaptureFixture) -> None:
    session, _ = make_session(error_response(503), json_response({}))
    with caplog.at_level(logging.DEBUG, logger="openai_compat"):
        session.request("GET", "models", cast_to=object)
    text = caplog.text
    assert "GET https://api.example.test/v1/models" in text and "503" in text and "Retrying" in text
    assert SENTINEL_KEY not in text


# -- headers, URLs, bodies -------------------------------------------------------------------


def test_default_and_extra_headers_merge_case_insensitively() -> None:
    session, transport = make_session(json_response({}), default_headers={"X-Team": "a", "user-agent": "mine/1"})
    session.request("POST", "x", cast_to=object, body={"a": 1},
                    extra_headers={"x-team": "b", "Accept": msgspec.UNSET})
    headers = transport.last_request.headers
    assert headers["x-team"] == "b" and "X-Team" not in headers
    assert headers["user-agent"] == "mine/1"
    assert "Accept" not in headers
    assert headers["Content-Type"] == "application/json"


def test_get_sends_no_content_type_and_no_body() -> None:
    session, transport = make_session(json_response({}))
    session.request("GET", "models", cast_to=object)
    assert transport.last_request.body is None
    assert "Content-Type" not in transport.last_request.headers


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\x00"])
def test_header_values_with_cr_lf_are_rejected(value: str) -> None:
    session, _ = make_session(json_response({}))
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        session.request("GET", "models", cast_to=object, extra_headers={"X-Custom": value})


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("http://h/v1", "models", "http://h/v1/models"),
        ("http://h/v1/", "/models", "http://h/v1/models"),
        ("http://h", "models", "http://h/models"),
        ("http://h/v1", "https://other.test/abs", "https://other.test/abs"),
    ],
)
def test_base_url_joining(base: str, path: str, expected: str) -> None:
    session, transport = make_session(json_response({}), base_url=base)
    session.request("GET", path, cast_to=object)
    assert transport.last_request.url == expected


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://h/v1?api-version=1", "http://h/v1/models?api-version=1"),
        ("http://h/v1/?api-version=1", "http://h/v1/models?api-version=1"),
        ("http://h?api-version=1", "http://h/models?api-version=1"),
    ],
)
def test_a_query_in_base_url_stays_after_the_path(base: str, expected: str) -> None:
    # The constructor once kept a base with a query as it was: "http://h/v1models?api-version=1".
    session, transport = make_session(json_response({}), base_url=base)
    session.request("GET", "models", cast_to=object)
    assert transport.last_request.url == expected


@pytest.mark.parametrize("base", ["http://h/v1?api-version=1", "http://h/v1/?api-version=1", "http://h/v1"])
def test_copy_normalises_base_url_as_the_constructor_does(base: str) -> None:
    # copy() once appended "/" after the query: "http://h/v1?api-version=1/".
    session, transport = make_session(json_response({}), json_response({}))
    copied = session.copy(base_url=base)
    made = Session(api_key=SENTINEL_KEY, base_url=base, transport=transport)
    assert copied.base_url == made.base_url
    copied.request("GET", "models", cast_to=object)
    assert transport.last_request.url.startswith("http://h/v1/models")


def test_query_merging_and_encoding() -> None:
    session, transport = make_session(json_response({}), default_query={"api-version": "1", "keep": "x"})
    session.request("GET", "files", cast_to=object, query={"limit": 2, "include": ["a", "b"], "flag": True,
                                                          "gone": None, "meta": {"k": "v"}},
                    extra_query={"keep": "y"})
    url = transport.last_request.url
    assert url == (f"{BASE}/files?api-version=1&keep=y&limit=2&include[]=a&include[]=b&flag=true&meta[k]=v")


def test_none_is_sent_as_null_and_extra_body_wins() -> None:
    session, transport = make_session(json_response({}))
    session.request("POST", "x", cast_to=object, body={"temperature": None, "model": "a"},
                    extra_body={"model": "b", "custom": [1]})
    assert request_json(transport.last_request) == {"temperature": None, "model": "b", "custom": [1]}
    assert transport.last_request.body == b'{"temperature":null,"model":"b","custom":[1]}'


# -- decoding ------------------------------------------------------------------------------


def test_typed_decode_attaches_request_metadata_and_extras() -> None:
    body = {"id": "t1", "count": 3, "vendor": {"a": 1}}
    session, _ = make_session(json_response(body, headers={"x-request-id": "req_1"}))
    thing = session.request("GET", "things/1", cast_to=Thing)
    assert (thing.id, thing.count) == ("t1", 3)
    assert thing.vendor == {"a": 1}  # type: ignore[attr-defined]
    assert thing._request_id == "req_1"  # type: ignore[attr-defined]
    assert thing._retries_taken == 0  # type: ignore[attr-defined]
    assert thing.to_dict() == {"id": "t1", "count": 3, "vendor": {"a": 1}}


@pytest.mark.parametrize("body", [b"<html>oops</html>", b'["not", "an", "object"]', b'{"id": "\xff"}', b"[" * 5000])
def test_undecodable_2xx_body_raises_validation_error_with_raw_bytes(body: bytes) -> None:
    session, _ = make_session(Response(200, {"content-type": "application/json"}, content=body))
    with pytest.raises(errors.APIResponseValidationError) as info:
        session.request("GET", "things/1", cast_to=Thing)
    assert info.value.raw_body == body
    assert info.value.status_code == 200


def test_raw_bytes_and_text_and_empty_bodies() -> None:
    session, _ = make_session(
        Response(200, content=b"\x00\x01"), Response(200, content="héllo".encode()), Response(204, content=b"")
    )
    assert session.request("GET", "a", cast_to=bytes) == b"\x00\x01"
    assert session.request("GET", "b", cast_to=str) == "héllo"
    assert session.request("DELETE", "c", cast_to=object) is None


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_status_maps_to_error_class_with_fields(status: int, cls: type[errors.APIStatusError]) -> None:
    response = error_response(status, "boom", type="invalid_request_error", code="c1", param="model",
                              headers={"x-request-id": "req_9", "x-should-retry": "false"})
    session, _ = make_session(response)
    with pytest.raises(cls) as info:
        session.request("GET", "x", cast_to=object)
    err = info.value
    assert type(err) is cls
    assert err.status_code == status and err.request_id == "req_9"
    assert (err.code, err.type, err.param) == ("c1", "invalid_request_error", "model")
    assert err.message == f"Error code: {status} - boom"
    assert err.body == {"message": "boom", "type": "invalid_request_error", "param": "model", "code": "c1"}
    assert b'"boom"' in err.raw_body
    assert err.headers["X-Request-Id"] == "req_9"


@pytest.mark.parametrize(
    ("content", "body", "message"),
    [
        (b"<html>bad gateway</html>", "<html>bad gateway</html>", "Error code: 400"),
        (b"", None, "Error code: 400"),
        (b'{"error": "just a string"}', "just a string", "Error code: 400"),
        (b'{"message": "top"}', {"message": "top"}, "Error code: 400 - top"),
        (b'{"error": {"code": 123}}', {"code": 123}, "Error code: 400"),
    ],
)
def test_error_bodies_of_every_shape(content: bytes, body: object, message: str) -> None:
    session, _ = make_session(Response(400, content=content))
    with pytest.raises(errors.BadRequestError) as info:
        session.request("GET", "x", cast_to=object)
    assert info.value.body == body and info.value.message == message and info.value.raw_body == content
    if isinstance(body, dict) and "code" in body:
        assert info.value.code == "123"


def test_custom_transport_exception_is_wrapped_with_cause() -> None:
    boom = RuntimeError("socket fell over")
    session, _ = make_session(boom, boom, boom)
    with pytest.raises(errors.APIConnectionError) as info:
        session.request("GET", "x", cast_to=object)
    assert info.value.__cause__ is boom
    assert info.value.retries_taken == 2


# -- retries -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_with_backoff(status: int) -> None:
    clock = FakeClock()
    session, transport = make_session(error_response(status), error_response(status), json_response({"id": "ok"}),
                                      clock=clock)
    result = session.request("GET", "x", cast_to=Thing)
    assert len(transport.requests) == 3
    assert clock.sleeps == [0.5, 1.0]  # random() == 0 -> no jitter
    assert result._retries_taken == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(status: int) -> None:
    session, transport = make_session(error_response(status), json_response({}))
    with pytest.raises(errors.APIStatusError):
        session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 1


def test_attempts_are_one_plus_max_retries_and_error_knows_retries() -> None:
    session, transport = make_session(*[error_response(500)] * 5, max_retries=3)
    with pytest.raises(errors.InternalServerError) as info:
        session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 4
    assert info.value.retries_taken == 3


def test_backoff_sequence_jitter_and_cap() -> None:
    assert [RetryPolicy(random=lambda: 0.0).backoff(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert RetryPolicy(random=lambda: 1.0).backoff(0) == 0.375
    assert RetryPolicy(random=lambda: 0.0).backoff(5000) == 8.0


def test_x_should_retry_overrides_status() -> None:
    session, transport = make_session(
        error_response(400, headers={"x-should-retry": "true"}), json_response({}),
    )
    session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 2
    session, transport = make_session(error_response(500, headers={"x-should-retry": "false"}))
    with pytest.raises(errors.InternalServerError):
        session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 1


def test_insufficient_quota_is_not_retried_but_rate_limit_is() -> None:
    session, transport = make_session(error_response(429, "quota", code="insufficient_quota"))
    with pytest.raises(errors.RateLimitError) as info:
        session.request("GET", "x", cast_to=object)
    assert info.value.code == "insufficient_quota" and len(transport.requests) == 1
    session, transport = make_session(error_response(429, "slow down", code="rate_limit_exceeded"), json_response({}))
    session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 2


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after": "120"}, 120.0),
        ({"retry-after": "0"}, 0.5),
        ({"retry-after": "-10"}, 0.5),
        ({"retry-after": "nan"}, 0.5),
        ({"retry-after": "garbage"}, 0.5),
        ({"retry-after-ms": "x", "retry-after": "3"}, 3.0),
    ],
)
def test_retry_after_forms(headers: dict[str, str], expected: float) -> None:
    clock = FakeClock()
    session, _ = make_session(error_response(429, headers=headers), json_response({}), clock=clock)
    session.request("GET", "x", cast_to=object)
    assert clock.sleeps == [pytest.approx(expected)]


def test_retry_after_http_date() -> None:
    clock = FakeClock()
    clock.now = 1_696_004_797.0
    date = email.utils.formatdate(clock.now + 30, usegmt=True)
    session, _ = make_session(error_response(503, headers={"retry-after": date}), json_response({}), clock=clock)
    session.request("GET", "x", cast_to=object)
    assert clock.sleeps == [pytest.approx(30.0)]


@pytest.mark.parametrize("headers", [{"retry-after": "121"}, {"retry-after-ms": "120001"}])
def test_retry_after_above_cap_is_not_waited_for(headers: dict[str, str]) -> None:
    clock = FakeClock()
    session, transport = make_session(error_response(429, headers=headers), json_response({}), clock=clock)
    with pytest.raises(errors.RateLimitError):
        session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 1 and clock.sleeps == []


def test_connection_errors_are_retried_also_for_post() -> None:
    session, transport = make_session(errors.APIConnectionError(), errors.APITimeoutError(), json_response({}))
    session.request("POST", "x", cast_to=object, body={"a": 1})
    assert len(transport.requests) == 3


def test_non_retryable_connection_error_is_raised_at_once() -> None:
    tls = errors.APIConnectionError(message="certificate verify failed", should_retry=False)
    session, transport = make_session(tls, json_response({}))
    with pytest.raises(errors.APIConnectionError, match="certificate"):
        session.request("GET", "x", cast_to=object)
    assert len(transport.requests) == 1


def test_total_deadline_stops_retrying_before_sleeping_past_it() -> None:
    clock = FakeClock()
    session, transport = make_session(*[error_response(500)] * 5, clock=clock, max_retries=4)
    with pytest.raises(errors.InternalServerError):
        session.request("GET", "x", cast_to=object, timeout=Timeout(60, total=1.2))
    # 0.5 s fits the 1.2 s budget, the following 1.0 s does not.
    assert clock.sleeps == [0.5] and len(transport.requests) == 2


def test_total_deadline_caps_each_attempts_socket_timeouts() -> None:
    session, transport = make_session(json_response({}))
    session.request("GET", "x", cast_to=object, timeout=Timeout(60, connect=5, total=2))
    assert transport.last_request.connect_timeout == pytest.approx(2)
    assert transport.last_request.read_timeout == pytest.approx(2)


def test_per_call_timeout_reaches_the_transport() -> None:
    session, transport = make_session(json_response({}), json_response({}), timeout=Timeout(30, connect=3))
    session.request("GET", "x", cast_to=object)
    assert (transport.last_request.connect_timeout, transport.last_request.read_timeout) == (3, 30)
    session.request("GET", "x", cast_to=object, timeout=7)
    assert (transport.last_request.connect_timeout, transport.last_request.read_timeout) == (7, 7)


# -- redirects and copies --------------------------------------------------------------------


def test_same_origin_redirect_is_followed_cross_origin_refused() -> None:
    session, transport = make_session(
        Response(307, {"location": "/v1/elsewhere"}, content=b""), json_response({"id": "moved"}),
    )
    assert session.request("POST", "x", cast_to=Thing, body={"a": 1}).id == "moved"
    assert transport.requests[1].url == "https://api.example.test/v1/elsewhere"
    assert transport.requests[1].body == b'{"a":1}'
    session, transport = make_session(Response(302, {"location": "https://evil.test/steal"}, content=b""))
    with pytest.raises(errors.APIStatusError, match="another origin") as info:
        session.request("GET", "x", cast_to=object)
    assert info.value.status_code == 302 and len(transport.requests) == 1


def test_copy_shares_transport_and_merges_defaults() -> None:
    session, transport = make_session(json_response({}), default_headers={"A": "1"})
    copy = session.copy(api_key="sk-other", default_headers={"B": "2"}, max_retries=5, timeout=None)
    assert copy.transport is transport and copy.max_retries == 5 and copy.timeout == Timeout(None)
    assert session.max_retries == 2 and session.api_key == SENTINEL_KEY
    copy.request("GET", "x", cast_to=object)
    headers = transport.last_request.headers
    assert headers["A"] == "1" and headers["B"] == "2" and headers["Authorization"] == "Bearer sk-other"
    with pytest.raises(TypeError, match="unexpected keyword"):
        session.copy(colour="red")


def test_max_retries_validation() -> None:
    with pytest.raises(TypeError):
        Session(api_key="k", max_retries=None, transport=MockTransport())  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Session(api_key="k", max_retries=-1, transport=MockTransport())


def test_request_repr_has_no_headers() -> None:
    request = Request("GET", "http://h/x", headers={"Authorization": f"Bearer {SENTINEL_KEY}"})
    assert SENTINEL_KEY not in repr(request)
