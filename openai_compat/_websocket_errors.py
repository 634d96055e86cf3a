"""The errors of a Realtime WebSocket connection's outgoing messages (named as in openai-python).

    OpenAIError
    ├── WebSocketQueueFullError          the send queue is over its byte limit
    └── WebSocketConnectionClosedError   the connection closed with messages still unsent
"""

from __future__ import annotations

import contextlib
from typing import Any, List, Sequence, Union

from ._errors import OpenAIError

__all__ = ["WebSocketConnectionClosedError", "WebSocketQueueFullError"]


class WebSocketQueueFullError(OpenAIError):
    """Sending would take the outgoing message queue past its size limit (``max_queue_size``)."""


class _Unsent:
    """The unsent messages, kept out of the exception's ``__dict__`` so logging the error's attributes
    does not print what the messages held (audio, tool output)."""

    __slots__ = ("frames", "messages")

    def __init__(self, frames: List[Union[str, bytes]], messages: List[str]) -> None:
        self.frames = frames
        self.messages = messages

    def __repr__(self) -> str:
        return f"<{len(self.frames)} unsent frames>"


class WebSocketConnectionClosedError(OpenAIError):
    """The connection closed while messages were still waiting to be sent.

    ``unsent_frames`` holds them in order, text and binary frames as they were; ``unsent_messages``
    the text ones (binary frames that are UTF-8 included, as text), to resend on a new connection.
    """

    def __init__(self, message: str, *, unsent_messages: Sequence[Union[str, bytes]]) -> None:
        super().__init__(message)
        frames = list(unsent_messages)
        texts: List[str] = []
        for frame in frames:
            if isinstance(frame, str):
                texts.append(frame)
            else:
                with contextlib.suppress(UnicodeDecodeError):  # opaque binary: only in unsent_frames
                    texts.append(bytes(frame).decode("utf-8"))
        self._unsent = _Unsent(frames, texts)

    @property
    def unsent_messages(self) -> List[str]:
        return self._unsent.messages

    @property
    def unsent_frames(self) -> List[Union[str, bytes]]:
        return self._unsent.frames

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), str(self), self._unsent.frames))


def _rebuild(cls: type, message: str, frames: List[Union[str, bytes]]) -> Any:
    return cls(message, unsent_messages=frames)
