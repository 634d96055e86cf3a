"""The errors of a WebSocket connection's outgoing messages (Realtime, Responses over WebSocket,
Live), named and placed as in openai-python: both are ``OpenAIError``s.
"""

from __future__ import annotations

from typing import Any, Sequence, Tuple

from ._errors import OpenAIError

__all__ = ["WebSocketConnectionClosedError", "WebSocketQueueFullError"]


class _UnsentFrames:
    """The unsent frames of a closed WebSocket, kept out of the exception's ``__dict__`` so that
    logging an error's attributes does not print what the messages held (audio, tool output)."""

    __slots__ = ("frames",)

    def __init__(self, frames: list[str | bytes]) -> None:
        self.frames = frames

    def __repr__(self) -> str:
        return f"<{len(self.frames)} unsent frames>"


class WebSocketConnectionClosedError(OpenAIError):
    """A WebSocket connection closed for good (no reconnection, or it failed) while messages were
    still queued for it. ``unsent_frames`` holds them in order (text as ``str``, binary as ``bytes``);
    ``unsent_messages`` the ones that are text (binary frames that are UTF-8 included), as in
    openai-python. The frames stay out of the repr and the attributes: they may hold user content."""

    def __init__(self, message: str, *, unsent_messages: Sequence[str | bytes]) -> None:
        super().__init__(message)
        self._unsent = _UnsentFrames(list(unsent_messages))

    @property
    def unsent_frames(self) -> list[str | bytes]:
        return self._unsent.frames

    @property
    def unsent_messages(self) -> list[str]:
        texts = []
        for frame in self._unsent.frames:
            if isinstance(frame, str):
                texts.append(frame)
            else:
                try:
                    texts.append(bytes(frame).decode("utf-8"))
                except UnicodeDecodeError:
                    continue  # opaque binary: only in unsent_frames
        return texts

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore_closed_error, (type(self), self.args, self._unsent.frames))


def _restore_closed_error(cls: type[WebSocketConnectionClosedError], args: Tuple[Any, ...],
                          frames: list[str | bytes]) -> WebSocketConnectionClosedError:
    return cls(*args, unsent_messages=frames)


class WebSocketQueueFullError(OpenAIError):
    """A message did not fit in a WebSocket connection's send queue (``max_queue_size`` bytes), which
    holds what is sent before the connection opens and while it reconnects; the message was not sent."""
