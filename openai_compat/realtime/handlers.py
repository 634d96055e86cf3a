"""Event handlers of the WebSocket connections (``connection.on("response.done", fn)``), as in
openai-python: ``on``/``once`` as a method or a decorator, ``off``, and ``dispatch_events()`` calling
the handlers of each event's ``type``, then those registered for ``"event"`` (every event).
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar, Union, overload

from .._errors import APIError

__all__ = ["EventDispatch", "EventHandlers", "HandlerMethods", "RealtimeAPIError"]

Handler = Callable[..., Any]
H = TypeVar("H", bound=Handler)
S = TypeVar("S", bound="HandlerMethods")


class EventHandlers:
    """Handlers by event type, in the order added; thread-safe."""

    def __init__(self) -> None:
        self._handlers: Dict[str, List[Tuple[Handler, bool]]] = {}
        self._lock = threading.Lock()

    def add(self, event_type: str, handler: Handler, *, once: bool = False) -> None:
        if not callable(handler):
            raise TypeError(f"An event handler must be callable, not {type(handler).__name__}")
        with self._lock:
            self._handlers.setdefault(event_type, []).append((handler, once))

    def remove(self, event_type: str, handler: Handler) -> None:
        """Remove the first registration of ``handler`` for ``event_type`` (none: nothing happens)."""
        with self._lock:
            registered = self._handlers.get(event_type, [])
            for index, (candidate, _) in enumerate(registered):
                if candidate == handler:
                    del registered[index]
                    return

    def take(self, event_type: str) -> List[Handler]:
        """The handlers for one event, dropping the ``once`` ones from the registry."""
        with self._lock:
            registered = self._handlers.get(event_type)
            if not registered:
                return []
            self._handlers[event_type] = [entry for entry in registered if not entry[1]]
            return [handler for handler, _ in registered]

    def move_into(self, target: EventHandlers) -> None:
        """Hand every registration to ``target`` (a manager's handlers go to its connection)."""
        with self._lock:
            for event_type, registered in self._handlers.items():
                for handler, once in registered:
                    target.add(event_type, handler, once=once)
            self._handlers.clear()


class HandlerMethods:
    """``on``, ``once`` and ``off`` over ``self._handlers``."""

    _handlers: EventHandlers

    @overload
    def on(self: S, event_type: str) -> Callable[[H], H]: ...

    @overload
    def on(self: S, event_type: str, handler: Handler) -> S: ...

    def on(self: S, event_type: str, handler: Optional[Handler] = None) -> Union[S, Callable[[H], H]]:
        """Call ``handler(event)`` for every event of ``event_type`` (``"event"``: every event), from
        ``dispatch_events()``. ``connection.on("response.done", fn)`` returns the connection (to
        chain calls); ``@connection.on("response.done")`` decorates a function."""
        return self._register(event_type, handler, once=False)

    @overload
    def once(self: S, event_type: str) -> Callable[[H], H]: ...

    @overload
    def once(self: S, event_type: str, handler: Handler) -> S: ...

    def once(self: S, event_type: str, handler: Optional[Handler] = None) -> Union[S, Callable[[H], H]]:
        """As ``on``, for the next such event only."""
        return self._register(event_type, handler, once=True)

    def off(self: S, event_type: str, handler: Handler) -> S:
        """Remove a handler added with ``on`` or ``once``."""
        self._handlers.remove(event_type, handler)
        return self

    def _register(self: S, event_type: str, handler: Optional[Handler], *, once: bool) -> Union[S, Callable[[H], H]]:
        if handler is not None:
            self._handlers.add(event_type, handler, once=once)
            return self

        def decorator(function: H) -> H:
            self._handlers.add(event_type, function, once=once)
            return function

        return decorator


class RealtimeAPIError(APIError):
    """An ``error`` event, raised by ``raise_for_error`` (or ``dispatch_events``); ``event`` is the
    event, and ``code``, ``param``, ``type`` come from its ``error``."""

    def __init__(self, event: Any) -> None:
        error: Any = getattr(event, "error", None)
        body = error.to_dict() if hasattr(error, "to_dict") else error
        message = getattr(error, "message", None) or str(error)
        super().__init__(f"WebSocket error event: {message}", None, body=body)
        self.event = event


class EventDispatch(HandlerMethods):
    """``dispatch_events`` and ``raise_for_error`` for a connection (which iterates its events)."""

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError  # pragma: no cover - the connection's

    def dispatch_events(self) -> None:
        """Read events until the connection closes, calling the handlers added with ``on``/``once``
        for each (those of its ``type``, then those of ``"event"``). An ``error`` event that no
        handler takes raises ``RealtimeAPIError``, so that no error goes unseen."""
        for event in self:
            kind = getattr(event, "type", None)
            specific = self._handlers.take(kind) if isinstance(kind, str) else []
            generic = self._handlers.take("event")
            if kind == "error" and not specific and not generic:
                raise RealtimeAPIError(event)
            for handler in specific + generic:
                handler(event)

    @staticmethod
    def raise_for_error(event: Any) -> None:
        """Raise ``RealtimeAPIError`` if ``event`` is an ``error`` event; do nothing otherwise."""
        if getattr(event, "type", None) == "error":
            raise RealtimeAPIError(event)
