"""``WorkloadIdentitySession``: a Session whose credential is an access token exchanged for the
platform's own token (``Client(workload_identity=...)``), not an API key."""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from .._auth_errors import OAuthError
from .._core.session import Session
from .._errors import AuthenticationError, OpenAIError
from .._http.transport import Request, Response
from ._exchange import WorkloadIdentityAuth

__all__ = ["MTLS_API_BASE_URL", "WorkloadIdentitySession", "x509_residency_base_url"]

# openai-python's placeholder, shown as the client's api_key: no key is used.
WORKLOAD_IDENTITY_API_KEY = "workload-identity-auth"
MTLS_API_BASE_URL = "https://mtls.api.openai.com/v1"
_MTLS_REGIONS = {"global": MTLS_API_BASE_URL, "us": "https://mtls-us.api.openai.com/v1",
                 "eu": "https://mtls-eu.api.openai.com/v1"}
_NO_WEBSOCKET = "This authentication method is not supported by WebSocket connections"


def x509_residency_base_url(data_residency: str) -> str:
    """The mutual-TLS endpoint of a region (an X.509 identity cannot use the others)."""
    if data_residency not in _MTLS_REGIONS:
        raise OpenAIError("X.509 workload identity requires a supported regional mTLS endpoint ('global', 'us', 'eu')")
    return _MTLS_REGIONS[data_residency]


class WorkloadIdentitySession(Session):
    """Every attempt carries ``Authorization: Bearer <access token>``; the token comes from
    ``WorkloadIdentityAuth`` through this session's transport (so its proxies and, for X.509, its
    client certificate apply). A 401 with a token from the cache drops it and the call is sent once
    more with a fresh one, as openai-python does."""

    supplies_auth_per_request = True

    def __init__(self, workload_identity: Mapping[str, Any], *, api_key: Any = None,
                 base_url: Optional[str] = None, **settings: Any) -> None:
        if api_key is not None:
            raise OpenAIError("The `api_key` and `workload_identity` arguments are mutually exclusive")
        auth = WorkloadIdentityAuth(workload_identity)
        if auth.x509 and base_url is None:
            base_url = os.environ.get("OPENAI_BASE_URL") or MTLS_API_BASE_URL
        super().__init__(api_key=WORKLOAD_IDENTITY_API_KEY, base_url=base_url, **settings)
        if auth.x509:
            parts = urlsplit(self.base_url)
            if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
                raise OpenAIError("X.509 workload identity requires an absolute HTTPS API URL without user credentials")
        self.workload_identity: Dict[str, Any] = auth.workload_identity
        self.identity_auth = auth

    def auth_headers(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.identity_auth.get_token(self.transport, self.retry)}"}

    def realtime_url(self, query: Mapping[str, Any]) -> str:
        raise OpenAIError(_NO_WEBSOCKET)

    def send(self, method: str, path: str, **options: Any) -> Tuple[Response, Request, int]:
        try:
            return super().send(method, path, **options)
        except OAuthError:
            raise  # the exchange itself refused: a fresh token would be refused too
        except AuthenticationError as error:
            used = _bearer(error.request)
            if used is None or not self.identity_auth.invalidate_token(used):
                raise
        return super().send(method, path, **options)

    def copy(self, **overrides: Any) -> Session:
        if overrides.get("api_key") is not None:
            raise OpenAIError("The `api_key` and `workload_identity` arguments are mutually exclusive")
        return super().copy(**overrides)


def _bearer(request: Optional[Request]) -> Optional[str]:
    if request is None:
        return None
    for name, value in request.headers.items():
        if name.lower() == "authorization" and value.startswith("Bearer "):
            return value[len("Bearer "):]
    return None
