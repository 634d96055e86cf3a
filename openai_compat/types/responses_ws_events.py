"""Server events of the Responses API over a WebSocket (``client.responses.connect``): the stream
events of ``POST /responses`` (``responses_events``), the steering events, and an ``error`` event
whose details sit under ``error``. ``client.beta.responses.connect`` adds the injection events.

Every event over the socket may carry ``stream_id`` (when the ``response.create`` that started it
gave one): declared on the classes here, and kept as an attribute (``event.stream_id``) on the
stream event classes, which do not declare it. An unknown ``type`` decodes to ``UnknownEvent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._event_base import UnknownEvent
from ._open import OpenUnion, by_type
from .responses_events import ResponseStreamEvent

__all__ = [
    "BetaResponseInjectCreatedEvent",
    "BetaResponseInjectFailedEvent",
    "BetaResponsesServerEvent",
    "ResponseSteerAcceptedEvent",
    "ResponseSteerFailedEvent",
    "ResponseSteerPendingEvent",
    "ResponseWsError",
    "ResponseWsErrorError",
    "ResponsesServerEvent",
]


class _WsEvent(APIObject):
    type: str = ""
    sequence_number: int = 0
    stream_id: Optional[str] = None


class ResponseWsErrorError(APIObject):
    """What went wrong: ``type``, ``code``, ``message``, ``param``."""

    type: str = ""
    message: str = ""
    code: Optional[str] = None
    param: Optional[str] = None
    headers: Optional[Dict[str, str]] = None
    misalignment: Optional[Dict[str, Any]] = None


class ResponseWsError(APIObject):
    """An ``error`` event; ``status`` is the HTTP status the same failure would have had."""

    type: str = "error"
    error: ResponseWsErrorError = msgspec.field(default_factory=ResponseWsErrorError)
    sequence_number: Optional[int] = None
    status: Optional[int] = None
    stream_id: Optional[str] = None


class ResponseSteerAcceptedEvent(_WsEvent):
    """The server holds the steering input (``response.steer``); not yet applied."""

    type: str = "response.steer.accepted"
    steer: Dict[str, Any] = msgspec.field(default_factory=dict)


class ResponseSteerPendingEvent(_WsEvent):
    """Accepted steering input waits for client-owned input (tool outputs, approvals): answer the
    ``required_input`` stubs in a ``response.create``."""

    type: str = "response.steer.pending"
    reason: str = ""
    required_input: List[Dict[str, Any]] = msgspec.field(default_factory=list)
    steer: Dict[str, Any] = msgspec.field(default_factory=dict)


class ResponseSteerFailedEvent(_WsEvent):
    """Steering input that could not be committed, returned with the reason."""

    type: str = "response.steer.failed"
    error: Dict[str, Any] = msgspec.field(default_factory=dict)
    steer: Dict[str, Any] = msgspec.field(default_factory=dict)


class BetaResponseInjectCreatedEvent(_WsEvent):
    """Injected input items (``response.inject``) were committed to ``response_id``."""

    type: str = "response.inject.created"
    response_id: str = ""


class BetaResponseInjectFailedEvent(_WsEvent):
    """Injected input items were refused; ``input`` holds them."""

    type: str = "response.inject.failed"
    response_id: str = ""
    error: Dict[str, Any] = msgspec.field(default_factory=dict)
    input: List[Dict[str, Any]] = msgspec.field(default_factory=list)


# The stream's own ``error`` event has its fields at the top; over the socket they are under ``error``.
_STREAM_EVENTS = {
    kind: cls for kind, cls in getattr(ResponseStreamEvent, "members").items() if kind != "error"  # noqa: B009
}  # (getattr: to mypy, ResponseStreamEvent is a Union)
_MEMBERS = {
    **_STREAM_EVENTS,
    **by_type((ResponseWsError, ResponseSteerAcceptedEvent, ResponseSteerFailedEvent, ResponseSteerPendingEvent)),
}
_BETA_MEMBERS = {**_MEMBERS, **by_type((BetaResponseInjectCreatedEvent, BetaResponseInjectFailedEvent))}

if TYPE_CHECKING:
    ResponsesServerEvent = Union[
        ResponseStreamEvent,
        ResponseSteerAcceptedEvent,
        ResponseSteerFailedEvent,
        ResponseSteerPendingEvent,
        ResponseWsError,
    ]
    BetaResponsesServerEvent = Union[
        ResponsesServerEvent, BetaResponseInjectCreatedEvent, BetaResponseInjectFailedEvent
    ]
else:

    class ResponsesServerEvent(OpenUnion):
        """A Responses WebSocket event: decoded by ``type``, ``UnknownEvent`` for the others."""

        members = _MEMBERS
        unknown = UnknownEvent

    class BetaResponsesServerEvent(OpenUnion):
        """A beta Responses WebSocket event (with the injection events)."""

        members = _BETA_MEMBERS
        unknown = UnknownEvent
