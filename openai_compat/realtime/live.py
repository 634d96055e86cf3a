"""Live sessions over a WebSocket: ``client.live.connect()`` (a new session),
``client.live.forks.connect(session_id=...)`` (a fork of one) and
``client.live.sideband.connect(session_id=...)`` (an observer of a call's session, which may also
steer it and send DTMF). They share the events of ``types.live_events`` and most helpers:
``connection.session.update/close(...)`` (``start`` on a new session or a fork),
``session.input_audio.append/mute/unmute``, ``session.instructions/thinking/commentary.append``,
``session.output_audio.fixture.play``, ``decision.create``, ``decision.item.create/delete``,
``response.create``, ``response.item.create`` and, on a sideband, ``transport.dtmf.send``.
"""

from __future__ import annotations

from typing import Any, Optional

import msgspec

from ..types.live_events import LiveServerEvent
from .connection import WebSocketConnection
from .namespaces import EventSender, event

__all__ = ["ForksConnection", "LiveConnection", "SidebandConnection"]

UNSET: Any = msgspec.UNSET
_Id = Optional[str]


class _Resource:
    def __init__(self, connection: EventSender) -> None:
        self._connection = connection


class _AppendResource(_Resource):
    kind = ""

    def append(self, *, content: str, delegation_id: Optional[str], event_id: _Id = UNSET) -> None:
        """Append text to the session's context at the current point of the conversation."""
        self._connection.send(event(self.kind, content=content, delegation_id=delegation_id, event_id=event_id))


class InstructionsResource(_AppendResource):
    kind = "session.instructions.append"


class ThinkingResource(_AppendResource):
    kind = "session.thinking.append"


class CommentaryResource(_AppendResource):
    kind = "session.commentary.append"


class InputAudioResource(_Resource):
    def append(self, *, audio: str, event_id: _Id = UNSET) -> None:
        """Send base64 input audio (``session.input_audio.append``)."""
        self._connection.send(event("session.input_audio.append", audio=audio, event_id=event_id))

    def mute(self, *, event_id: _Id = UNSET) -> None:
        self._connection.send(event("session.input_audio.mute", event_id=event_id))

    def unmute(self, *, event_id: _Id = UNSET) -> None:
        self._connection.send(event("session.input_audio.unmute", event_id=event_id))


class SidebandInputAudioResource(_Resource):
    """A sideband observer may mute the caller's audio, not send its own."""

    mute = InputAudioResource.mute
    unmute = InputAudioResource.unmute


class FixtureResource(_Resource):
    def play(self, *, audio: str, event_id: _Id = UNSET) -> None:
        """Play base64 audio to the caller (``session.output_audio.fixture.play``)."""
        self._connection.send(event("session.output_audio.fixture.play", audio=audio, event_id=event_id))


class OutputAudioResource(_Resource):
    def __init__(self, connection: EventSender) -> None:
        super().__init__(connection)
        self.fixture = FixtureResource(connection)


class SessionResource(_Resource):
    def __init__(self, connection: EventSender, *, observer: bool = False) -> None:
        super().__init__(connection)
        self.commentary = CommentaryResource(connection)
        self.input_audio = SidebandInputAudioResource(connection) if observer else InputAudioResource(connection)
        self.instructions = InstructionsResource(connection)
        self.output_audio = OutputAudioResource(connection)
        self.thinking = ThinkingResource(connection)

    def update(self, *, session: Any, event_id: _Id = UNSET) -> None:
        self._connection.send(event("session.update", session=session, event_id=event_id))

    def close(self, *, event_id: _Id = UNSET) -> None:
        """End the session (``session.closed`` follows)."""
        self._connection.send(event("session.close", event_id=event_id))


class StartableSessionResource(SessionResource):
    def start(self, *, session: Any, event_id: _Id = UNSET) -> None:
        """Configure and start the session (``session.start``); ``session.started`` follows."""
        self._connection.send(event("session.start", session=session, event_id=event_id))


class DecisionItemResource(_Resource):
    def create(self, *, item: Any, event_id: _Id = UNSET) -> None:
        self._connection.send(event("decision.item.create", item=item, event_id=event_id))

    def delete(self, *, item_id: str, event_id: _Id = UNSET) -> None:
        self._connection.send(event("decision.item.delete", item_id=item_id, event_id=event_id))


class DecisionResource(_Resource):
    def __init__(self, connection: EventSender) -> None:
        super().__init__(connection)
        self.item = DecisionItemResource(connection)

    def create(self, *, event_id: str) -> None:
        """Ask the session's model for a decision (``decision.create``)."""
        self._connection.send(event("decision.create", event_id=event_id))


class ResponseItemResource(_Resource):
    def create(self, *, item: Any, event_id: _Id = UNSET) -> None:
        self._connection.send(event("response.item.create", item=item, event_id=event_id))


class ResponseResource(_Resource):
    def __init__(self, connection: EventSender) -> None:
        super().__init__(connection)
        self.item = ResponseItemResource(connection)

    def create(self, *, event_id: _Id = UNSET) -> None:
        self._connection.send(event("response.create", event_id=event_id))


class DtmfResource(_Resource):
    def send(self, *, event: str, event_id: _Id = UNSET) -> None:
        """Send a DTMF key (``"1"``, ``"#"``...) on the call (``transport.dtmf.send``)."""
        self._connection.send({"type": "transport.dtmf.send", "event": event,
                               **({} if event_id is UNSET else {"event_id": event_id})})


class TransportResource(_Resource):
    def __init__(self, connection: EventSender) -> None:
        super().__init__(connection)
        self.dtmf = DtmfResource(connection)


class LiveConnection(WebSocketConnection["LiveServerEvent"]):
    """A new Live session (``client.live.connect()``); start it with ``session.start(session=...)``."""

    event_type = LiveServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session: SessionResource = StartableSessionResource(self)
        self.decision = DecisionResource(self)
        self.response = ResponseResource(self)


class ForksConnection(LiveConnection):
    """A fork of a Live session (``client.live.forks.connect(session_id=...)``)."""


class SidebandConnection(WebSocketConnection["LiveServerEvent"]):
    """An observer of a Live session (``client.live.sideband.connect(session_id=...)``)."""

    event_type = LiveServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = SessionResource(self, observer=True)
        self.decision = DecisionResource(self)
        self.response = ResponseResource(self)
        self.transport = TransportResource(self)
