"""The Realtime API over a WebSocket (https://platform.openai.com/docs/guides/realtime-websocket):
``connect`` (``client.realtime.connect``), ``connect_translations``
(``client.realtime.translations.connect``) and ``connect_beta`` (``client.beta.realtime.connect``).

Each returns a manager that opens the connection when entered (``with ... as connection``), as in
openai-python. The URL is ``websocket_base_url`` or ``base_url`` (``http`` -> ``ws``, ``https`` ->
``wss``) plus ``realtime`` (an Azure session builds Azure's); the handshake carries fresh
credentials, the client's default headers (User-Agent, organization, project, ``default_headers``)
and then ``extra_headers``.

Common arguments (the ``connect`` methods of ``resources/responses_connect.py`` and
``resources/live_connect.py`` take them too):

- ``on_reconnecting``: turns automatic reconnection on (as in openai-python, there is none without
  it): after a close worth retrying (1001, 1005, 1006, 1011, 1012, 1013, 1015) it is called with a
  ``ReconnectingEvent`` before each of ``max_retries`` attempts, waiting ``initial_delay`` doubled
  per attempt up to ``max_delay`` (with jitter); it may return ``{"abort": True}`` or new
  ``extra_query``/``extra_headers``.
- ``max_queue_size``: bytes of events held while no socket is open (before entering, during a
  reconnect); beyond it ``WebSocketQueueFullError``.
- ``websocket_connection_options``: openai-python's options of the ``websockets`` package, mapped
  onto websocket-client (``types.websocket_connection_options``).
- This library's own: ``proxy``, ``ca_certs``, ``ssl_context``, ``ping_interval`` (keep-alive pings,
  ``None``: none), ``open_timeout`` (each wait while connecting) and ``websocket_options``
  (websocket-client's ``connect`` keywords as they are).
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ..realtime.options import DEFAULT_OPEN_TIMEOUT, DEFAULT_PING_INTERVAL
from ..realtime.recovery import DEFAULT_MAX_QUEUE_SIZE, OnReconnecting
from ._params import SessionLike

if TYPE_CHECKING:
    from ..realtime.apis import BetaRealtimeConnection, RealtimeConnection, TranslationsConnection
    from ..realtime.manager import ConnectionManager

__all__ = ["connect", "connect_beta", "connect_translations"]

_Options = Optional[Mapping[str, Any]]


def connect(
    session: SessionLike,
    /,
    *,
    call_id: Optional[str] = None,
    model: Optional[str] = None,
    extra_query: _Options = None,
    extra_headers: _Options = None,
    websocket_connection_options: _Options = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[RealtimeConnection]:
    """A Realtime session (``GET {base_url}/realtime?model=...`` upgraded to a WebSocket);
    ``call_id`` attaches to a SIP/WebRTC call instead. A reconnect gives the new server session the
    ``session.update`` configuration sent so far. See the module docstring for the other arguments."""
    from ..realtime.apis import RealtimeConnection
    from ..realtime.manager import open_manager

    if not model and not call_id:
        raise ValueError("connect() needs a `model` (or the `call_id` of a call to attach to)")
    query = {"model": model} if model else {}
    extra = {**(extra_query or {}), **({"call_id": call_id} if call_id else {})}
    return open_manager(
        RealtimeConnection, session._session, "realtime", query=query, extra_query=extra,
        extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
        on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
        max_delay=max_delay, max_queue_size=max_queue_size, proxy=proxy, ca_certs=ca_certs,
        ssl_context=ssl_context, ping_interval=ping_interval, open_timeout=open_timeout,
        websocket_options=websocket_options,
    )


def connect_translations(  # noqa: PLR0917 - openai-python takes these by position too
    session: SessionLike,
    /,
    model: str,
    extra_query: _Options = None,
    extra_headers: _Options = None,
    websocket_connection_options: _Options = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    *,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[TranslationsConnection]:
    """A Realtime translation session (``{base_url}/realtime/translations?model=...``)."""
    from ..realtime.apis import TranslationsConnection
    from ..realtime.manager import open_manager

    if not model:
        raise ValueError("A translation model is required (model=...)")
    if "intent" in (extra_query or {}) or "intent" in session._session.default_query:
        raise ValueError("Realtime translation does not accept an `intent` query parameter")
    return open_manager(
        TranslationsConnection, session._session, "realtime/translations", query={"model": model},
        extra_query=extra_query, extra_headers=extra_headers,
        websocket_connection_options=websocket_connection_options, on_reconnecting=on_reconnecting,
        max_retries=max_retries, initial_delay=initial_delay, max_delay=max_delay, max_queue_size=max_queue_size,
        proxy=proxy, ca_certs=ca_certs, ssl_context=ssl_context, ping_interval=ping_interval,
        open_timeout=open_timeout, websocket_options=websocket_options,
    )


def connect_beta(
    session: SessionLike,
    /,
    *,
    model: str,
    extra_query: _Options = None,
    extra_headers: _Options = None,
    websocket_connection_options: _Options = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[BetaRealtimeConnection]:
    """A session of the beta Realtime interface (``OpenAI-Beta: realtime=v1``; its events are
    ``types.realtime_beta_events``). openai-python gives it neither reconnection nor a send queue;
    here it has both, as the GA connection (its arguments are accepted, with the same defaults).
    An ``http://`` base URL connects with ``ws://`` (openai-python always uses ``wss://`` here)."""
    from ..realtime.apis import BetaRealtimeConnection
    from ..realtime.manager import open_manager

    if not model:
        raise ValueError("connect() needs a `model`")
    return open_manager(
        BetaRealtimeConnection, session._session, "realtime", query={"model": model},
        headers={"OpenAI-Beta": "realtime=v1"}, extra_query=extra_query, extra_headers=extra_headers,
        websocket_connection_options=websocket_connection_options, on_reconnecting=on_reconnecting,
        max_retries=max_retries, initial_delay=initial_delay, max_delay=max_delay, max_queue_size=max_queue_size,
        proxy=proxy, ca_certs=ca_certs, ssl_context=ssl_context, ping_interval=ping_interval,
        open_timeout=open_timeout, websocket_options=websocket_options,
    )
