"""What a ``workload_identity`` is (openai-python's shapes, plain dicts) and the subject token
providers for the usual platforms: a Kubernetes service account token file, Azure's managed
identity endpoint (IMDS) and GCP's metadata server.

A provider is ``{"token_type": "jwt" | "id", "get_token": callable}``; ``get_token()`` is called
each time an OpenAI access token is needed (first use, then shortly before it expires).
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, Literal, Optional, TypedDict, Union

from .._auth_errors import SubjectTokenProviderError
from .._http.http_client import transport_for_http_client
from .._http.transport import Request, Transport

__all__ = [
    "SubjectTokenProvider",
    "SubjectTokenWorkloadIdentity",
    "WorkloadIdentity",
    "X509WorkloadIdentity",
    "azure_managed_identity_token_provider",
    "gcp_id_token_provider",
    "k8s_service_account_token_provider",
    "x509_workload_identity",
]

_METADATA_TIMEOUT = 10.0


class SubjectTokenProvider(TypedDict):
    """Where the platform's own token comes from: its kind and a function returning it."""

    token_type: Literal["jwt", "id"]
    get_token: Callable[[], str]


class _RequiredIdentity(TypedDict):
    identity_provider_id: str
    """The identity provider's id in your OpenAI organization's workload identity settings."""
    service_account_id: str
    """The OpenAI service account the verified identity acts as."""
    provider: SubjectTokenProvider
    """Where the subject token comes from."""


class WorkloadIdentity(_RequiredIdentity, total=False):
    """Exchange a token from your platform for an OpenAI access token (no API key)."""

    refresh_buffer_seconds: float
    """Refresh this long before the access token expires (default 1200 s, at most half its life)."""


SubjectTokenWorkloadIdentity = WorkloadIdentity


class _RequiredX509(TypedDict):
    type: Literal["x509"]
    identity_provider_id: str
    service_account_id: str


class X509WorkloadIdentity(_RequiredX509, total=False):
    """Authenticate with the client certificate of the transport (mutual TLS) instead of a token."""

    refresh_buffer_seconds: float


def x509_workload_identity(
    *, identity_provider_id: str, service_account_id: str, refresh_buffer_seconds: Optional[float] = None
) -> X509WorkloadIdentity:
    """An X.509 identity: give the client a transport with your certificate, e.g.
    ``transport=RequestsTransport(cert=("client.pem", "client.key"))``."""
    identity: X509WorkloadIdentity = {
        "type": "x509",
        "identity_provider_id": identity_provider_id,
        "service_account_id": service_account_id,
    }
    if refresh_buffer_seconds is not None:
        identity["refresh_buffer_seconds"] = refresh_buffer_seconds
    return identity


def k8s_service_account_token_provider(
    token_file_path: Union[str, os.PathLike[str]] = "/var/run/secrets/kubernetes.io/serviceaccount/token",
) -> SubjectTokenProvider:
    """The service account token Kubernetes mounts in the pod (read again on each refresh, since
    the kubelet rotates it)."""

    def get_token() -> str:
        try:
            with open(token_file_path, encoding="utf-8") as handle:
                token = handle.read().strip()
        except OSError as exc:
            raise SubjectTokenProviderError(f"Failed to read the token file at {token_file_path}: {exc}") from exc
        if not token:
            raise SubjectTokenProviderError(f"The token file at {token_file_path} is empty.")
        return token

    return {"token_type": "jwt", "get_token": get_token}


def azure_managed_identity_token_provider(
    resource: str = "https://management.azure.com/",
    *,
    object_id: Optional[str] = None,
    client_id: Optional[str] = None,
    msi_res_id: Optional[str] = None,
    api_version: str = "2018-02-01",
    timeout: float = _METADATA_TIMEOUT,
    http_client: Optional[Any] = None,
) -> SubjectTokenProvider:
    """A token of the VM's or container's Azure managed identity, from the instance metadata
    service (https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/how-to-use-vm-token).
    ``object_id``, ``client_id`` or ``msi_res_id`` pick one of several assigned identities."""
    query = {"api-version": api_version, "resource": resource, "object_id": object_id, "client_id": client_id,
             "msi_res_id": msi_res_id}
    url = _with_query("http://169.254.169.254/metadata/identity/oauth2/token", query)

    def get_token() -> str:
        response = _metadata_get(url, {"Metadata": "true"}, timeout, http_client, "Azure subject token from IMDS")
        try:
            import msgspec

            token = msgspec.json.decode(response).get("access_token")
        except (ValueError, AttributeError, msgspec.DecodeError) as exc:
            raise SubjectTokenProviderError(f"Azure IMDS answered something that is not a token: {exc}") from exc
        if not isinstance(token, str) or not token:
            raise SubjectTokenProviderError("Azure IMDS response did not include an access_token")
        return token

    return {"token_type": "jwt", "get_token": get_token}


def gcp_id_token_provider(
    audience: str = "https://api.openai.com/v1",
    *,
    timeout: float = _METADATA_TIMEOUT,
    http_client: Optional[Any] = None,
) -> SubjectTokenProvider:
    """An identity token of the GCP instance's service account, from the metadata server
    (https://cloud.google.com/compute/docs/instances/verifying-instance-identity)."""
    url = _with_query(
        "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity",
        {"audience": audience},
    )

    def get_token() -> str:
        body = _metadata_get(url, {"Metadata-Flavor": "Google"}, timeout, http_client, "GCP subject token")
        token = body.decode("utf-8", errors="replace").strip()
        if not token:
            raise SubjectTokenProviderError("GCP metadata server returned an empty token")
        return token

    return {"token_type": "id", "get_token": get_token}


def _with_query(url: str, query: Dict[str, Optional[str]]) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode({name: value for name, value in query.items() if value is not None})}"


def _metadata_get(url: str, headers: Dict[str, str], timeout: float, http_client: Optional[Any], what: str) -> bytes:
    """GET a metadata endpoint. Without an ``http_client`` a transport that ignores proxy
    variables is used: the metadata address is link-local and must not go through a proxy."""
    transport: Transport
    if http_client is not None:
        transport = transport_for_http_client(http_client)
    else:
        from .._http.requests_transport import RequestsTransport

        transport = RequestsTransport(trust_env=False)
    request = Request("GET", url, headers=headers, connect_timeout=timeout, read_timeout=timeout)
    try:
        response = transport.send(request)
        body = response.read()
    except Exception as exc:
        raise SubjectTokenProviderError(f"Failed to fetch the {what}: {exc}") from exc
    finally:
        if http_client is None:
            transport.close()
    if response.status_code >= 400:
        raise SubjectTokenProviderError(f"Failed to fetch the {what}: HTTP {response.status_code}", response=response)
    return body
