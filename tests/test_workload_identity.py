"""``Client(workload_identity=...)``: the token exchange, the cached access token and its refresh,
the 401 retry, X.509, and the subject token providers."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from openai_compat import AuthenticationError, Client, OAuthError, OpenAIError, Request, Response, RetryPolicy
from openai_compat.auth import (
    SubjectTokenProviderError,
    azure_managed_identity_token_provider,
    gcp_id_token_provider,
    k8s_service_account_token_provider,
    x509_workload_identity,
)
from openai_compat.testing import MockTransport, error_response, json_response, request_json

EXCHANGE = "https://auth.openai.com/oauth/token"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def identity(token: str = "subject-jwt", **extra: Any) -> Dict[str, Any]:
    return {"identity_provider_id": "idp_1", "service_account_id": "sa_1",
            "provider": {"token_type": "jwt", "get_token": lambda: token}, **extra}


class Api:
    """A token endpoint handing out tok1, tok2, ... and an API that accepts the ones it is told to."""

    def __init__(self, expires_in: float = 3600) -> None:
        self.exchanges: List[Dict[str, Any]] = []
        self.expires_in = expires_in
        self.rejected: set[str] = set()

    def __call__(self, request: Request) -> Response:
        if request.url.endswith("/oauth/token"):
            self.exchanges.append(request_json(request))
            return json_response({"access_token": f"tok{len(self.exchanges)}", "expires_in": self.expires_in,
                                  "token_type": "Bearer"})
        token = request.headers["Authorization"].removeprefix("Bearer ")
        if token in self.rejected:
            return error_response(401, "token revoked")
        return json_response({"object": "list", "data": []})


def client_for(api: Callable[[Request], Response], clock: Clock, **options: Any) -> tuple[Client, MockTransport]:
    transport = MockTransport(api)
    policy = RetryPolicy(clock=clock, sleep=lambda seconds: None)
    options.setdefault("workload_identity", identity())
    return Client(transport=transport, retry_policy=policy, **options), transport


def test_the_subject_token_is_exchanged_once_and_sent_as_the_bearer() -> None:
    api, clock = Api(), Clock()
    client, transport = client_for(api, clock)
    client.models.list()
    client.models.list()
    assert api.exchanges == [{
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
        "identity_provider_id": "idp_1",
        "service_account_id": "sa_1",
        "subject_token": "subject-jwt",
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
    }]
    assert [request.headers.get("Authorization") for request in transport.requests[1:]] == ["Bearer tok1"] * 2
    assert transport.requests[0].url == EXCHANGE and "Authorization" not in transport.requests[0].headers
    assert client.api_key == "workload-identity-auth" and client.auth_headers == {}
    assert client.workload_identity is not None and client.workload_identity["service_account_id"] == "sa_1"


def test_the_token_is_refreshed_before_it_expires() -> None:
    api, clock = Api(expires_in=3600), Clock()
    client, transport = client_for(api, clock, workload_identity=identity(refresh_buffer_seconds=600))
    client.models.list()
    clock.now += 2999  # refresh at 3600 - 600 = 3000 s
    client.models.list()
    clock.now += 2  # past the refresh point
    client.models.list()
    assert len(api.exchanges) == 2
    assert transport.last_request.headers["Authorization"] == "Bearer tok2"


def test_the_refresh_buffer_is_at_most_half_the_tokens_life() -> None:
    api, clock = Api(expires_in=100), Clock()
    client, _ = client_for(api, clock)  # default buffer 1200 s > 100 s: refresh at 50 s
    client.models.list()
    clock.now += 49
    client.models.list()
    clock.now += 2
    client.models.list()
    assert len(api.exchanges) == 2


def test_a_401_drops_the_token_and_the_call_is_sent_once_more() -> None:
    api, clock = Api(), Clock()
    client, transport = client_for(api, clock)
    client.models.list()
    api.rejected.add("tok1")
    client.models.list()
    assert len(api.exchanges) == 2 and transport.last_request.headers["Authorization"] == "Bearer tok2"
    api.rejected.add("tok2")
    api.rejected.add("tok3")
    with pytest.raises(AuthenticationError, match="token revoked"):
        client.models.list()  # one retry only, never a loop


def test_an_oauth_error_from_the_exchange_is_raised_as_is() -> None:
    def api(request: Request) -> Response:
        return json_response({"error": "invalid_grant", "error_description": "subject token expired"}, status=400)

    client, transport = client_for(api, Clock())
    with pytest.raises(OAuthError, match="subject token expired") as caught:
        client.models.list()
    assert caught.value.error == "invalid_grant" and len(transport.requests) == 1


def test_a_failed_refresh_keeps_a_token_that_is_still_valid() -> None:
    api, clock = Api(expires_in=100), Clock()
    client, _ = client_for(api, clock)
    client.models.list()
    clock.now += 60  # refresh due, tok1 valid until 100 s
    down = MockTransport(lambda request: error_response(503, "down") if request.url == EXCHANGE else api(request))
    client.session.transport = down
    client.models.list()
    assert down.last_request.headers["Authorization"] == "Bearer tok1"
    clock.now += 50  # tok1 expired: nothing left to fall back on
    with pytest.raises(OpenAIError, match="Token exchange failed with status 503"):
        client.models.list()


def test_bad_exchange_answers_are_clear_errors() -> None:
    for body, message in (({"expires_in": 10}, "access_token"), ({"access_token": "t"}, "expires_in"),
                          ({"access_token": "t", "expires_in": -1}, "expires_in")):
        client, _ = client_for(lambda request, body=body: json_response(body), Clock())
        with pytest.raises(OpenAIError, match=message):
            client.models.list()


def test_threads_share_one_exchange() -> None:
    api, clock = Api(), Clock()
    gate = threading.Event()

    def slow(request: Request) -> Response:
        if request.url == EXCHANGE:
            gate.wait(5)
        return api(request)

    client, _ = client_for(slow, clock)
    threads = [threading.Thread(target=client.models.list) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)  # let them all reach the token
    gate.set()
    for thread in threads:
        thread.join(10)
    assert len(api.exchanges) == 1


def test_x509_uses_the_mutual_tls_endpoints_and_retries_transient_failures() -> None:
    answers = iter([error_response(503, "busy"), None])

    def api(request: Request) -> Response:
        if request.url.endswith("/oauth/token"):
            answer = next(answers)
            if answer is not None:
                return answer
        return Api()(request)

    client, transport = client_for(api, Clock(), workload_identity=x509_workload_identity(
        identity_provider_id="idp_1", service_account_id="sa_1"))
    assert client.base_url == "https://mtls.api.openai.com/v1/"
    client.models.list()
    exchanges = [request for request in transport.requests if request.url.endswith("/oauth/token")]
    assert [request.url for request in exchanges] == ["https://mtls.auth.openai.com/oauth/token"] * 2
    assert request_json(exchanges[-1]) == {
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "identity_provider_id": "idp_1",
        "service_account_id": "sa_1", "subject_token_type": "urn:openai:params:oauth:token-type:x509",
    }
    regional = Client(workload_identity=x509_workload_identity(identity_provider_id="i", service_account_id="s"),
                      data_residency="eu", transport=MockTransport())
    assert regional.base_url == "https://mtls-eu.api.openai.com/v1/"


def test_configuration_errors() -> None:
    with pytest.raises(OpenAIError, match="mutually exclusive"):
        Client(api_key="sk", workload_identity=identity())
    with pytest.raises(OpenAIError, match="Unsupported token type"):
        Client(workload_identity={"identity_provider_id": "i", "service_account_id": "s",
                                  "provider": {"token_type": "saml", "get_token": str}})
    with pytest.raises(OpenAIError, match="service_account_id"):
        Client(workload_identity={"identity_provider_id": "i", "provider": {"token_type": "jwt", "get_token": str}})
    with pytest.raises(OpenAIError, match="HTTPS"):
        Client(workload_identity=x509_workload_identity(identity_provider_id="i", service_account_id="s"),
               base_url="http://insecure/v1")
    client, _ = client_for(Api(), Clock())
    with pytest.raises(OpenAIError, match="not supported by WebSocket"):
        client.session.realtime_url({})


def test_kubernetes_token_file(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("k8s-jwt\n")
    provider = k8s_service_account_token_provider(path)
    assert provider["token_type"] == "jwt" and provider["get_token"]() == "k8s-jwt"
    path.write_text("")
    with pytest.raises(SubjectTokenProviderError, match="empty"):
        provider["get_token"]()
    with pytest.raises(SubjectTokenProviderError, match="Failed to read"):
        k8s_service_account_token_provider(tmp_path / "missing")["get_token"]()


def test_azure_and_gcp_metadata_servers() -> None:
    imds = MockTransport(lambda request: json_response({"access_token": "azure-jwt"}))
    provider = azure_managed_identity_token_provider(client_id="cid", http_client=imds)
    assert provider["get_token"]() == "azure-jwt"
    request = imds.last_request
    assert request.url == ("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
                           "&resource=https%3A%2F%2Fmanagement.azure.com%2F&client_id=cid")
    assert request.headers["Metadata"] == "true"
    gcp = MockTransport(lambda request: Response(200, {}, content=b"gcp-id-token\n"))
    provider = gcp_id_token_provider(http_client=gcp)
    assert provider["token_type"] == "id" and provider["get_token"]() == "gcp-id-token"
    assert gcp.last_request.headers["Metadata-Flavor"] == "Google"
    failing = MockTransport(lambda request: error_response(500, "no"))
    with pytest.raises(SubjectTokenProviderError, match="HTTP 500"):
        gcp_id_token_provider(http_client=failing)["get_token"]()
