"""Live sessions over a WebSocket: ``connect`` (``client.live.connect()``, ``{base_url}/live/sessions``),
``connect_fork`` (``client.live.forks.connect(session_id=...)``, ``.../live/sessions/{id}/fork``) and
``connect_sideband`` (``client.live.sideband.connect(session_id=...)``, ``.../live/sessions/{id}/attach``,
``graceful_close`` as a query parameter). Events: ``types.live_events``; helpers: ``realtime/live.py``.

The arguments are those of ``resources.realtime.connect`` (see its module docstring), in
openai-python's order; the send queue holds 2 MiB by default here (openai-python's figure for Live,
whose audio comes in larger chunks).
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

import msgspec

from .._core.urls import path_segment
from ..realtime.options import DEFAULT_OPEN_TIMEOUT, DEFAULT_PING_INTERVAL
from ..realtime.recovery import OnReconnecting
from ._params import SessionLike

if TYPE_CHECKING:
    from ..realtime.live import ForksConnection, LiveConnection, SidebandConnection
    from ..realtime.manager import ConnectionManager

__all__ = ["LIVE_MAX_QUEUE_SIZE", "connect", "connect_fork", "connect_sideband"]

LIVE_MAX_QUEUE_SIZE = 2_097_152  # bytes, as openai-python's Live connections
_Options = Optional[Mapping[str, Any]]


def connect(  # noqa: PLR0917 - openai-python takes these by position too
    session: SessionLike,
    /,
    extra_query: _Options = None,
    extra_headers: _Options = None,
    websocket_connection_options: _Options = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = LIVE_MAX_QUEUE_SIZE,
    *,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[LiveConnection]:
    """A new Live session; start it with ``connection.session.start(session={...})``."""
    from ..realtime.live import LiveConnection
    from ..realtime.manager import open_manager

    return open_manager(
        LiveConnection, session._session, "live/sessions", extra_query=extra_query, extra_headers=extra_headers,
        websocket_connection_options=websocket_connection_options, on_reconnecting=on_reconnecting,
        max_retries=max_retries, initial_delay=initial_delay, max_delay=max_delay, max_queue_size=max_queue_size,
        proxy=proxy, ca_certs=ca_certs, ssl_context=ssl_context, ping_interval=ping_interval,
        open_timeout=open_timeout, websocket_options=websocket_options,
    )


def connect_fork(
    session: SessionLike,
    /,
    *,
    session_id: str,
    extra_query: _Options = None,
    extra_headers: _Options = None,
    websocket_connection_options: _Options = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = LIVE_MAX_QUEUE_SIZE,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[ForksConnection]:
    """A fork of the Live session ``session_id``; start it with ``connection.session.start(...)``."""
    from ..realtime.live import ForksConnection
    from ..realtime.manager import open_manager

    path = f"live/sessions/{path_segment(session_id, 'session_id')}/fork"
    return open_manager(
        ForksConnection, session._session, path, extra_query=extra_query, extra_headers=extra_headers,
        websocket_connection_options=websocket_connection_options, on_reconnecting=on_reconnecting,
        max_retries=max_retries, initial_delay=initial_delay, max_delay=max_delay, max_queue_size=max_queue_size,
        proxy=proxy, ca_certs=ca_certs, ssl_context=ssl_context, ping_interval=ping_interval,
        open_timeout=open_timeout, websocket_options=websocket_options,
    )


def connect_sideband(
    session: SessionLike,
    /,
    *,
    session_id: str,
    graceful_close: Union[bool, msgspec.UnsetType] = msgspec.UNSET,
    extra_query: _Options = None,
    extra_headers: _Options = None,
    websocket_connection_options: _Options = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = LIVE_MAX_QUEUE_SIZE,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[SidebandConnection]:
    """Attach to the Live session ``session_id`` as an observer (a call's sideband);
    ``graceful_close`` (a bool) goes as a query parameter."""
    from ..realtime.live import SidebandConnection
    from ..realtime.manager import open_manager

    path = f"live/sessions/{path_segment(session_id, 'session_id')}/attach"
    query = {} if graceful_close is msgspec.UNSET else {"graceful_close": graceful_close}
    return open_manager(
        SidebandConnection, session._session, path, query=query, extra_query=extra_query,
        extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
        on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
        max_delay=max_delay, max_queue_size=max_queue_size, proxy=proxy, ca_certs=ca_certs,
        ssl_context=ssl_context, ping_interval=ping_interval, open_timeout=open_timeout,
        websocket_options=websocket_options,
    )
