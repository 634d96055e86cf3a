"""``websocket_connection_options`` of the ``connect`` methods: openai-python's names for the options
of the ``websockets`` package, which this library maps onto websocket-client (its WebSocket
library). See ``realtime/options.py`` for what each one does here.
"""

from __future__ import annotations

import ssl
from typing import Any, Mapping, Optional, Sequence, Tuple, TypedDict, Union

__all__ = ["SyncWebSocketConnectionOptions", "WebSocketConnectionOptions", "WebsocketConnectionOptions"]


class SyncWebSocketConnectionOptions(TypedDict, total=False):
    """The options openai-python declares, and the other ``websockets`` options that map here."""

    subprotocols: Optional[Sequence[str]]
    """Subprotocols to offer, in order of preference (``Sec-WebSocket-Protocol``)."""

    compression: Optional[str]
    """``None`` only: websocket-client has no permessage-deflate, so "deflate" is refused."""

    extensions: Optional[Sequence[Any]]
    """``websockets`` extension factories cannot run on websocket-client: ``None`` or empty only."""

    max_size: Optional[int]
    """Largest incoming message in bytes; a larger one closes the connection with 1009.
    ``None`` (the default, as in openai-python): no limit."""

    max_queue: Union[int, Tuple[Optional[int], Optional[int]], None]
    """Accepted for compatibility, with no effect: frames are read when you ask for an event, so no
    receive buffer fills up behind your back."""

    open_timeout: Optional[float]
    """Seconds for each wait while connecting (``connect(open_timeout=...)``)."""

    ping_interval: Optional[float]
    """Seconds between keep-alive pings; ``None``: none (``connect(ping_interval=...)``)."""

    close_timeout: Optional[float]
    """Seconds ``close()`` waits for the server's close frame (3 by default)."""

    ssl: ssl.SSLContext
    """The TLS context for ``wss://`` (``connect(ssl_context=...)``)."""

    server_hostname: str
    """The host name TLS checks the certificate against, when it is not the URL's."""

    origin: str
    """An ``Origin`` header (none is sent by default)."""

    proxy: Union[str, bool, None]
    """A proxy URL; ``True`` (the default): from the environment; ``None``: no proxy at all."""

    additional_headers: Mapping[str, str]
    """More handshake headers, sent before ``extra_headers``."""

    user_agent_header: Optional[str]
    """Replaces the ``User-Agent`` header; ``None`` keeps this library's."""


class WebSocketConnectionOptions(SyncWebSocketConnectionOptions, total=False):
    """openai-python's asynchronous variant; ``write_limit`` has no effect on a blocking socket."""

    write_limit: Union[int, Tuple[int, Optional[int]]]


# openai-python keeps this spelling for code written before its rename.
WebsocketConnectionOptions = WebSocketConnectionOptions
