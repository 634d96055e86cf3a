"""Automatic reconnection of the WebSocket APIs (``client.realtime.connect(on_reconnecting=...)`` and
the other ``connect`` methods): what the ``on_reconnecting`` callback receives and may answer.

Names and fields are openai-python's (``openai.types.websocket_reconnection``), so a callback written
for it runs unchanged.
"""

from __future__ import annotations

import dataclasses
from typing import Any, FrozenSet, Mapping, TypedDict

__all__ = ["RECOVERABLE_CLOSE_CODES", "ReconnectingEvent", "ReconnectingOverrides", "is_recoverable_close"]

# Close codes after which a new connection may well succeed (RFC 6455 section 7.4.1,
# https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1): the server going away or restarting, an
# internal error, "try again later", no status, a dropped connection (1006) and a TLS failure. The
# others (1000 normal, 1002 protocol error, 1008 policy, 4xxx application codes...) end the session.
RECOVERABLE_CLOSE_CODES: FrozenSet[int] = frozenset({1001, 1005, 1006, 1011, 1012, 1013, 1015})


def is_recoverable_close(code: int) -> bool:
    """Whether a connection closed with ``code`` is worth opening again."""
    return code in RECOVERABLE_CLOSE_CODES


@dataclasses.dataclass(frozen=True)
class ReconnectingEvent:
    """One reconnection attempt about to be made, as passed to ``on_reconnecting``."""

    attempt: int
    """Which attempt this is, from 1."""

    max_attempts: int
    """How many attempts will be made at most (``max_retries``)."""

    delay: float
    """Seconds the connection waits before this attempt opens a new socket."""

    close_code: int
    """The close code that ended the connection (1006 when it dropped without a close frame)."""

    extra_query: Mapping[str, Any]
    """The query parameters the next handshake adds (``extra_query`` of ``connect``, or an override)."""

    extra_headers: Mapping[str, Any]
    """The headers the next handshake adds (``extra_headers`` of ``connect``, or an override)."""


class ReconnectingOverrides(TypedDict, total=False):
    """What ``on_reconnecting`` may return (``None`` changes nothing)."""

    extra_query: Mapping[str, Any]
    """Replaces the query parameters of this and the later handshakes."""

    extra_headers: Mapping[str, Any]
    """Replaces the headers of this and the later handshakes."""

    abort: bool
    """``True`` stops reconnecting: the close is then raised (or ends the iteration)."""
