"""What an error means for someone at a terminal: the hint printed after the error message."""

from __future__ import annotations

import os
from typing import List, Optional
from urllib.parse import urlsplit

from .. import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
)

__all__ = ["connection_fix", "error_hint"]

_PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
_CA_VARIABLES = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def _causes(exc: BaseException) -> List[str]:
    """The messages of ``exc`` and of every exception behind it."""
    found: List[str] = []
    seen = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    return found


def connection_fix(exc: APIConnectionError, base_url: str) -> str:
    """How to fix a request that never got an answer."""
    text = " ".join(_causes(exc)).lower()
    if "certificate" in text or "ssl" in text or "tls" in text:
        bundles = [f"{name}={os.environ[name]}" for name in _CA_VARIABLES if os.environ.get(name)]
        where = f" (now {', '.join(bundles)})" if bundles else ""
        return (
            "TLS verification failed: point SSL_CERT_FILE or REQUESTS_CA_BUNDLE at the CA bundle that signed the "
            f"server's certificate{where}"
        )
    proxies = [name for name in _PROXY_VARIABLES if os.environ.get(name)]
    if proxies:
        return f"the request went through the proxy in {proxies[0]}: check it, or list the host in NO_PROXY"
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"nothing answered at {parts.hostname}:{port}: is the server running, and is the base URL right?"


def error_hint(exc: OpenAIError, base_url: str) -> str:
    """A hint for the common failures; empty when the message says it all."""
    if isinstance(exc, APITimeoutError):
        return "no answer in time: raise --timeout, or run `openai-compat doctor`"
    if isinstance(exc, APIConnectionError):
        return connection_fix(exc, base_url) + " (`openai-compat doctor` checks the setup)"
    if isinstance(exc, (AuthenticationError, PermissionDeniedError)):
        return "check OPENAI_API_KEY (or --api-key) for this server; `openai-compat doctor` checks the setup"
    if isinstance(exc, NotFoundError):
        return (
            f"{base_url} has no such model or endpoint: `openai-compat models` lists the models, "
            "`openai-compat doctor` checks the base URL"
        )
    return ""
