"""How to open the sockets of a connection: this library's own arguments of ``connect`` (``proxy``,
``ca_certs``, ``ssl_context``, ``ping_interval``, ``open_timeout``, ``websocket_options``) and
openai-python's ``websocket_connection_options``, which name options of the ``websockets`` package
(https://websockets.readthedocs.io/en/stable/reference/sync/client.html). Each of those is mapped
onto websocket-client here; one that cannot be honoured raises a ``ValueError`` that says so, and
an unknown one a ``TypeError``, rather than being dropped unseen.

When both name the same setting, ``websocket_connection_options`` wins (it was given on purpose; the
keyword arguments have defaults).
"""

from __future__ import annotations

import dataclasses
import ssl
from typing import Any, Dict, Mapping, Optional

from .handshake import proxy_options

__all__ = ["DEFAULT_CLOSE_TIMEOUT", "DEFAULT_OPEN_TIMEOUT", "DEFAULT_PING_INTERVAL", "SocketOptions", "socket_options"]

DEFAULT_PING_INTERVAL = 20.0  # seconds, as the websockets package (openai-python's) defaults to
DEFAULT_OPEN_TIMEOUT = 10.0  # seconds for each wait while connecting: TCP, proxy, TLS, handshake
DEFAULT_CLOSE_TIMEOUT = 3.0  # seconds close() waits for the server's close frame

# The keys of websocket_connection_options that mean something here.
_KNOWN = frozenset({
    "subprotocols", "compression", "extensions", "max_size", "max_queue", "write_limit", "open_timeout",
    "ping_interval", "close_timeout", "ssl", "server_hostname", "origin", "proxy", "additional_headers",
    "user_agent_header",
})


@dataclasses.dataclass(frozen=True)
class SocketOptions:
    """Everything ``endpoint.open_channel`` needs besides the URL and the credentials."""

    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL
    close_timeout: float = DEFAULT_CLOSE_TIMEOUT
    max_size: Optional[int] = None
    sslopt: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    native: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # websocket-client connect() keywords
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)  # before extra_headers


def socket_options(
    connection_options: Optional[Mapping[str, Any]] = None,
    *,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: Optional[Mapping[str, Any]] = None,
) -> SocketOptions:
    """Check and combine the socket settings of one ``connect`` call (before any socket opens)."""
    given = dict(connection_options or {})
    unknown = sorted(set(given) - _KNOWN)
    if unknown:
        raise TypeError(
            f"websocket_connection_options: {', '.join(map(repr, unknown))} cannot be used with this library's "
            f"WebSocket client (websocket-client); supported: {', '.join(sorted(_KNOWN))}. websocket-client's own "
            "connect() options go in websocket_options=."
        )
    _check_unsupported(given)
    ping_interval = given.get("ping_interval", ping_interval)
    open_timeout = given.get("open_timeout", open_timeout)
    close_timeout = given.get("close_timeout", DEFAULT_CLOSE_TIMEOUT)
    _check_seconds("ping_interval", ping_interval, positive=True)
    _check_seconds("open_timeout", open_timeout, positive=True)
    _check_seconds("close_timeout", close_timeout, allow_none=False)
    max_size = given.get("max_size")
    if max_size is not None and (isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 0):
        raise ValueError(f"max_size must be a number of bytes >= 0, or None for no limit, not {max_size!r}")
    sslopt: Dict[str, Any] = {}
    if ca_certs is not None:
        sslopt["ca_certs"] = ca_certs
    context = given.get("ssl", ssl_context)
    if context is not None:
        sslopt["context"] = context
    if given.get("server_hostname"):
        sslopt["server_hostname"] = given["server_hostname"]
    native: Dict[str, Any] = {**_proxy(given.get("proxy", proxy if proxy is not None else True))}
    if given.get("subprotocols"):
        native["subprotocols"] = list(given["subprotocols"])
    if given.get("origin"):
        native.update(origin=given["origin"], suppress_origin=False)
    native.update(websocket_options or {})
    headers = dict(given.get("additional_headers") or {})
    if given.get("user_agent_header"):
        headers["User-Agent"] = given["user_agent_header"]
    return SocketOptions(
        open_timeout=open_timeout, ping_interval=ping_interval, close_timeout=close_timeout, max_size=max_size,
        sslopt=sslopt, native=native, headers=headers,
    )


def _check_unsupported(given: Mapping[str, Any]) -> None:
    if given.get("compression") is not None:
        raise ValueError(
            "websocket_connection_options: compression is not available (websocket-client does not implement "
            "permessage-deflate); leave it out or set it to None. Messages then go uncompressed, which every "
            "server accepts."
        )
    if given.get("extensions"):
        raise ValueError(
            "websocket_connection_options: extensions are objects of the websockets package and cannot run on "
            "websocket-client; leave them out."
        )


def _proxy(value: Any) -> Dict[str, Any]:
    """websockets' ``proxy``: ``True`` reads the environment, ``None`` (or ``False``) means none."""
    if value is True:
        return {}
    if value is None or value is False:
        # websocket-client reads no_proxy only beside a proxy host: name a placeholder that "*" then
        # exempts every host from (it is never connected to), so the environment's proxy is not used.
        return {"http_proxy_host": "no-proxy.invalid", "http_proxy_port": 1, "http_no_proxy": ["*"]}
    if isinstance(value, str):
        return proxy_options(value)
    raise TypeError(f"proxy must be a proxy URL, True (from the environment) or None (no proxy), not {value!r}")


def _check_seconds(name: str, value: Any, *, positive: bool = False, allow_none: bool = True) -> None:
    if value is None and allow_none:
        return
    ok = not isinstance(value, bool) and isinstance(value, (int, float)) and (value > 0 if positive else value >= 0)
    if not ok:
        kind = "a positive number of seconds" if positive else "a number of seconds >= 0"
        raise ValueError(f"{name} must be {kind}{', or None' if allow_none else ''}, not {value!r}")
