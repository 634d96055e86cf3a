"""The Responses API over a WebSocket (``client.responses.connect()``, and the beta's
``client.beta.responses.connect()``): one socket to ``{base_url}/responses`` on which
``response.create`` events start responses whose stream events come back typed
(``types.responses_ws_events``), and ``response.steer`` queues input for a running one.

    with client.responses.connect() as connection:
        connection.response.create(model="gpt-5", input="Hello")
        for event in connection:
            if event.type == "response.completed":
                break

The arguments are those of ``resources.realtime.connect`` (see its module docstring), in
openai-python's order; ``extra_query`` may be given by position.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ..realtime.options import DEFAULT_OPEN_TIMEOUT, DEFAULT_PING_INTERVAL
from ..realtime.recovery import DEFAULT_MAX_QUEUE_SIZE, OnReconnecting
from ._params import SessionLike

if TYPE_CHECKING:
    from ..realtime.apis import BetaResponsesConnection, ResponsesConnection
    from ..realtime.manager import ConnectionManager

__all__ = ["connect", "connect_beta"]

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
    max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    *,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: _Options = None,
) -> ConnectionManager[ResponsesConnection]:
    """A persistent Responses WebSocket: send ``response.create`` (``connection.response.create``)
    and ``response.steer`` events, receive the responses' stream events."""
    from ..realtime.apis import ResponsesConnection
    from ..realtime.manager import open_manager

    return open_manager(
        ResponsesConnection, session._session, "responses", extra_query=extra_query, extra_headers=extra_headers,
        websocket_connection_options=websocket_connection_options, on_reconnecting=on_reconnecting,
        max_retries=max_retries, initial_delay=initial_delay, max_delay=max_delay, max_queue_size=max_queue_size,
        proxy=proxy, ca_certs=ca_certs, ssl_context=ssl_context, ping_interval=ping_interval,
        open_timeout=open_timeout, websocket_options=websocket_options,
    )


def connect_beta(  # noqa: PLR0917 - openai-python takes these by position too
    session: SessionLike,
    /,
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
) -> ConnectionManager[BetaResponsesConnection]:
    """``client.beta.responses.connect()``: the same socket, with the beta's ``multi_agent``
    parameter of ``response.create``, ``response.inject`` and the injection events."""
    from ..realtime.apis import BetaResponsesConnection
    from ..realtime.manager import open_manager

    return open_manager(
        BetaResponsesConnection, session._session, "responses", extra_query=extra_query,
        extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
        on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
        max_delay=max_delay, max_queue_size=max_queue_size, proxy=proxy, ca_certs=ca_certs,
        ssl_context=ssl_context, ping_interval=ping_interval, open_timeout=open_timeout,
        websocket_options=websocket_options,
    )
