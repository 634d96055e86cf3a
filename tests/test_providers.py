"""``Client(provider=bedrock(...) | vertex(...))``: endpoints, credentials on every request, the
AWS Signature V4 (checked against botocore's), and the checks openai-python makes."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, List

import pytest

from openai_compat import Client, OpenAIError, Request
from openai_compat._internals import AwsCredentials, sign_request
from openai_compat.providers import Provider, bedrock, vertex
from openai_compat.testing import MockTransport, json_response

LIST = {"object": "list", "data": []}
AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def provider_client(provider: Provider, **options: Any) -> tuple[Client, MockTransport]:
    transport = MockTransport(lambda request: json_response(LIST))
    return Client(provider=provider, transport=transport, **options), transport


@pytest.fixture(autouse=True)
def _no_cloud_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_BEARER_TOKEN_BEDROCK", "AWS_BEDROCK_BASE_URL",
                 "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION"):
        monkeypatch.delenv(name, raising=False)


# -- AWS Signature V4 ------------------------------------------------------------------------------

# Authorization values botocore 1.x (SigV4Auth.add_auth) computed for these requests at 20261206T060736Z,
# with AKIDEXAMPLE's documented example secret: an independent implementation of the same algorithm.
SIGV4_VECTORS = [
    ("GET", "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
     {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, b"", "iam", "us-east-1", None,
     "f25447df68a9578027ffc4f9c714ba19f40673e6b52abe14a925cff41d41f829"),
    ("POST", "https://bedrock-mantle.us-east-1.api.aws/openai/v1/responses?include%5B%5D=a&b=c%20d",
     {"Content-Type": "application/json"}, b'{"model":"m"}', "bedrock-mantle", "us-east-1", "TOKEN123",
     "9c4952e92690b91b8faec565fee47e1a090011cc9e9801b9a40045fc43e6f8b4"),
    ("GET", "https://bedrock-runtime.eu-west-1.amazonaws.com/openai/v1/files/file%2Fabc", {}, b"", "bedrock",
     "eu-west-1", None, "42d2832441b5443360fff9ac6b668bc5dc93f2593852fe9ea5237cd4443ee49a"),
    ("GET", "https://example.com:8443/openai/v1/models?after=a%20b&limit=2", {}, b"", "bedrock", "eu-west-1", None,
     "6594b124e0edcf463ac9ebcb0c6f52232170a3deba91dec639a51c7569f21867"),
]


@pytest.mark.parametrize("method, url, headers, body, service, region, token, signature", SIGV4_VECTORS)
def test_sigv4_matches_botocore(method: str, url: str, headers: Any, body: bytes, service: str, region: str,
                                token: Any, signature: str) -> None:
    request = Request(method, url, headers=dict(headers), body=body or None)
    moment = datetime.datetime(2026, 12, 6, 6, 7, 36, tzinfo=datetime.timezone.utc)
    sign_request(request, AwsCredentials(AKID, SECRET, token), region=region, service=service, now=lambda: moment)
    assert request.headers["Authorization"].endswith(f"Signature={signature}")
    assert request.headers["X-Amz-Date"] == "20261206T060736Z"
    assert request.headers["X-Amz-Content-SHA256"] == hashlib.sha256(body).hexdigest()
    assert ("X-Amz-Security-Token" in request.headers) == (token is not None)


# -- Bedrock ---------------------------------------------------------------------------------------


def test_bedrock_bearer_key_and_default_endpoints() -> None:
    client, transport = provider_client(bedrock(region="us-east-1", api_key="bedrock-key"))
    assert client.base_url == "https://bedrock-mantle.us-east-1.api.aws/openai/v1/"
    client.models.list()
    assert transport.last_request.headers["Authorization"] == "Bearer bedrock-key"
    assert client.api_key == "" and client.auth_headers == {} and repr(bedrock(region="us-east-1", api_key="k")) == (
        "<Provider bedrock>"
    )
    runtime, _ = provider_client(bedrock(endpoint="runtime", region="cn-north-1", api_key="k"))
    assert runtime.base_url == "https://bedrock-runtime.cn-north-1.amazonaws.com.cn/openai/v1/"


def test_bedrock_environment_and_token_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "env-token")
    client, transport = provider_client(bedrock())
    client.models.list()
    assert transport.last_request.url == "https://bedrock-mantle.eu-west-1.api.aws/openai/v1/models"
    assert transport.last_request.headers["Authorization"] == "Bearer env-token"
    tokens = iter(["t1", "t2"])
    client, transport = provider_client(bedrock(token_provider=lambda: next(tokens)))
    client.models.list()
    client.models.list()
    assert [request.headers["Authorization"] for request in transport.requests] == ["Bearer t1", "Bearer t2"]


def test_bedrock_sigv4_signs_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    client, transport = provider_client(bedrock(region="us-west-2", access_key_id=AKID, secret_access_key=SECRET,
                                                session_token="session"))
    client.files.create(file=("a.jsonl", b'{"x": 1}\n'), purpose="batch")
    request = transport.last_request
    assert request.headers["Authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={AKID}/")
    assert "/us-west-2/bedrock-mantle/aws4_request" in request.headers["Authorization"]
    assert request.headers["X-Amz-Security-Token"] == "session"
    assert request.headers["X-Amz-Content-SHA256"] == hashlib.sha256(request.body).hexdigest()
    assert request.headers["Host"] == "bedrock-mantle.us-west-2.api.aws"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    from_env, transport = provider_client(bedrock(region="us-west-2", endpoint="runtime"))
    from_env.models.list()
    assert "Credential=AKENV/" in transport.last_request.headers["Authorization"]
    assert "/bedrock/aws4_request" in transport.last_request.headers["Authorization"]


def test_bedrock_credential_provider_is_asked_per_request() -> None:
    calls: List[int] = []

    def credentials() -> Any:
        calls.append(1)
        return {"access_key_id": f"AK{len(calls)}", "secret_access_key": "s"}

    client, transport = provider_client(bedrock(region="us-east-1", credential_provider=credentials))
    client.models.list()
    client.models.list()
    assert ["Credential=AK1/" in r.headers["Authorization"] for r in transport.requests] == [True, False]
    assert "Credential=AK2/" in transport.last_request.headers["Authorization"]


def test_bedrock_checks() -> None:
    with pytest.raises(OpenAIError, match="requires an AWS region"):
        bedrock(api_key="k")
    with pytest.raises(OpenAIError, match="region` is invalid"):
        bedrock(region="moon")
    with pytest.raises(OpenAIError, match="ambiguous"):
        bedrock(region="us-east-1", api_key="k", access_key_id="a", secret_access_key="s")
    with pytest.raises(OpenAIError, match="both `access_key_id` and `secret_access_key`"):
        bedrock(region="us-east-1", access_key_id="a")
    with pytest.raises(OpenAIError, match="does not match the selected `runtime` endpoint"):
        bedrock(endpoint="runtime", base_url="https://bedrock-mantle.us-east-1.api.aws/openai/v1", api_key="k")
    with pytest.raises(OpenAIError, match="does not match the configured AWS region"):
        bedrock(region="us-west-2", base_url="https://bedrock-mantle.us-east-1.api.aws", api_key="k")
    own = bedrock(base_url="https://proxy.example/openai/v1/responses", api_key="k")
    assert Client(provider=own).base_url == "https://proxy.example/openai/v1/"


def test_bedrock_refuses_a_second_authorization_and_other_origins() -> None:
    client, _ = provider_client(bedrock(region="us-east-1", api_key="k"),
                                default_headers={"Authorization": "Bearer mine"})
    with pytest.raises(OpenAIError, match="custom `Authorization` header"):
        client.models.list()
    client, _ = provider_client(bedrock(region="us-east-1", api_key="k"))
    with pytest.raises(OpenAIError, match="outside the configured origin"):
        client.get("https://elsewhere.example/v1/models")


# -- Vertex ----------------------------------------------------------------------------------------


def test_vertex_with_a_token_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "my-project")
    monkeypatch.setenv("GOOGLE_CLOUD_LOCATION", "global")
    client, transport = provider_client(vertex(token_provider=lambda: "ya29.token"))
    client.models.list()
    assert transport.last_request.url == (
        "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/openai/v1/models"
    )
    assert transport.last_request.headers["Authorization"] == "Bearer ya29.token"
    regional = vertex(project="p", location="us-central1", token_provider=lambda: "t")
    assert Client(provider=regional).base_url.startswith("https://us-central1-aiplatform.googleapis.com/")


def test_vertex_owns_the_identity_headers() -> None:
    provider = vertex(project="p", location="global", token_provider=lambda: "t")
    client, _ = provider_client(provider, project="proj_openai")
    with pytest.raises(OpenAIError, match="Vertex owns authentication"):
        client.models.list()
    client, _ = provider_client(vertex(project="p", location="global", token_provider=lambda: "bad token"))
    with pytest.raises(OpenAIError, match="nonempty bearer token"):
        client.models.list()


def test_vertex_checks_and_application_default_credentials() -> None:
    with pytest.raises(OpenAIError, match="project ID"):
        vertex(location="global")
    with pytest.raises(OpenAIError, match="require HTTPS"):
        vertex(base_url="http://us-aiplatform.googleapis.com/v1")
    with pytest.raises(OpenAIError, match="only one of credentials and token_provider"):
        vertex(project="p", location="global", token_provider=lambda: "t", credentials=object())
    client, _ = provider_client(vertex(project="p", location="global"))
    try:
        import google.auth  # noqa: F401
    except ImportError:
        with pytest.raises(OpenAIError, match="Install google-auth"):
            client.models.list()


# -- the provider and the client -------------------------------------------------------------------


def test_a_provider_excludes_the_other_ways_to_authenticate_and_route() -> None:
    provider = bedrock(region="us-east-1", api_key="k")
    for options in ({"api_key": "sk"}, {"base_url": "http://x/v1"},
                    {"workload_identity": {"identity_provider_id": "i", "service_account_id": "s"}}):
        with pytest.raises(OpenAIError, match="cannot be combined"):
            Client(provider=provider, **options)
    with pytest.raises(OpenAIError, match="mutually exclusive"):
        Client(provider=provider, data_residency="eu")
    with pytest.raises(OpenAIError, match="Invalid provider"):
        Client(provider=object())
    client, _ = provider_client(provider)
    with pytest.raises(OpenAIError, match="not supported by WebSocket"):
        client.session.realtime_url({})


def test_a_copy_with_another_transport_keeps_the_providers_credentials() -> None:
    client, _ = provider_client(bedrock(region="us-east-1", api_key="k"))
    other = MockTransport(lambda request: json_response(LIST))
    client.with_options(transport=other, max_retries=0).models.list()
    assert other.last_request.headers["Authorization"] == "Bearer k"
    with pytest.raises(OpenAIError, match="cannot be combined"):
        client.with_options(api_key="sk")
