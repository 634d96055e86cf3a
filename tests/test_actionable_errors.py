"""Errors that say how to fix them: a base_url checked when the client is made, status errors from
servers that do not speak OpenAI's error format (method, URL, what the body said, and ``/v1`` for a
404 under a base URL without a version), and TLS failures that name the CA bundle and where it came
from, in requests' order. The API key appears in none of them."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any, Iterator

import certifi
import pytest
from _faults import make_certs
from _servers import ScriptedServer, reply

from openai_compat import (
    APIConnectionError,
    Client,
    NotFoundError,
    OpenAIError,
    RequestsTransport,
    Response,
    Session,
    Urllib3Transport,
)
from openai_compat._internals import resolve_verify
from openai_compat.testing import MockTransport, error_response

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
KEY = "sk-actionable-0123456789abcdef"


# -- base_url is checked at construction ---------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "said"),
    [
        ("localhost:8000/v1", "has no scheme: write it as a full URL, such as 'http://localhost:8000/v1'"),
        ("api.example.test/v1", "has no scheme"),
        ("ftp://files.example.test/v1", "has the scheme 'ftp': the API is reached over http:// or https://"),
        ("ws://127.0.0.1:8000/v1", "has the scheme 'ws'"),
        ("http:///v1", "names no host"),
        ("http://[::1/v1", "is not a valid URL"),
        ("http://127.0.0.1:99999/v1", "is not a valid URL (Port out of range"),
        ("http://127.0.0.1:0/v1", "has port 0"),
    ],
)
def test_a_bad_base_url_is_refused_at_construction(base_url: str, said: str) -> None:
    with pytest.raises(OpenAIError) as caught:
        Client(api_key=KEY, base_url=base_url, transport=MockTransport())
    assert str(caught.value).startswith(f"base_url {base_url!r} ") and said in str(caught.value)
    client = Client(api_key=KEY, base_url="http://127.0.0.1:8000/v1", transport=MockTransport())
    with pytest.raises(OpenAIError, match="base_url"):
        client.with_options(base_url=base_url)


def test_the_environment_variable_is_named_and_a_password_in_the_url_is_masked(monkeypatch: Any) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "localhost:11434/v1")
    with pytest.raises(OpenAIError, match=r"^OPENAI_BASE_URL 'localhost:11434/v1' has no scheme"):
        Session(api_key=KEY, transport=MockTransport())
    with pytest.raises(OpenAIError) as caught:
        Session(api_key=KEY, base_url=f"gopher://user:{KEY}@host.test/v1", transport=MockTransport())
    assert KEY not in str(caught.value) and "user:****@host.test" in str(caught.value)


@pytest.mark.parametrize("base_url", ["http://localhost:11434/v1", "https://api.openai.com/v1",
                                      "https://r.openai.azure.com/openai/deployments/d?api-version=2024-10-21",
                                      "http://[::1]:8000/v1", "HTTP://EXAMPLE.TEST"])
def test_good_base_urls_are_accepted(base_url: str) -> None:
    assert Session(api_key=KEY, base_url=base_url, transport=MockTransport()).base_url.startswith(base_url[:10])


# -- status errors from servers that do not speak OpenAI's error format ---------------------------


def _not_found(base_url: str, response: Response) -> NotFoundError:
    session = Session(api_key=KEY, base_url=base_url, transport=MockTransport(responses=[response]), max_retries=0)
    with pytest.raises(NotFoundError) as caught:
        session.request("POST", "chat/completions", cast_to=object, body={"model": "m"})
    assert KEY not in str(caught.value)
    return caught.value


def test_a_404_under_a_base_url_without_a_version_hints_at_v1() -> None:
    error = _not_found("http://localhost:11434", Response(404, {"content-type": "text/plain"},
                                                          content=b"404 page not found"))
    assert str(error) == (
        "Error code: 404 - POST http://localhost:11434/chat/completions answered: 404 page not found. "
        "Hint: base_url 'http://localhost:11434/' has no version segment, and OpenAI-compatible servers "
        "(Ollama, vLLM, llama.cpp, LiteLLM) serve the API under /v1: try base_url='http://localhost:11434/v1'"
    )
    assert error.body == "404 page not found"


@pytest.mark.parametrize(
    ("base_url", "response"),
    [
        ("http://localhost:8000/v1", Response(404, content=b'{"detail":"Not Found"}')),  # a version: no hint
        ("http://localhost:8000/api/v2beta", Response(404, content=b"no")),
        ("http://localhost:8000", error_response(404, "The model `m` does not exist")),  # OpenAI's own shape
    ],
)
def test_no_hint_where_it_would_not_help(base_url: str, response: Response) -> None:
    assert "Hint" not in str(_not_found(base_url, response))


def test_fastapi_html_and_plain_bodies_are_quoted_after_method_and_url() -> None:
    fastapi = _not_found("http://h.test/v1", Response(404, content=b'{"detail":"Not Found"}'))
    assert str(fastapi) == "Error code: 404 - POST http://h.test/v1/chat/completions answered: Not Found"
    page = b"<html><head><title>404 - Nothing here</title></head><body>" + b"<p>x</p>" * 5000 + b"</body></html>"
    html = _not_found("http://h.test/v1", Response(404, {"content-type": "text/html"}, content=page))
    assert str(html).endswith("answered with an HTML page: 404 - Nothing here")
    long = _not_found("http://h.test/v1", Response(404, content=b"word " * 10_000))
    assert str(long).endswith("answered: " + ("word " * 60)[:300] + "…")


# -- TLS failures name the CA bundle and where it came from ---------------------------------------


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_certs(tmp_path_factory.mktemp("actionable-tls"))


@pytest.fixture
def tls_server(certs: Path) -> Iterator[ScriptedServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "leaf.pem", certs / "leaf.key")
    with ScriptedServer(tls=context) as srv:
        srv.script(reply(200, {"tls": True}))
        yield srv


def _tls_call(kind: str, url: str, **options: Any) -> Any:
    session = Session(api_key=KEY, base_url=url, transport=TRANSPORTS[kind](**options), max_retries=0)
    try:
        return session.request("GET", "/models", cast_to=object)
    finally:
        session.close()


@pytest.mark.parametrize("kind", sorted(TRANSPORTS))
def test_tls_errors_name_the_ca_bundle_and_its_source(kind: str, tls_server: ScriptedServer, certs: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(APIConnectionError) as caught:
        _tls_call(kind, tls_server.url)
    assert f"against certifi's CA bundle ({certifi.where()})" in str(caught.value)
    # Both set: REQUESTS_CA_BUNDLE wins, as in requests, and the message says so.
    monkeypatch.setenv("SSL_CERT_FILE", str(certs / "ca.pem"))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    with pytest.raises(APIConnectionError) as caught:
        _tls_call(kind, tls_server.url)
    assert (f"against the CA bundle {certifi.where()!r} from REQUESTS_CA_BUNDLE (which comes before "
            "SSL_CERT_FILE, also set)") in str(caught.value)
    assert KEY not in str(caught.value)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    assert _tls_call(kind, tls_server.url) == {"tls": True}  # SSL_CERT_FILE alone is used
    with pytest.raises(APIConnectionError, match=r"given as verify=\)?"):
        _tls_call(kind, tls_server.url, verify=certifi.where())


def test_ca_precedence_follows_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("SSL_CERT_FILE", "/ssl.pem"), ("CURL_CA_BUNDLE", "/curl.pem"),
                        ("REQUESTS_CA_BUNDLE", "/requests.pem")):
        monkeypatch.setenv(name, value)
        assert resolve_verify(True, trust_env=True).verify == value  # each one set beats those before it
    choice = resolve_verify(True, trust_env=True)
    assert choice.note == "the CA bundle '/requests.pem' from REQUESTS_CA_BUNDLE (which comes before " \
                          "CURL_CA_BUNDLE and SSL_CERT_FILE, also set)"
    assert resolve_verify("/mine.pem", trust_env=True).verify == "/mine.pem"  # the argument beats them all
    assert resolve_verify(True, trust_env=False).verify is True  # trust_env=False ignores them
    assert resolve_verify(False, trust_env=True).verify is False
