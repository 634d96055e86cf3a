"""``vertex(...)``: the OpenAI API as Google Cloud's Vertex AI serves it, with openai-python's
options, defaults and checks.

The bearer token comes from ``token_provider()`` (called for each request), or else from Google's
Application Default Credentials through google-auth (imported on first use; ``pip install
google-auth requests``), which caches the token until it expires. Vertex owns authentication:
requests carrying ``Authorization``, ``api-key``, ``OpenAI-Organization`` or ``OpenAI-Project`` are
refused rather than sent with two identities.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import threading
from typing import Any, Callable, Dict, Optional
from urllib.parse import urlsplit

from .._errors import OpenAIError
from .._http.transport import Request
from ._provider import Provider, ProviderRuntime, check_origin, refuse_headers

__all__ = ["VertexTokenProvider", "vertex"]

VertexTokenProvider = Callable[[], str]
_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
_OWNED_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project")


def _valid_token(token: object) -> str:
    if not isinstance(token, str) or not token.strip() or any(ord(c) < 33 or ord(c) > 126 for c in token):
        raise OpenAIError("Vertex token provider must return a nonempty bearer token suitable for an HTTP header.")
    return token


def _token_prepare(token_provider: VertexTokenProvider) -> Callable[[Request], str]:
    def token_of(request: Request) -> str:
        try:
            token: object = token_provider()
        except Exception:
            raise OpenAIError("Vertex token provider failed.") from None  # its error may hold secrets
        if inspect.isawaitable(token):
            if inspect.iscoroutine(token):
                token.close()
            raise OpenAIError("An async Vertex token provider cannot be used by this synchronous client.")
        return _valid_token(token)

    return token_of


def _adc_prepare(credentials: Any) -> Callable[[Request], str]:
    """Bearer tokens from google-auth: the given credentials, or the Application Default ones."""
    lock = threading.Lock()
    state: Dict[str, Any] = {"credentials": None}

    def token_of(request: Request) -> str:
        try:
            google_auth = importlib.import_module("google.auth")
            google_credentials = importlib.import_module("google.auth.credentials")
            google_requests = importlib.import_module("google.auth.transport.requests")
            requests = importlib.import_module("requests")
        except ImportError as exc:
            raise OpenAIError("Install google-auth (pip install google-auth) to use Google credentials, "
                              "or supply token_provider.") from exc
        with lock, requests.Session() as http:
            try:
                adapter = google_requests.Request(http)
                if state["credentials"] is None:
                    if credentials is None:
                        state["credentials"], _ = google_auth.default(scopes=_SCOPES, request=adapter)
                    else:
                        scoped = google_credentials.with_scopes_if_required
                        state["credentials"] = scoped(credentials, scopes=_SCOPES)
                headers: Dict[str, str] = {}
                state["credentials"].before_request(adapter, request.method, request.url, headers)
            except Exception:
                # google-auth's errors may quote request bodies or key material: say what to check instead.
                raise OpenAIError("Vertex Google authentication failed. Check ADC, project access and credential "
                                  "expiry.") from None
        authorization = next((value for name, value in headers.items() if name.lower() == "authorization"), "")
        return _valid_token(authorization.partition(" ")[2])

    return token_of


def vertex(
    *,
    project: Optional[str] = None,
    location: Optional[str] = None,
    base_url: Optional[str] = None,
    token_provider: Optional[VertexTokenProvider] = None,
    credentials: Optional[Any] = None,
) -> Provider:
    """Vertex AI for ``Client(provider=...)``. ``project`` and ``location`` fall back to
    ``GOOGLE_CLOUD_PROJECT`` and ``GOOGLE_CLOUD_LOCATION``; an explicit ``base_url`` is the whole API
    root (before ``/responses``) and wins over both."""
    if token_provider is not None and credentials is not None:
        raise OpenAIError("Set only one of credentials and token_provider.")
    if base_url is None:
        project = project or os.environ.get("GOOGLE_CLOUD_PROJECT")
        location = location or os.environ.get("GOOGLE_CLOUD_LOCATION")
        # Legacy domain-scoped projects hold dots and a colon; a dot path segment is refused.
        if not project or not re.fullmatch(r"[a-zA-Z0-9_-][a-zA-Z0-9_.:-]*", project):
            raise OpenAIError("Vertex requires a project ID (project or GOOGLE_CLOUD_PROJECT).")
        if not location or not re.fullmatch(r"[a-z0-9-]+", location):
            raise OpenAIError("Vertex requires a location (location or GOOGLE_CLOUD_LOCATION).")
        host = "aiplatform.googleapis.com" if location == "global" else f"{location}-aiplatform.googleapis.com"
        base_url = f"https://{host}/v1/projects/{project}/locations/{location}/publishers/openai/v1"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password \
            or parts.query or parts.fragment:
        raise OpenAIError("Vertex base_url must be an HTTP(S) API root without credentials, query or fragment.")
    host = parts.hostname.rstrip(".")
    if parts.scheme != "https" and (host == "googleapis.com" or host.endswith(".googleapis.com")):
        raise OpenAIError("Google Vertex endpoints require HTTPS.")
    root: str = base_url

    def configure() -> ProviderRuntime:
        # google-auth's credentials (and their cached token) belong to one client.
        token_of = _token_prepare(token_provider) if token_provider is not None else _adc_prepare(credentials)

        def prepare(request: Request) -> None:
            check_origin(request, root, "Vertex")
            refuse_headers(request, _OWNED_HEADERS, "Vertex owns authentication; remove OpenAI project/organization "
                                                    "and custom Authorization or api-key headers.")
            request.headers["Authorization"] = f"Bearer {token_of(request)}"

        return ProviderRuntime("vertex", root, prepare)

    return Provider("vertex", configure)
