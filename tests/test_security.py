"""Security checks (the key kept out of logs and errors, header injection, path escaping, TLS on by
default), on both transports against loopback servers.

- A sentinel API key never shows in a repr, an error, a traceback, a log record or a pickle.
- Keys and header values that could split the header block are refused before any I/O, without
  echoing the value.
- Path ids are escaped as one segment; dot-segments are refused (openai-python's path table).
- TLS verification is on by default.

Covered elsewhere, not repeated here: ``.netrc`` never replaces the bearer token on either transport
(``test_transports.py::test_netrc_never_replaces_the_bearer``, and with a caller's own session or pool
``test_callers_own_pool_is_used_and_left_open``); a certificate from an unknown CA or for another host
fails unretried with the default settings (``test_transports.py::test_tls_*``).
"""

from __future__ import annotations

import http.client
import logging
import pickle
import secrets
import traceback
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest
from _servers import (
    ScriptedServer,
    event,
    refused_port,
    reply,
    sse_chunked,
    stall,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_compat import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    Client,
    InternalServerError,
    Request,
    RequestsTransport,
    RetryPolicy,
    Timeout,
    Urllib3Transport,
)
from openai_compat._internals import Urllib3Settings as _Settings
from openai_compat._internals import check_header, path_segment
from openai_compat.resources import chat_stored, models
from openai_compat.testing import MockTransport, chat_completion, chat_completion_chunk, json_response

# Random per run, so no fixture or cache can hold it by accident.
KEY = f"sk-SENTINEL-{secrets.token_hex(12)}"
KEY_BYTES = KEY.encode()
TRANSPORTS: Dict[str, Callable[..., Any]] = {"requests": RequestsTransport, "urllib3": Urllib3Transport}


def _no_sleep(seconds: float) -> None:
    pass


def make_client(kind: str, base_url: str, **options: Any) -> Client:
    """A client on a real transport whose retries do not sleep."""
    options.setdefault("api_key", KEY)
    options.setdefault("timeout", Timeout(5))
    return Client(base_url=base_url, transport=TRANSPORTS[kind](), retry_policy=RetryPolicy(sleep=_no_sleep),
                  **options)


@pytest.fixture(params=sorted(TRANSPORTS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv
        assert not srv.errors, srv.errors


@pytest.fixture(scope="module")
def watched() -> Iterator[ScriptedServer]:
    """A server that should never hear from the client (shared: starting one per case is slow)."""
    with ScriptedServer() as srv:
        yield srv


def texts_of(error: BaseException) -> List[str]:
    """Every text an error shows: the formatted traceback, and str, repr and the request's repr of
    each exception in the chain a traceback (or an error tracker) displays."""
    texts = ["".join(traceback.format_exception(type(error), error, error.__traceback__))]
    link: Optional[BaseException] = error
    seen: List[BaseException] = []
    while link is not None and all(link is not s for s in seen):
        seen.append(link)
        texts += [str(link), repr(link), repr(getattr(link, "request", None))]
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return texts


def assert_no_key(*texts: Any) -> None:
    for text in texts:
        data = text if isinstance(text, bytes) else str(text).encode("utf-8", "replace")
        assert KEY_BYTES not in data, data[:400]


# -- the realistic flows, on both transports ---------------------------------------------------

MASKED_401 = {"error": {"message": f"Incorrect API key provided: sk-SENT****{KEY[-4:]}.",
                        "type": "invalid_request_error", "code": "invalid_api_key"}}
ECHO_401 = {"error": {"message": f"Invalid token {KEY} for this proxy", "type": "auth_error"}}


def run_flows(kind: str, server: ScriptedServer) -> List[Tuple[str, Any]]:
    """Each flow once (success, 500 then 200, timeout, refused, a stream error, a 401 echoing the key);
    the errors (and results) it ended with."""
    out: List[Tuple[str, Any]] = []
    client = make_client(kind, server.url)

    def expect(label: str, error_class: type, call: Callable[[], Any]) -> None:
        with pytest.raises(error_class) as caught:
            call()
        out.append((label, caught.value))

    server.script(reply(200, chat_completion("hi")))
    out.append(("success", client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])))
    server.script(reply(500, {"error": {"message": "boom"}}), reply(200, chat_completion("later")))
    out.append(("500 then 200", client.chat.completions.create(model="m", messages=[])))
    server.script(reply(500, {"error": {"message": "boom"}}))
    expect("500 after retries", InternalServerError, client.models.list)
    server.script(reply(401, MASKED_401))
    expect("401 masked by the server", AuthenticationError, lambda: client.models.retrieve("gpt"))
    server.script(reply(401, ECHO_401))
    expect("401 echoing the key", AuthenticationError, lambda: client.models.retrieve("gpt"))
    server.script(reply(200, b"{not json"))
    expect("undecodable 2xx", APIResponseValidationError, lambda: client.models.retrieve("gpt"))
    error_event = b'data: {"error": {"message": "overloaded", "type": "server_error"}}\n\n'
    server.script(sse_chunked([event(chat_completion_chunk("a")), error_event]))
    expect("stream error", APIStreamError,
           lambda: list(client.chat.completions.create(model="m", messages=[], stream=True)))
    server.script(sse_chunked([event(chat_completion_chunk("a"))], end=False))
    expect("stream cut", APIConnectionError,
           lambda: list(client.chat.completions.create(model="m", messages=[], stream=True)))
    with ScriptedServer() as other:  # another origin: a redirect there is refused, the key stays home
        server.script(reply(307, b"", {"Location": f"http://localhost:{other.port}/v1/models"}))
        expect("cross-origin redirect", APIStatusError, client.models.list)
        assert not other.requests
    server.script(stall)
    expect("timeout", APITimeoutError, client.with_options(timeout=Timeout(5, read=0.2), max_retries=1)
           .models.list)
    with refused_port() as port:
        refused = make_client(kind, f"http://127.0.0.1:{port}/v1")
        expect("connection refused", APIConnectionError, refused.models.list)
        refused.close()
    # A key outside Latin-1 passes our checks and fails in http.client, whose text quotes the value.
    odd = make_client(kind, server.url, api_key=KEY + "\u20ac")
    expect("non-Latin-1 key", APIConnectionError, odd.models.list)
    odd.close()
    client.close()
    return out


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG: ours, requests', urllib3's and the root."""
    caplog.set_level(logging.DEBUG)
    for name in ("openai_compat", "urllib3", "requests"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def test_key_absent_from_errors_tracebacks_logs_and_pickles(kind: str, server: ScriptedServer,
                                                           debug_logs: pytest.LogCaptureFixture) -> None:
    outcomes = run_flows(kind, server)
    assert [label for label, _ in outcomes][:2] == ["success", "500 then 200"]
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"  # the key did go where it belongs
    for label, outcome in outcomes:
        if not isinstance(outcome, BaseException):
            assert_no_key(repr(outcome), str(outcome), pickle.dumps(outcome))
            continue
        assert isinstance(outcome, APIError), label
        assert_no_key(*texts_of(outcome))
        copy = pickle.loads(pickle.dumps(outcome))
        assert type(copy) is type(outcome) and str(copy) == str(outcome), label
        if label != "401 echoing the key":  # there raw_body is what the server sent, key and all
            assert_no_key(pickle.dumps(outcome))
        if outcome.request is not None:
            assert outcome.request.headers["Authorization"].startswith(f"Bearer {KEY}")  # usable in-process
            assert copy.request is not None and copy.request.headers["Authorization"] == "<redacted>"
    echoed = dict(outcomes)["401 echoing the key"]
    assert f"****{KEY[-4:]}" in str(echoed) and echoed.raw_body.count(KEY_BYTES) == 1
    assert "sk-SENT****" in str(dict(outcomes)["401 masked by the server"])  # server masking passes through
    assert debug_logs.records, "nothing was logged"
    assert any(r.name.startswith("urllib3") for r in debug_logs.records)
    for record in debug_logs.records:
        formatted = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        assert_no_key(record.getMessage(), repr(record.args), formatted)
    assert http.client.HTTPConnection.debuglevel == 0  # nobody turned on http.client's header dump


@pytest.fixture
def openai_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``OPENAI_LOG=debug``; the handler it installs (bound to this test's stderr) is removed after."""
    logger = logging.getLogger("openai_compat")
    saved_level = logger.level
    saved = [h for h in logger.handlers if getattr(h, "_openai_compat", False)]
    for handler in saved:
        logger.removeHandler(handler)
    monkeypatch.setenv("OPENAI_LOG", "debug")
    yield
    for handler in [h for h in logger.handlers if getattr(h, "_openai_compat", False)]:
        logger.removeHandler(handler)
    for handler in saved:
        logger.addHandler(handler)
    logger.setLevel(saved_level)


def test_openai_log_debug_output_has_no_key(kind: str, server: ScriptedServer, openai_log: None,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    run_flows(kind, server)
    err = capsys.readouterr().err
    assert "GET http://127.0.0.1" in err and "Retrying" in err
    assert_no_key(err)
    # Our switch turns on our logger only, never the transports' (openai-python's
    # test_sdk_log_switch_does_not_enable_transport_payloads).
    for name in ("urllib3", "requests"):
        assert logging.getLogger(name).level == logging.NOTSET
    assert http.client.HTTPConnection.debuglevel == 0


# -- reprs, copies and pickles ----------------------------------------------------------------


def test_reprs_of_client_copies_session_transports_and_requests(kind: str, server: ScriptedServer) -> None:
    client = make_client(kind, server.url, organization="org-1", default_headers={"X-Team": "a"})
    copy = client.with_options(timeout=3, max_retries=0)
    swapped = client.with_options(api_key=lambda: KEY)
    client.models.list()  # the transport has built its pool: its repr must stay clean after use too
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    objects = [client, copy, swapped, client.chat, client.chat.completions, client.chat.completions.messages,
               client.models, client.embeddings, client.session, copy.session, client.transport,
               Request("GET", "http://h/", headers={"Authorization": f"Bearer {KEY}"}),
               stream, stream.response, stream.response.headers]
    for obj in objects:
        assert_no_key(repr(obj), str(obj))
    stream.close()
    client.close()


def test_pickled_client_has_no_key() -> None:
    client = Client(api_key=KEY)
    assert_no_key(pickle.dumps(client), pickle.dumps(client.with_options(timeout=3)))


def test_typed_results_pickle_without_session_or_key() -> None:
    page = {"object": "list", "data": [{"id": "msg_1", "role": "user", "content": "x"}], "has_more": True}
    transport = MockTransport(responses=[
        json_response(chat_completion("hi"), headers={"x-request-id": "req_1"}),
        json_response({"object": "list", "data": [{"id": "gpt", "object": "model"}]}),
        json_response(page),
    ])
    client = Client(api_key=KEY, transport=transport)
    results = [client.chat.completions.create(model="m", messages=[]), client.models.list(),
               client.chat.completions.messages.list("cmpl_1")]
    for result in results:
        data = pickle.dumps(result)
        assert_no_key(data)
        assert pickle.loads(data).to_dict() == result.to_dict()
    assert pickle.loads(pickle.dumps(results[0]))._request_id == "req_1"


def test_request_pickles_without_credentials() -> None:
    request = Request("POST", "http://h/v1/x", headers={"Authorization": f"Bearer {KEY}", "api-key": KEY,
                                                        "X-Other": "kept"}, body=b"{}", read_timeout=3)
    copy = pickle.loads(pickle.dumps(request))
    assert_no_key(pickle.dumps(request))
    assert copy.headers == {"Authorization": "<redacted>", "api-key": "<redacted>", "X-Other": "kept"}
    assert (copy.method, copy.url, copy.body, copy.read_timeout) == ("POST", "http://h/v1/x", b"{}", 3)


def test_an_echoed_key_is_masked_in_messages_but_short_keys_are_left_alone() -> None:
    transport = MockTransport(responses=[json_response(ECHO_401, 401)])
    with pytest.raises(AuthenticationError) as caught:
        Client(api_key=KEY, transport=transport, max_retries=0).models.list()
    assert str(caught.value) == f"Error code: 401 - Invalid token ****{KEY[-4:]} for this proxy"
    # "EMPTY", the placeholder key of local servers, is no secret and common in messages.
    transport.add(json_response({"error": {"message": "EMPTY is fine"}}, 400))
    with pytest.raises(APIStatusError, match="EMPTY is fine"):
        Client(api_key="EMPTY", transport=transport, max_retries=0).models.list()


# -- keys and headers that could split the header block --------------------------------------

# requests' test_header_no_return_chars list, plus the controls http.client lets through (NUL, DEL).
BAD_VALUES = ["bar\r\nbaz: qux", "bar\n\rbaz: qux", "bar\nbaz: qux", "bar\rbaz: qux", "bar\n", "bar\r\n", "\n",
              "\r\n", "a\x00b", "a\x7fb", "a\x1bb", "a\x0bb"]
BAD_NAMES = ["fo\ro", "fo\r\no", "fo\n\ro", "fo\no", "foo\n", "X A", "X:A", " foo", "\tfoo", "", "a\x00b"]


def rejected_before_io(server: ScriptedServer, build: Callable[[], Client],
                       call: Optional[Callable[[Client], Any]] = None) -> BaseException:
    """Build a client and make one call; it must raise ValueError/TypeError and open no connection."""
    before = (server.connections, len(server.requests))
    with pytest.raises((ValueError, TypeError)) as caught:
        client = build()
        (call or (lambda c: c.models.list()))(client)
    assert (server.connections, len(server.requests)) == before
    return caught.value


@pytest.mark.parametrize("bad", [*BAD_VALUES, " sk\x00", "\x7f"])
def test_api_key_with_control_characters_is_refused_without_echo(kind: str, watched: ScriptedServer,
                                                                 bad: str) -> None:
    secret = KEY + bad
    attempts = [
        lambda: make_client(kind, watched.url, api_key=secret),
        lambda: make_client(kind, watched.url).with_options(api_key=secret),
        lambda: make_client(kind, watched.url, api_key=lambda: secret),  # raises at the call
    ]
    for build in attempts:
        error = rejected_before_io(watched, build)
        assert "control character" in str(error)
        assert_no_key(*texts_of(error))


def test_callable_key_returning_a_non_string_is_refused_without_echo(kind: str, watched: ScriptedServer) -> None:
    error = rejected_before_io(watched, lambda: make_client(kind, watched.url, api_key=lambda: KEY_BYTES))
    assert isinstance(error, TypeError) and "bytes" in str(error)
    assert_no_key(*texts_of(error))


@pytest.mark.parametrize("bad", BAD_VALUES)
@pytest.mark.parametrize("entry", ["default_headers", "extra_headers", "organization", "project"])
def test_header_values_with_controls_are_refused_before_io(kind: str, watched: ScriptedServer, entry: str,
                                                           bad: str) -> None:
    value = f"SECRET-VALUE{bad}"
    if entry == "default_headers":
        error = rejected_before_io(watched, lambda: make_client(kind, watched.url, default_headers={"X-A": value}))
    elif entry == "extra_headers":
        error = rejected_before_io(watched, lambda: make_client(kind, watched.url),
                                   lambda c: c.models.list(extra_headers={"X-A": value}))
    else:
        error = rejected_before_io(watched, lambda: make_client(kind, watched.url, **{entry: value}))
    assert isinstance(error, ValueError) and "control character" in str(error)
    assert "SECRET-VALUE" not in str(error)
    assert ("X-A" if entry.endswith("headers") else "OpenAI-") in str(error)  # the name is shown, not the value


@pytest.mark.parametrize("name", BAD_NAMES)
def test_header_names_that_are_not_tokens_are_refused_before_io(kind: str, watched: ScriptedServer, name: str) -> None:
    error = rejected_before_io(watched, lambda: make_client(kind, watched.url),
                               lambda c: c.models.list(extra_headers={name: "v"}))
    assert "not a valid token" in str(error)


def test_valid_header_values_are_sent_byte_for_byte(kind: str, server: ScriptedServer) -> None:
    values = {"X-Space": "bar baz qux", "X-Empty": "", "X-One": "1", "X-Tab": "a\tb", "X-Latin": "caf\xe9"}
    client = make_client(kind, server.url, organization="org-1", project="proj-1")
    client.models.list(extra_headers=values)
    sent = server.requests[0].headers
    assert sent["openai-organization"] == "org-1" and sent["openai-project"] == "proj-1"
    for name, value in values.items():
        assert sent[name.lower()] == value
    client.close()


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(value=st.text(max_size=20))
def test_header_value_property(value: str) -> None:
    # Either the value has no control character but HTAB and goes out unchanged, or it is refused.
    clean = all(c == "\t" or (ord(c) >= 0x20 and c != "\x7f") for c in value)
    if clean:
        assert check_header("X-A", value) == value
    else:
        with pytest.raises(ValueError) as caught:
            check_header("X-A", value)
        assert value not in str(caught.value) or not value


# -- path ids --------------------------------------------------------------------------------

# openai-python tests/test_utils/test_path.py::test_interpolation, path position.
PATH_TABLE = [
    ("../../other/endpoint", "..%2F..%2Fother%2Fendpoint"),
    ("a&bad=true", "a&bad=true"),
    ("a/b/c", "a%2Fb%2Fc"),
    ("a/b/c?query=value", "a%2Fb%2Fc%3Fquery=value"),
    ("%20", "%2520"),
    ("x?admin=true", "x%3Fadmin=true"),
    ("x#admin", "x%23admin"),
    ("a/b?c#d", "a%2Fb%3Fc%23d"),
    (".hidden", ".hidden"),
    ("file.txt", "file.txt"),
    ("...", "..."),
    ("a b", "a%20b"),
    ("\xe9", "%C3%A9"),
    ("a%2Fb", "a%252Fb"),
    ("a\\b", "a%5Cb"),
    ("a\x00b", "a%00b"),
    ("..%2F", "..%252F"),
    ("%2e%2e%2fadmin", "%252e%252e%252fadmin"),
    ("file_abc/../../v1/admin", "file_abc%2F..%2F..%2Fv1%2Fadmin"),
    ("gpt-4o:ft-org:x@1!$'()*+,;=", "gpt-4o:ft-org:x@1!$'()*+,;="),
]
DOT_SEGMENTS = [".", "..", "%2e", "%2E", ".%2e", "%2e.", "%2E%2E", "%2E%2e", "%2e%2E", ".%2E"]


def _id_calls() -> List[Tuple[str, Callable[[Any, str], Any], str]]:
    """Every resource function that takes an id: (name, call, the URL path before the id)."""
    return [
        ("chat_stored.retrieve", chat_stored.retrieve, "chat/completions/"),
        ("chat_stored.update", lambda s, i: chat_stored.update(s, i, metadata={"k": "v"}), "chat/completions/"),
        ("chat_stored.delete", chat_stored.delete, "chat/completions/"),
        ("chat_stored.list_messages", chat_stored.list_messages, "chat/completions/"),
        ("models.retrieve", models.retrieve, "models/"),
        ("models.delete", models.delete, "models/"),
    ]


ID_CALLS = _id_calls()


@pytest.mark.parametrize(("name", "call", "prefix"), ID_CALLS, ids=[c[0] for c in ID_CALLS])
@pytest.mark.parametrize(("value", "escaped"), PATH_TABLE)
def test_ids_are_escaped_as_one_segment(name: str, call: Any, prefix: str, value: str, escaped: str) -> None:
    transport = MockTransport(lambda request: json_response({"object": "list", "data": []}))
    call(Client(api_key=KEY, base_url="https://api.test/v1", transport=transport).session, value)
    url = transport.last_request.url
    assert url.split("?")[0] == f"https://api.test/v1/{prefix}{escaped}" + ("/messages" if "messages" in name else "")


@pytest.mark.parametrize(("name", "call", "prefix"), ID_CALLS, ids=[c[0] for c in ID_CALLS])
@pytest.mark.parametrize("value", [*DOT_SEGMENTS, ""])
def test_dot_segment_and_empty_ids_are_refused_and_nothing_is_sent(name: str, call: Any, prefix: str,
                                                                    value: str) -> None:
    transport = MockTransport(lambda request: json_response({}))
    client = Client(api_key=KEY, transport=transport)
    with pytest.raises(ValueError, match="dot-segment" if value else "non-empty"):
        call(client.session, value)
    assert transport.requests == []


@pytest.mark.parametrize("value", [None, 3, b"id"])
def test_ids_must_be_strings(value: Any) -> None:
    # openai-python sends None as "null"; here a non-string id is a bug caught before I/O.
    transport = MockTransport(lambda request: json_response({}))
    with pytest.raises(TypeError, match="model"):
        models.retrieve(Client(api_key=KEY, transport=transport).session, value)
    assert transport.requests == []


def test_escaped_ids_reach_the_server_unchanged(kind: str, server: ScriptedServer) -> None:
    # requests un-escapes %2E and urllib3 drops "..": what the server sees is checked on the wire.
    client = make_client(kind, server.url)
    for value, escaped in PATH_TABLE:
        client.models.retrieve(value)
        assert server.requests[-1].target == f"/v1/models/{escaped}", value
    client.close()


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(value=st.text(alphabet=st.sampled_from("./%2eE?#a \\"), max_size=8) | st.text(max_size=8))
def test_path_segment_property(value: str) -> None:
    # One segment with no "/", "?" or "#" in it and no dot-segment once un-escaped, or a ValueError.
    try:
        segment = path_segment(value, "id")
    except ValueError:
        assert value.replace("%2e", ".").replace("%2E", ".") in ("", ".", "..")
        return
    assert not set(segment) & set("/?#\\ ")
    assert segment not in (".", "..") and segment.replace("%2E", ".").replace("%2e", ".") not in (".", "..")


# -- TLS -------------------------------------------------------------------------------------


def test_tls_verification_is_on_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(api_key=KEY)
    assert isinstance(client.transport, RequestsTransport)
    _, send_kw = client.transport._ready()
    assert send_kw["verify"] is True
    settings_ = _Settings(Urllib3Transport())
    assert settings_.pool_kw["cert_reqs"] == "CERT_REQUIRED" and settings_.pool_kw.get("ca_certs")
    # Empty CA variables do not turn verification off (requests' test_env_cert_bundles).
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.setenv(name, "")
    _, send_kw = RequestsTransport()._ready()
    assert send_kw["verify"] is True
    assert _Settings(Urllib3Transport()).pool_kw["cert_reqs"] == "CERT_REQUIRED"
    client.close()


def test_a_cause_pickled_by_tblib_carries_no_key(kind: str) -> None:
    # Dask installs tblib's exception pickling, which pickles the __cause__ chain too; requests'
    # exceptions hold the prepared request with its Authorization header.
    pickling_support = pytest.importorskip("tblib.pickling_support")
    client = make_client(kind, f"http://127.0.0.1:{_closed_port()}/v1", max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        client.models.list()
    pickling_support.install(info.value, *_causes(info.value))
    assert KEY.encode() not in pickle.dumps(info.value)


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _causes(error: BaseException) -> List[BaseException]:
    found: List[BaseException] = []
    link = error.__cause__ or error.__context__
    while link is not None and len(found) < 16:
        found.append(link)
        link = link.__cause__ or link.__context__
    return found
