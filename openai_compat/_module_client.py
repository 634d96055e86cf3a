"""The module client: ``openai_compat.api_key = "..."`` then ``openai_compat.chat.completions.create(...)``,
as openai-python's ``openai.chat...`` works (notebooks and scripts use this style).

The settings are attributes of the ``openai_compat`` package (``SETTINGS``); ``openai_compat.chat``
and every other namespace of ``Client`` is a proxy that, on each use, asks ``load_client()`` for the
default client. That client is built on first use from the settings and the environment, and built
again when a setting has changed since (compared by value, so mutating ``default_headers`` in place
counts); the rebuilt client keeps the connection pool of the one before. ``load_client`` is
thread-safe: concurrent first uses build one client.

``api_type`` picks the client: ``"openai"`` (``Client``) or ``"azure"`` (``AzureClient`` from
``azure_endpoint``, ``api_version``, ``api_key``, ``azure_ad_token``, ``azure_ad_token_provider``).
Left unset it is read from ``OPENAI_API_TYPE``, else inferred as openai-python does: Azure settings
(``azure_endpoint``/``AZURE_OPENAI_ENDPOINT``, ``AZURE_OPENAI_API_KEY``, an AD token) mean Azure,
and together with ``OPENAI_API_KEY`` they are ambiguous, which raises.
"""

from __future__ import annotations

import os
import sys
import threading
from functools import cached_property
from typing import Any, Dict, List, Optional, Tuple

from ._errors import OpenAIError
from ._facade.client import Client
from ._http.transport import Transport

__all__ = ["SETTINGS", "load_client", "namespace", "reset_client"]

SETTINGS = (
    "api_key",
    "admin_api_key",
    "organization",
    "project",
    "webhook_secret",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
    "api_type",
    "api_version",
    "azure_endpoint",
    "azure_ad_token",
    "azure_ad_token_provider",
)
_AMBIGUOUS = (
    "Ambiguous use of module client; please set `openai_compat.api_type` or the `OPENAI_API_TYPE` environment "
    "variable to `openai` or `azure`"
)



class _Default:
    """The default client, the settings it was built from, and the transport rebuilt clients keep."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.state: Optional[Tuple[Tuple[Any, ...], Client]] = None
        self.own_transport: Optional[Transport] = None


_default = _Default()


def _settings() -> Dict[str, Any]:
    package = sys.modules[__name__.rpartition(".")[0]]
    return {name: getattr(package, name, None) for name in SETTINGS}


def _fingerprint(settings: Dict[str, Any]) -> Tuple[Any, ...]:
    # Mappings are copied so a change made in place shows; the environment variables read while
    # building count too, so exporting OPENAI_API_KEY later is seen as well.
    values = tuple(dict(value) if isinstance(value, dict) else value for value in settings.values())
    return values + tuple(os.environ.get(name) for name in _ENVIRONMENT)


_ENVIRONMENT = (
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_API_TYPE",
    "OPENAI_API_VERSION", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN",
)


def load_client() -> Client:
    """The default client for the current settings (built, or rebuilt, as needed)."""
    settings = _settings()
    fingerprint = _fingerprint(settings)
    state = _default.state
    if state is not None and state[0] == fingerprint:
        return state[1]
    with _default.lock:
        state = _default.state
        if state is None or state[0] != fingerprint:
            state = (fingerprint, _build(settings))
            _default.state = state
        return state[1]


def reset_client() -> None:
    """Forget the default client; the next use builds a new one (with a new connection pool)."""
    with _default.lock:
        _default.state, _default.own_transport = None, None


def _build(settings: Dict[str, Any]) -> Client:
    transport = _default.own_transport if settings["http_client"] is None else None
    common: Dict[str, Any] = {
        "api_key": settings["api_key"],
        "organization": settings["organization"],
        "project": settings["project"],
        "webhook_secret": settings["webhook_secret"],
        "base_url": settings["base_url"],
        "timeout": settings["timeout"],
        "max_retries": settings["max_retries"],
        "default_headers": settings["default_headers"],
        "default_query": settings["default_query"],
    }
    if _api_type(settings) == "azure":
        from ._http.http_client import transport_for_http_client
        from .azure.client import AzureClient

        if settings["http_client"] is not None:
            transport = transport_for_http_client(settings["http_client"])
        client: Client = AzureClient(
            api_version=settings["api_version"], azure_endpoint=settings["azure_endpoint"],
            azure_ad_token=settings["azure_ad_token"], azure_ad_token_provider=settings["azure_ad_token_provider"],
            transport=transport, **common,
        )
    else:
        if settings["admin_api_key"] is not None:
            common["admin_api_key"] = settings["admin_api_key"]
        client = Client(http_client=settings["http_client"], transport=transport, **common)
    if settings["http_client"] is None:
        _default.own_transport = client.session.transport  # kept by the next client built
    return client


def _api_type(settings: Dict[str, Any]) -> str:
    env = os.environ
    api_type = settings["api_type"] or env.get("OPENAI_API_TYPE")
    if api_type is None:
        azure = any((
            settings["azure_endpoint"], settings["azure_ad_token"], settings["azure_ad_token_provider"],
            env.get("AZURE_OPENAI_ENDPOINT"), env.get("AZURE_OPENAI_API_KEY"), env.get("AZURE_OPENAI_AD_TOKEN"),
        ))
        if azure and env.get("OPENAI_API_KEY") is not None:
            raise OpenAIError(_AMBIGUOUS)
        api_type = "azure" if azure else "openai"
    if api_type not in ("openai", "azure"):
        raise OpenAIError(f"api_type must be 'openai' or 'azure', got {api_type!r}")
    return str(api_type)


class _NamespaceProxy:
    """``openai_compat.chat`` and the like: every attribute is looked up on the default client's
    namespace at the time of use, so a changed setting takes effect on the next call."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(getattr(load_client(), self._name), attribute)

    def __dir__(self) -> List[str]:
        return dir(getattr(load_client(), self._name))

    def __repr__(self) -> str:
        return f"<openai_compat.{self._name}: the default client's {self._name} namespace>"


_PROXIES: Dict[str, _NamespaceProxy] = {}


def namespace(name: str) -> Optional[_NamespaceProxy]:
    """The module-level proxy for ``Client``'s namespace ``name``; ``None`` if there is no such namespace."""
    if name.startswith("_") or not isinstance(getattr(Client, name, None), cached_property):
        return None
    if name in ("with_raw_response", "with_streaming_response") or _is_submodule(name):
        return None  # openai_compat.realtime is the package of that name, imported or not
    return _PROXIES.setdefault(name, _NamespaceProxy(name))


def _is_submodule(name: str) -> bool:
    package = os.path.dirname(os.path.abspath(__file__))
    return os.path.isdir(os.path.join(package, name)) or os.path.isfile(os.path.join(package, name + ".py"))
