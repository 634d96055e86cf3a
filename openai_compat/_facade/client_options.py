"""The client options that choose which Session a client gets and where its requests go, besides
the Session's own settings: ``data_residency`` (an OpenAI regional endpoint), ``websocket_base_url``,
``http_client``, ``workload_identity`` and ``provider``, and the query-string encoder ``client.qs``,
all as openai-python 3.57 has them."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Mapping, Optional, Tuple
from urllib.parse import parse_qsl

from .._core.session import Session
from .._core.urls import encode_query
from .._errors import OpenAIError
from .._http.http_client import transport_for_http_client

__all__ = ["DataResidency", "Querystring", "build_session", "copy_session", "residency_base_url"]

DataResidency = Literal["global", "us", "eu", "ae", "au", "in", "jp"]
"""The regions of ``data_residency=``; each has its own API host (``eu`` is ``eu.api.openai.com``)."""

_RESIDENCY_HOSTS = {
    "global": "api.openai.com",
    "us": "us.api.openai.com",
    "eu": "eu.api.openai.com",
    "ae": "ae.api.openai.com",
    "au": "au.api.openai.com",
    "in": "in.api.openai.com",
    "jp": "jp.api.openai.com",
}


def residency_base_url(
    data_residency: Optional[str],
    base_url: Optional[str],
    *,
    websocket_base_url: Optional[str] = None,
    provider: Optional[object] = None,
) -> Optional[str]:
    """``base_url`` for the region ``data_residency`` names (``None``: ``base_url`` as given).

    The region decides the host, so it cannot be combined with a ``base_url``, a
    ``websocket_base_url`` or a ``provider``: the error says which one to drop.
    """
    if data_residency is None:
        return base_url
    if base_url is not None:
        raise ValueError("The `data_residency` and `base_url` arguments are mutually exclusive")
    if websocket_base_url is not None:
        raise ValueError("The `data_residency` and `websocket_base_url` arguments are mutually exclusive")
    if provider is not None:
        raise OpenAIError("The `data_residency` and `provider` arguments are mutually exclusive")
    host = _RESIDENCY_HOSTS.get(data_residency) if isinstance(data_residency, str) else None
    if host is None:
        raise ValueError(
            f"Invalid `data_residency` {data_residency!r}; expected one of "
            + ", ".join(repr(name) for name in _RESIDENCY_HOSTS)
        )
    return f"https://{host}/v1"


class Querystring:
    """How this client writes query strings (``client.qs``): arrays as ``name[]=a&name[]=b``,
    objects as ``a[b]=c``, booleans as ``true``/``false``, ``None`` left out (openai-python's
    "brackets" format, which the API expects)."""

    array_format = "brackets"
    nested_format = "brackets"

    def stringify(self, params: Mapping[str, Any]) -> str:
        """``params`` as a query string, without the leading ``?``."""
        return encode_query("", params).lstrip("?")

    def stringify_items(self, params: Mapping[str, Any]) -> List[Tuple[str, str]]:
        """``params`` as the (name, value) pairs the query string holds, in order."""
        return parse_qsl(self.stringify(params), keep_blank_values=True)

    def parse(self, query: str) -> Mapping[str, object]:
        """A query string's parameters; a name given more than once maps to the list of its values."""
        parsed: dict[str, object] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name.endswith("[]"):
                existing = parsed.setdefault(name[:-2], [])
                assert isinstance(existing, list)
                existing.append(value)
            else:
                parsed[name] = value
        return parsed

    def __repr__(self) -> str:
        return "<Querystring array_format='brackets' nested_format='brackets'>"


def build_session(
    *,
    workload_identity: Optional[Mapping[str, Any]],
    provider: Optional[Any],
    data_residency: Optional[str],
    websocket_base_url: Optional[str],
    http_client: Optional[Any],
    **settings: Any,
) -> Session:
    """The Session a ``Client(...)`` call asks for: a plain one, one that authenticates with a
    workload identity, or a cloud provider's. ``settings`` are the Session's own arguments."""
    settings["base_url"] = residency_base_url(
        data_residency, settings.get("base_url"), websocket_base_url=websocket_base_url, provider=provider
    )
    if data_residency is not None and workload_identity is not None and workload_identity.get("type") == "x509":
        from ..auth._session import x509_residency_base_url

        settings["base_url"] = x509_residency_base_url(data_residency)  # the region's mutual-TLS host
    if http_client is not None:
        if settings.get("transport") is not None:
            raise TypeError("give either http_client= or transport=, not both")
        settings["transport"] = transport_for_http_client(http_client)
    session: Session
    if provider is not None:
        from ..providers._session import ProviderSession

        session = ProviderSession(provider, workload_identity=workload_identity, **settings)
    elif workload_identity is not None:
        from ..auth._session import WorkloadIdentitySession

        session = WorkloadIdentitySession(workload_identity, **settings)
    else:
        session = Session(**settings)
    session.websocket_base_url = websocket_base_url
    return session


_KEEP = object()


def copy_session(session: Session, overrides: Mapping[str, Any]) -> Session:
    """``session.copy(**overrides)``, with the client-level options (``data_residency``,
    ``websocket_base_url``, ``http_client``) turned into the Session's."""
    options: Dict[str, Any] = dict(overrides)
    residency = options.pop("data_residency", None)
    websocket = options.pop("websocket_base_url", _KEEP)
    http_client = options.pop("http_client", None)
    if http_client is not None:
        if options.get("transport") is not None:
            raise TypeError("give either http_client= or transport=, not both")
        options["transport"] = transport_for_http_client(http_client)
    if residency is not None:
        # The region replaces both endpoints of the copy, as in openai-python.
        options["base_url"] = residency_base_url(
            residency, options.get("base_url"), websocket_base_url=None if websocket is _KEEP else websocket,
            provider=getattr(session, "provider", None),
        )
        websocket = None
    new = session.copy(**options)
    if websocket is not _KEEP:
        new.websocket_base_url = websocket
    return new
