"""AzureClient: constructor and environment, deployment routing, api-version, credentials per
attempt, copies, the v1 style, redirects, 404 messages, realtime URLs and pickling."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from typing import Any, Iterator, List

import pytest
from _servers import ScriptedServer, reply

from openai_compat import (
    APIStatusError,
    AzureClient,
    AzureOpenAI,
    MutuallyExclusiveAuthError,
    NotFoundError,
    OpenAIError,
    RequestsTransport,
    Response,
    RetryPolicy,
)
from openai_compat.azure import AzureSession
from openai_compat.testing import MockTransport, chat_completion, error_response, json_response, request_json

ENDPOINT = "https://res.openai.azure.com"
VERSION = "2024-10-21"
KEY = "azure-KEY-0123456789abcdef"
ENV_NAMES = ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION",
             "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_LOG")
MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    yield


def no_sleep(seconds: float) -> None:
    pass


def make_client(*responses: Any, **options: Any) -> tuple[AzureClient, MockTransport]:
    transport = MockTransport(responses=responses or [json_response(chat_completion())])
    if "base_url" not in options:
        options.setdefault("azure_endpoint", ENDPOINT)
    if not {"api_key", "azure_ad_token", "azure_ad_token_provider"} & set(options):
        options["api_key"] = KEY
    options.setdefault("api_version", VERSION)
    client = AzureClient(transport=transport, retry_policy=RetryPolicy(sleep=no_sleep), **options)
    return client, transport


def token_provider() -> str:
    """A module-level provider: it pickles by reference."""
    return "token-from-provider"


# -- constructor, environment, errors ---------------------------------------------------------


def test_azure_openai_is_the_same_class_and_a_client() -> None:
    from openai_compat import Client

    assert AzureOpenAI is AzureClient and issubclass(AzureClient, Client)
    assert issubclass(MutuallyExclusiveAuthError, OpenAIError)


def test_import_does_not_load_azure_until_asked() -> None:
    code = ("import sys, openai_compat; print('openai_compat.azure.client' in sys.modules); "
            "from openai_compat import AzureOpenAI; print('openai_compat.azure.client' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False", "True"]


def test_missing_credentials_version_and_endpoint_are_clear_errors() -> None:
    with pytest.raises(OpenAIError, match=r"Missing credentials.*AZURE_OPENAI_AD_TOKEN"):
        AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION)
    with pytest.raises(ValueError, match="OPENAI_API_VERSION"):
        AzureClient(azure_endpoint=ENDPOINT, api_key=KEY)
    with pytest.raises(ValueError, match="AZURE_OPENAI_ENDPOINT"):
        AzureClient(api_version=VERSION, api_key=KEY)
    with pytest.raises(ValueError, match="mutually exclusive"):
        AzureClient(base_url=ENDPOINT + "/openai", azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY)


@pytest.mark.parametrize("credentials", [
    {"api_key": KEY, "azure_ad_token": "tok"},
    {"api_key": KEY, "azure_ad_token_provider": token_provider},
    {"azure_ad_token": "tok", "azure_ad_token_provider": token_provider},
])
def test_more_than_one_credential_is_refused(credentials: dict[str, Any]) -> None:
    with pytest.raises(MutuallyExclusiveAuthError, match="mutually exclusive"):
        AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, **credentials)


def test_a_provider_that_is_not_callable_is_refused() -> None:
    with pytest.raises(TypeError, match="callable"):
        AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, azure_ad_token_provider="tok")  # type: ignore[arg-type]


def test_environment_supplies_endpoint_version_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", ENDPOINT + "/")
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01-preview")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_ORG_ID", "org-1")
    transport = MockTransport(responses=[json_response(chat_completion())])
    client = AzureClient(transport=transport)
    client.chat.completions.create(model="gpt4o-dep", messages=MESSAGES)
    sent = transport.last_request
    assert sent.url == f"{ENDPOINT}/openai/deployments/gpt4o-dep/chat/completions?api-version=2025-01-01-preview"
    assert sent.headers["api-key"] == KEY and sent.headers["OpenAI-Organization"] == "org-1"
    assert client.api_version == "2025-01-01-preview" and client.api_key == KEY


def test_ad_token_environment_wins_over_key_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "env-token")
    client, transport = make_client(json_response(chat_completion()), api_key=None)
    client.chat.completions.create(model="d", messages=MESSAGES)
    headers = transport.last_request.headers
    assert headers["Authorization"] == "Bearer env-token" and "api-key" not in headers
    assert client.api_key == ""  # no key in this mode


def test_explicit_credential_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "env-token")
    client, transport = make_client(json_response(chat_completion()), api_key=KEY)
    client.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["api-key"] == KEY
    assert "Authorization" not in transport.last_request.headers


# -- URLs -------------------------------------------------------------------------------------


def test_chat_goes_to_the_deployment_with_api_version_and_api_key() -> None:
    client, transport = make_client()
    completion = client.chat.completions.create(model="my-gpt", messages=MESSAGES)
    sent = transport.last_request
    assert sent.method == "POST"
    assert sent.url == f"{ENDPOINT}/openai/deployments/my-gpt/chat/completions?api-version={VERSION}"
    assert sent.headers["api-key"] == KEY and "Authorization" not in sent.headers
    assert request_json(sent) == {"model": "my-gpt", "messages": MESSAGES}
    assert completion.choices[0].message.content == "Hello!"


def test_embeddings_audio_images_and_completions_take_the_deployment() -> None:
    embedding = {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.5]}],
                 "model": "e", "usage": {"prompt_tokens": 1, "total_tokens": 1}}
    client, transport = make_client(*[json_response(embedding)] + [json_response({})] * 6)
    assert client.embeddings.create(model="emb", input="x").data[0].embedding == [0.5]
    session = client.session
    session.request("POST", "audio/transcriptions", cast_to=object, body={"model": "whisper"},
                    files={"file": ("a.wav", b"RIFF")})
    session.request("POST", "audio/translations", cast_to=object, body={"model": "whisper"},
                    files={"file": ("a.wav", b"RIFF")})
    session.request("POST", "audio/speech", cast_to=bytes, body={"model": "tts", "input": "x", "voice": "alloy"})
    session.request("POST", "images/generations", cast_to=object, body={"model": "dall-e", "prompt": "p"})
    session.request("POST", "images/edits", cast_to=object, body={"model": "img", "prompt": "p"},
                    files={"image": ("i.png", b"PNG")})
    session.request("POST", "/completions", cast_to=object, body={"model": "inst", "prompt": "p"})
    paths = [request.url.split("/openai/")[1] for request in transport.requests]
    assert paths == [f"deployments/{name}?api-version={VERSION}" for name in (
        "emb/embeddings", "whisper/audio/transcriptions", "whisper/audio/translations", "tts/audio/speech",
        "dall-e/images/generations", "img/images/edits", "inst/completions")]
    assert b'name="model"\r\n\r\nwhisper' in transport.requests[1].body  # type: ignore[operator]


def test_other_endpoints_go_under_openai_even_with_azure_deployment() -> None:
    page = {"object": "list", "data": [], "has_more": False}
    for deployment in (None, "fixed-dep"):
        client, transport = make_client(*[json_response(page)] * 3, azure_deployment=deployment)
        client.models.list()
        client.session.request("GET", "files", cast_to=object)
        client.session.request("POST", "responses", cast_to=object, body={"model": "gpt", "input": "x"})
        assert [(r.method, r.url) for r in transport.requests] == [
            ("GET", f"{ENDPOINT}/openai/models?api-version={VERSION}"),
            ("GET", f"{ENDPOINT}/openai/files?api-version={VERSION}"),
            ("POST", f"{ENDPOINT}/openai/responses?api-version={VERSION}"),
        ]


def test_azure_deployment_is_in_the_base_url_and_not_repeated() -> None:
    client, transport = make_client(azure_deployment="fixed/dep")
    assert client.base_url == f"{ENDPOINT}/openai/deployments/fixed%2Fdep/"
    client.chat.completions.create(model="ignored-for-the-url", messages=MESSAGES)
    assert transport.last_request.url == (
        f"{ENDPOINT}/openai/deployments/fixed%2Fdep/chat/completions?api-version={VERSION}")
    client, transport = make_client(base_url=f"{ENDPOINT}/openai/deployments/given")
    client.chat.completions.create(model="other", messages=MESSAGES)
    assert transport.last_request.url == f"{ENDPOINT}/openai/deployments/given/chat/completions?api-version={VERSION}"


def test_model_is_one_escaped_segment_and_dot_segments_are_refused() -> None:
    client, transport = make_client()
    client.chat.completions.create(model="a/b c?d#e", messages=MESSAGES)
    assert transport.last_request.url.startswith(f"{ENDPOINT}/openai/deployments/a%2Fb%20c%3Fd%23e/chat/completions?")
    for model in (".", "..", "%2e", "%2E%2e"):
        with pytest.raises(ValueError, match="dot-segment"):
            client.chat.completions.create(model=model, messages=MESSAGES)
    with pytest.raises(ValueError, match="dot-segment"):
        make_client(azure_deployment="..")
    assert len(transport.requests) == 1


def test_caller_query_and_default_query_are_kept_beside_api_version() -> None:
    client, transport = make_client(default_query={"team": "blue"})
    client.chat.completions.create(model="d", messages=MESSAGES, extra_query={"trace": "1"})
    assert transport.last_request.url.endswith(f"/chat/completions?team=blue&api-version={VERSION}&trace=1")


# -- the v1 style ------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [
    {"azure_endpoint": ENDPOINT, "api_version": "v1"},
    {"azure_endpoint": ENDPOINT + "/openai/v1/", "api_version": None},
    {"base_url": ENDPOINT + "/openai/v1", "api_version": None},
])
def test_v1_style_has_no_deployment_path_and_no_api_version(
    options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_VERSION", VERSION)  # meant for the legacy style: not sent to v1
    transport = MockTransport(responses=[json_response(chat_completion()), json_response({"data": []})])
    client = AzureClient(api_key=KEY, transport=transport, **options)
    assert client.base_url == f"{ENDPOINT}/openai/v1/"
    client.chat.completions.create(model="my-deployment", messages=MESSAGES)
    client.session.request("GET", "models", cast_to=object)
    urls = [r.url for r in transport.requests]
    assert urls == [f"{ENDPOINT}/openai/v1/chat/completions", f"{ENDPOINT}/openai/v1/models"]
    assert request_json(transport.requests[0])["model"] == "my-deployment"
    assert transport.requests[0].headers["api-key"] == KEY


def test_v1_style_needs_no_api_version_and_refuses_azure_deployment() -> None:
    AzureClient(azure_endpoint=ENDPOINT + "/openai/v1", api_key=KEY, transport=MockTransport())
    with pytest.raises(ValueError, match="v1"):
        AzureClient(azure_endpoint=ENDPOINT, api_version="v1", azure_deployment="d", api_key=KEY,
                    transport=MockTransport())


def test_v1_style_keeps_a_caller_api_version_query() -> None:
    client, transport = make_client(api_version="v1", default_query={"api-version": "preview"})
    client.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.url == f"{ENDPOINT}/openai/v1/chat/completions?api-version=preview"


# -- credentials per attempt ------------------------------------------------------------------


def test_token_provider_is_called_for_every_attempt_including_retries() -> None:
    tokens = iter(["tok1", "tok2", "tok3"])
    client, transport = make_client(
        error_response(500, "boom"), json_response(chat_completion()), json_response(chat_completion()),
        azure_ad_token_provider=lambda: next(tokens),
    )
    client.chat.completions.create(model="d", messages=MESSAGES)
    client.chat.completions.create(model="d", messages=MESSAGES)
    assert [r.headers["Authorization"] for r in transport.requests] == ["Bearer tok1", "Bearer tok2", "Bearer tok3"]
    assert all("api-key" not in r.headers for r in transport.requests)


@pytest.mark.parametrize("bad", ["", None, 42])
def test_token_provider_must_return_a_non_empty_string(bad: Any) -> None:
    client, transport = make_client(azure_ad_token_provider=lambda: bad)
    with pytest.raises(ValueError, match="non-empty string"):
        client.chat.completions.create(model="d", messages=MESSAGES)
    assert not transport.requests


def test_static_ad_token_is_a_bearer_token() -> None:
    client, transport = make_client(azure_ad_token="static-token")
    client.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["Authorization"] == "Bearer static-token"


def test_callable_api_key_is_called_for_every_attempt() -> None:
    keys = iter(["key-1", "key-2"])
    client, transport = make_client(error_response(503), json_response(chat_completion()), api_key=lambda: next(keys))
    client.chat.completions.create(model="d", messages=MESSAGES)
    assert [r.headers["api-key"] for r in transport.requests] == ["key-1", "key-2"]


def test_a_callers_own_credential_header_is_sent_instead_of_ours() -> None:
    calls: List[int] = []

    def provider() -> str:
        calls.append(1)
        return "ours"

    client, transport = make_client(*[json_response(chat_completion())] * 3, azure_ad_token_provider=provider)
    client.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"api-key": "theirs"})
    headers = transport.last_request.headers
    assert headers["api-key"] == "theirs" and "Authorization" not in headers
    client.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"Authorization": "Bearer theirs"})
    assert transport.last_request.headers["Authorization"] == "Bearer theirs"
    assert not calls  # the provider is not asked for a token that would not be sent
    client.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["Authorization"] == "Bearer ours"
    keyed, transport = make_client(default_headers={"Authorization": "Bearer gateway-jwt"})
    keyed.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["Authorization"] == "Bearer gateway-jwt"
    assert "api-key" not in transport.last_request.headers


def test_key_is_redacted_from_errors_and_reprs() -> None:
    client, _ = make_client(error_response(401, f"Incorrect API key provided: {KEY}."))
    with pytest.raises(APIStatusError) as info:
        client.chat.completions.create(model="d", messages=MESSAGES)
    assert KEY not in str(info.value) and KEY not in repr(client) and KEY not in repr(client.session)


# -- copies ----------------------------------------------------------------------------------


def test_with_options_keeps_the_auth_mode_and_shares_the_transport() -> None:
    client, transport = make_client(*[json_response(chat_completion())] * 2, azure_ad_token_provider=token_provider)
    copy_ = client.with_options(max_retries=0, default_headers={"X-Team": "red"})
    assert isinstance(copy_, AzureClient) and copy_.transport is transport and copy_.max_retries == 0
    copy_.chat.completions.create(model="d", messages=MESSAGES)
    headers = transport.last_request.headers
    assert headers["Authorization"] == "Bearer token-from-provider" and headers["X-Team"] == "red"
    assert transport.last_request.url.endswith(f"?api-version={VERSION}")
    copy_.close()
    assert not transport.closed


def test_a_new_credential_in_a_copy_replaces_the_auth_mode() -> None:
    client, transport = make_client(*[json_response(chat_completion())] * 3, azure_ad_token="tok")
    client.copy(api_key="new-key").chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["api-key"] == "new-key"
    assert "Authorization" not in transport.last_request.headers
    keyed = client.copy(api_key="new-key")
    keyed.with_options(azure_ad_token_provider=token_provider).chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["Authorization"] == "Bearer token-from-provider"
    assert "api-key" not in transport.last_request.headers
    client.chat.completions.create(model="d", messages=MESSAGES)  # the original is unchanged
    assert transport.last_request.headers["Authorization"] == "Bearer tok"
    with pytest.raises(MutuallyExclusiveAuthError):
        client.copy(api_key="k", azure_ad_token="t")


def test_copy_replaces_api_version_and_switches_style_with_base_url() -> None:
    client, transport = make_client(*[json_response(chat_completion())] * 3)
    client.copy(api_version="2025-04-01-preview").chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.url.endswith("/chat/completions?api-version=2025-04-01-preview")
    v1 = client.copy(base_url=f"{ENDPOINT}/openai/v1/")
    v1.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.url == f"{ENDPOINT}/openai/v1/chat/completions"
    v1.copy(api_version="2024-06-01", base_url=f"{ENDPOINT}/openai").chat.completions.create(
        model="d", messages=MESSAGES)
    assert transport.last_request.url == f"{ENDPOINT}/openai/deployments/d/chat/completions?api-version=2024-06-01"


def test_copy_with_api_version_alone_moves_an_endpoint_client_between_the_styles() -> None:
    # As the constructor would build it from the same azure_endpoint: v1 lives under /openai/v1/.
    client, transport = make_client(*[json_response(chat_completion())] * 2)
    v1 = client.with_options(api_version="v1")
    assert v1.base_url == f"{ENDPOINT}/openai/v1/" and v1.session.v1
    v1.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.url == f"{ENDPOINT}/openai/v1/chat/completions"
    v1.with_options(api_version="2024-06-01").chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.url == f"{ENDPOINT}/openai/deployments/d/chat/completions?api-version=2024-06-01"
    fixed, _ = make_client(azure_deployment="dep")
    with pytest.raises(ValueError, match="azure_deployment does not apply"):
        fixed.with_options(api_version="v1")


# -- redirects and Azure's 404s ---------------------------------------------------------------


def test_cross_origin_redirect_is_refused_so_the_api_key_stays_home() -> None:
    client, transport = make_client(Response(307, {"location": "https://evil.example/steal"}, content=b""))
    with pytest.raises(APIStatusError, match="another origin"):
        client.chat.completions.create(model="d", messages=MESSAGES)
    assert len(transport.requests) == 1


def test_cross_origin_redirect_on_real_sockets_never_reaches_the_other_server() -> None:
    with ScriptedServer() as home, ScriptedServer() as other:
        home.script(reply(307, b"", {"Location": f"http://localhost:{other.port}/openai/models"}))
        client = AzureClient(base_url=home.url + "/openai", api_version=VERSION, api_key=KEY,
                             azure_ad_token=None, transport=RequestsTransport(), max_retries=0)
        with pytest.raises(APIStatusError, match="another origin"):
            client.models.list()
        client.close()
        assert len(home.requests) == 1 and home.requests[0].headers["api-key"] == KEY
        assert not other.requests


def test_deployment_not_found_says_what_to_check() -> None:
    body = {"error": {"code": "DeploymentNotFound", "message": "The API deployment for this resource does not exist."}}
    client, _ = make_client(json_response(body, 404))
    with pytest.raises(NotFoundError) as info:
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    message = str(info.value)
    assert "does not exist" in message and "'gpt-4o'" in message and "deployment" in message.lower()
    assert info.value.code == "DeploymentNotFound" and info.value.status_code == 404
    client, _ = make_client(json_response(body, 404), api_version="v1")
    with pytest.raises(NotFoundError, match="named 'from-body'"):
        client.chat.completions.create(model="from-body", messages=MESSAGES)


def test_resource_not_found_names_endpoint_and_api_version() -> None:
    client, _ = make_client(json_response({"error": {"code": "404", "message": "Resource not found"}}, 404))
    with pytest.raises(NotFoundError, match=f"Resource not found.*endpoint.*{VERSION}.*v1"):
        client.chat.completions.create(model="d", messages=MESSAGES)
    client, _ = make_client(error_response(404, "No such file", code="not_found"))
    with pytest.raises(NotFoundError) as info:
        client.session.request("GET", "files/x", cast_to=object)
    assert str(info.value) == "Error code: 404 - No such file"


# -- realtime ----------------------------------------------------------------------------------


def test_realtime_url_of_the_legacy_style() -> None:
    client, _ = make_client()
    assert client.session.realtime_url({"model": "rt"}) == (
        f"wss://res.openai.azure.com/openai/realtime?api-version={VERSION}&deployment=rt")
    client, _ = make_client(azure_deployment="fixed")
    assert client.session.realtime_url({"model": "rt"}) == (
        f"wss://res.openai.azure.com/openai/realtime?api-version={VERSION}&deployment=fixed")
    client, _ = make_client(websocket_base_url="wss://gateway.example/ws/")
    assert client.session.realtime_url({"model": "rt"}) == (
        f"wss://gateway.example/ws/realtime?api-version={VERSION}&deployment=rt")
    with pytest.raises(OpenAIError, match="`model` is required"):
        client.session.realtime_url({})


def test_realtime_url_of_the_v1_style_and_its_auth_headers() -> None:
    client, _ = make_client(api_version="v1", azure_ad_token_provider=token_provider)
    assert client.session.realtime_url({"model": "rt"}) == "wss://res.openai.azure.com/openai/v1/realtime?model=rt"
    assert client.session.auth_headers() == {"Authorization": "Bearer token-from-provider"}
    keyed, _ = make_client(base_url="http://127.0.0.1:8080/openai/deployments/x")
    assert keyed.session.realtime_url({"model": "rt"}).startswith("ws://127.0.0.1:8080/openai/realtime?")
    assert keyed.session.auth_headers() == {"api-key": KEY}


# -- pickling ---------------------------------------------------------------------------------


def pickled(client: AzureClient) -> AzureClient:
    restored = pickle.loads(pickle.dumps(client))
    assert isinstance(restored, AzureClient) and isinstance(restored.session, AzureSession)
    return restored


def test_pickle_leaves_a_string_key_out_and_reads_the_azure_env(monkeypatch: pytest.MonkeyPatch) -> None:
    client = AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY, azure_deployment="d")
    data = pickle.dumps(client)
    assert KEY.encode() not in data
    restored = pickle.loads(data)
    assert restored.base_url == client.base_url and restored.api_version == VERSION
    with pytest.raises(OpenAIError, match="unpickled"):
        restored.session.auth_headers()
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "key-of-this-process")
    assert restored.session.auth_headers() == {"api-key": "key-of-this-process"}
    kept = pickled(client.with_options(pickle_api_key=True))
    assert kept.session.auth_headers() == {"api-key": KEY}


def test_pickle_of_ad_token_and_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    with_token = AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, azure_ad_token="secret-token-123")
    data = pickle.dumps(with_token)
    assert b"secret-token-123" not in data
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "env-token")
    assert pickle.loads(data).session.auth_headers() == {"Authorization": "Bearer env-token"}
    with_provider = AzureClient(azure_endpoint=ENDPOINT, api_version="v1", azure_ad_token_provider=token_provider)
    restored = pickled(with_provider)
    assert restored.session._api_key is token_provider and restored.session.v1
    assert restored.session.auth_headers() == {"Authorization": "Bearer token-from-provider"}


def test_deepcopy_keeps_the_key_and_the_mode() -> None:
    client = AzureClient(azure_endpoint=ENDPOINT, api_version=VERSION, api_key=KEY)
    clone = copy.deepcopy(client)
    assert isinstance(clone, AzureClient) and clone.session.auth_headers() == {"api-key": KEY}
    assert clone.transport is not client.transport
