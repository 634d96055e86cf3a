"""What every ``connect()`` returns, as in openai-python: a manager that opens the connection when
entered (``with client.realtime.connect(...) as connection``, or ``.enter()`` and a ``close()`` of
your own), and closes it on exit. Before that, ``send`` queues events (they go first once the
socket is open) and ``on``/``once`` register handlers for the connection.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Generic, Mapping, Optional, TypeVar, Union

import msgspec

from .._core.session import Session
from ..types._codec import decode_untyped, encode_json
from .connection import WebSocketConnection
from .endpoint import Endpoint
from .handlers import EventHandlers, HandlerMethods
from .handshake import check_websocket_url
from .options import DEFAULT_OPEN_TIMEOUT, DEFAULT_PING_INTERVAL, socket_options
from .recovery import DEFAULT_MAX_QUEUE_SIZE, OnReconnecting, ReconnectPolicy, SendQueue, SessionMemory

__all__ = ["ConnectionManager", "open_manager"]

C = TypeVar("C", bound="WebSocketConnection[Any]")


class ConnectionManager(HandlerMethods, Generic[C]):
    """Opens a ``connection_class`` connection to ``endpoint`` when entered; not thread-safe
    itself (the connection it gives is)."""

    def __init__(
        self,
        connection_class: type[C],
        endpoint: Endpoint,
        *,
        policy: ReconnectPolicy,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self._connection_class = connection_class
        self._endpoint = endpoint
        self._policy = policy
        self._queue = SendQueue(max_queue_size)
        self._memory = SessionMemory(connection_class.restored_events)
        self._handlers = EventHandlers()
        self._extra_query = dict(extra_query or {})
        self._extra_headers = dict(extra_headers or {})
        self._connection: Optional[C] = None

    @property
    def url(self) -> str:
        """The URL the connection opens (before any redirect)."""
        return self._endpoint.url(self._extra_query)

    def send(self, event: Union[Mapping[str, Any], msgspec.Struct]) -> None:
        """Queue an event to send as soon as the connection opens (``WebSocketQueueFullError`` if
        it does not fit in ``max_queue_size`` bytes)."""
        text = encode_json(event).decode("utf-8")
        self._queue.put(text)
        kind = event.get("type") if isinstance(event, Mapping) else getattr(event, "type", None)
        if kind in self._memory.event_types:
            self._memory.note(decode_untyped(text))

    def enter(self) -> C:
        """Open the connection (what ``with`` does); close it yourself with ``connection.close()``.

        A refused handshake raises the status error (``AuthenticationError`` for 401,
        ``NotFoundError`` for 404, ...) with the body; a network failure ``APIConnectionError``.
        """
        channel = self._endpoint.open_channel(self._extra_query, self._extra_headers)
        try:
            connection = self._connection_class(
                self._endpoint, channel, policy=self._policy, queue=self._queue, memory=self._memory,
                extra_query=self._extra_query, extra_headers=self._extra_headers,
            )
            self._handlers.move_into(connection._handlers)
            connection._start()
        except BaseException:  # KeyboardInterrupt included: the socket must not outlive the failure
            channel.close(timeout=0.5)
            raise
        self._connection = connection
        return connection

    __enter__ = enter

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        if self._connection is None:
            return
        try:
            self._connection.close()
        except Exception:
            if exc is None:
                raise  # else keep the exception that ended the block

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._connection_class.__name__} {self.url}>"


def open_manager(
    connection_class: type[C],
    session: Session,
    path: str,
    *,
    query: Optional[Mapping[str, Any]] = None,
    headers: Optional[Mapping[str, str]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    websocket_connection_options: Optional[Mapping[str, Any]] = None,
    on_reconnecting: Optional[OnReconnecting] = None,
    max_retries: int = 5,
    initial_delay: float = 0.5,
    max_delay: float = 8.0,
    max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    proxy: Optional[str] = None,
    ca_certs: Optional[str] = None,
    ssl_context: Any = None,
    ping_interval: Optional[float] = DEFAULT_PING_INTERVAL,
    open_timeout: Optional[float] = DEFAULT_OPEN_TIMEOUT,
    websocket_options: Optional[Mapping[str, Any]] = None,
) -> ConnectionManager[C]:
    """The manager a ``connect()`` method returns, every argument checked before any socket opens."""
    if on_reconnecting is not None and not callable(on_reconnecting):
        raise TypeError(f"on_reconnecting must be a callable taking a ReconnectingEvent, not {on_reconnecting!r}")
    options = socket_options(
        websocket_connection_options, proxy=proxy, ca_certs=ca_certs, ssl_context=ssl_context,
        ping_interval=ping_interval, open_timeout=open_timeout, websocket_options=websocket_options,
    )
    policy = ReconnectPolicy(on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
                             max_delay=max_delay)
    endpoint = Endpoint(session, path, dict(query or {}), dict(headers or {}), options)
    check_websocket_url(endpoint.url(extra_query))  # a bad base URL fails here, not when entered
    return ConnectionManager(connection_class, endpoint, policy=policy, max_queue_size=max_queue_size,
                             extra_query=extra_query, extra_headers=extra_headers)
