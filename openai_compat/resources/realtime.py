"""The Realtime API over a WebSocket (https://platform.openai.com/docs/guides/realtime-websocket):
``connect`` opens a blocking session.

The URL comes from the session (``Session.realtime_url``: ``base_url`` with ``http``->``ws`` and
``https``->``wss``, then ``realtime?model=...``; an Azure session builds Azure's),
and so do the credential headers (``Session.auth_headers``, fresh per connection). Like
openai-python, the handshake carries the client's default headers (User-Agent, organization,
project, ``default_headers``) and then ``extra_headers``.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple

from .._core.headers import build_headers
from .._core.logs import logger
from .._core.session import Session
from .._http.transport import Request
from ..realtime.connection import RealtimeConnection
from ..realtime.handshake import open_websocket, proxy_options
from ._params import SessionLike

if TYPE_CHECKING:
    import websocket

__all__ = ["connect"]

DEFAULT_PING_INTERVAL = 20.0  # seconds, as the websockets package (openai-python's) defaults to
DEFAULT_OPEN_TIMEOUT = 10.0  # seconds for each wait while connecting: TCP, proxy, TLS, handshake


def connect(
    session: SessionLike,
    /,
    *,
    model: Optional[str] = None,
    call_id: Optional[str] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: Optional[Mapping[str, Any]] = None,
) -> RealtimeConnection:
    """Open a Realtime session (``GET {base_url}/realtime?model=...`` upgraded to a WebSocket).

    ``call_id`` attaches to a SIP/WebRTC call instead of a new session. ``proxy`` is a proxy URL
    (``http://user:pass@host:port``); without it websocket-client uses ``https_proxy`` (wss) or
    ``http_proxy`` (ws) and ``no_proxy`` from the environment. ``ca_certs`` (a PEM file) or
    ``ssl_context`` replace the system trust store. ``ping_interval`` seconds between keep-alive
    pings (``None``: no pings). ``websocket_options`` go to websocket-client's ``connect`` as they are
    (``sockopt``, ``subprotocols``, ``http_proxy_timeout``, ...).

    A refused handshake raises the status error (``AuthenticationError`` for 401, ``NotFoundError``
    for 404, ...), with the body when the server sent one; a network failure ``APIConnectionError``.
    """
    if not model and not call_id:
        raise ValueError("connect() needs a `model` (or the `call_id` of a call to attach to)")
    if ping_interval is not None and ping_interval <= 0:  # checked before a socket is opened
        raise ValueError("ping_interval must be a positive number of seconds, or None")
    query: Dict[str, Any] = {"model": model} if model else {}
    query.update(extra_query or {})
    if call_id:
        query["call_id"] = call_id
    url = session._session.realtime_url(query)
    sslopt: Dict[str, Any] = {}
    if ca_certs is not None:
        sslopt["ca_certs"] = ca_certs
    if ssl_context is not None:
        sslopt["context"] = ssl_context
    options = {**proxy_options(proxy), **(websocket_options or {})}

    def open_once() -> Tuple[websocket.WebSocket, str, Request]:
        # Called again by ``RealtimeConnection.reconnect``: the credentials are fetched each time.
        headers = _handshake_headers(session._session, extra_headers)
        logger.debug("Realtime connect %s", url)
        ws, final_url = open_websocket(url, headers, open_timeout=open_timeout, sslopt=sslopt, options=options)
        ws.settimeout(None)  # reads wait for events; recv(timeout=...) bounds a single wait
        return ws, final_url, Request("GET", final_url, headers=headers)  # the request redacts errors

    ws, final_url, request = open_once()
    return RealtimeConnection(ws, url=final_url, request=request, ping_interval=ping_interval, reopen=open_once)


def _handshake_headers(session: Session, extra_headers: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    user_layers = (session.default_headers, extra_headers)
    headers = build_headers(
        session.auth_headers(),
        organization=session.organization,
        project=session.project,
        layers=user_layers,
        content_type=None,
    )
    if not any(name.lower() == "accept" for layer in user_layers if layer for name in layer):
        headers.pop("Accept", None)  # ours is for JSON bodies; a handshake has none
    return headers
