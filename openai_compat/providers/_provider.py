"""``Provider``: what ``bedrock(...)`` and ``vertex(...)`` return, for ``Client(provider=...)``.

A provider is configuration only; each client made with it calls ``configure()`` once and gets a
``ProviderRuntime`` of its own: the base URL, and ``prepare(request)``, which checks each outgoing
request and adds the provider's credentials to it (a bearer token, or an AWS Signature V4) right
before the transport sends it, retries and redirects included.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit

from .._errors import OpenAIError
from .._http.transport import Request

__all__ = ["Provider", "ProviderRuntime", "check_origin", "refuse_headers"]


class ProviderRuntime:
    """One client's provider state: where requests go and how each one is authorized."""

    __slots__ = ("base_url", "name", "prepare")

    def __init__(self, name: str, base_url: str, prepare: Callable[[Request], None]) -> None:
        self.name = name
        self.base_url = base_url
        self.prepare = prepare

    def __repr__(self) -> str:
        return f"<ProviderRuntime {self.name} {self.base_url}>"


class Provider:
    """A cloud that serves the OpenAI API with its own endpoints and credentials; make one with
    ``openai_compat.providers.bedrock(...)`` or ``.vertex(...)``. Its repr shows no credential."""

    __slots__ = ("_configure", "name")

    def __init__(self, name: str, configure: Callable[[], ProviderRuntime]) -> None:
        self.name = name
        self._configure = configure

    def configure(self) -> ProviderRuntime:
        return self._configure()

    def __repr__(self) -> str:
        return f"<Provider {self.name}>"


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower().rstrip("."), parts.port or (443 if scheme == "https" else 80)


def check_origin(request: Request, base_url: str, name: str) -> None:
    """Refuse to put ``name``'s credentials on a request for another origin than ``base_url``'s."""
    if _origin(request.url) != _origin(base_url):
        raise OpenAIError(f"Refusing to send {name} credentials outside the configured origin ({base_url}).")


def refuse_headers(request: Request, names: tuple[str, ...], message: str) -> None:
    """Raise ``message`` if the request carries one of ``names`` (the provider owns them)."""
    present = {header.lower() for header in request.headers}
    if present.intersection(names):
        raise OpenAIError(message)
