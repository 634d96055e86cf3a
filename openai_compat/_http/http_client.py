"""``http_client=``: openai-python's escape hatch to the HTTP library, mapped to this library's
transports.

openai-python takes an ``httpx.Client``; this library sends with requests or urllib3, so it takes
their objects instead, used as they are (their adapters, proxies, certificates, mounts and pool
sizes):

- a ``requests.Session`` becomes ``RequestsTransport(session=...)``;
- a urllib3 ``PoolManager`` (or ``ProxyManager``) becomes ``Urllib3Transport(pool_manager=...)``;
- a ``Transport`` (anything with ``send(request, *, stream)`` and ``close()``) is used directly.

An ``httpx.Client`` is refused with a ``TypeError`` that says what to pass instead: its settings
(hooks, auth, mounts, HTTP/2) have no faithful translation, and a silent partial one would send
requests differently from what the caller configured. The object you pass stays yours: closing
the client leaves it open.
"""

from __future__ import annotations

import sys
from typing import Any

from .transport import Transport

__all__ = ["transport_for_http_client"]

_HTTPX_ADVICE = (
    "openai_compat does not use httpx, so an httpx client cannot carry its requests. Pass "
    "http_client=requests.Session() (or a urllib3.PoolManager) set up the same way, or "
    "transport=RequestsTransport(proxies=..., verify=..., cert=...); `openai-compat doctor` checks "
    "the resulting configuration."
)


def transport_for_http_client(http_client: Any) -> Transport:
    """The transport that sends through ``http_client`` (see the module docstring)."""
    requests_module = sys.modules.get("requests")
    if requests_module is not None and isinstance(http_client, requests_module.Session):
        from .requests_transport import RequestsTransport

        return RequestsTransport(session=http_client)
    urllib3_module = sys.modules.get("urllib3")
    if urllib3_module is not None and isinstance(http_client, urllib3_module.PoolManager):
        from .urllib3_transport import Urllib3Transport

        return Urllib3Transport(pool_manager=http_client)
    if callable(getattr(http_client, "send", None)) and callable(getattr(http_client, "close", None)):
        module = type(http_client).__module__.split(".")[0]
        if module in ("httpx", "httpx2", "openai"):
            kind = f"{type(http_client).__module__}.{type(http_client).__name__}"
            raise TypeError(f"http_client is an {kind}: {_HTTPX_ADVICE}")
        return http_client  # type: ignore[no-any-return]  # a Transport of the caller's own
    raise TypeError(
        f"http_client must be a requests.Session, a urllib3.PoolManager or a Transport, got "
        f"{type(http_client).__module__}.{type(http_client).__name__}"
    )
