"""Timeouts that bound the whole call, not just one socket read: a server that trickles bytes or
keep-alive comments must not hold a caller forever."""

from __future__ import annotations

from typing import Callable, Optional, Tuple, Union

from msgspec import UNSET, UnsetType

from .._errors import APITimeoutError

__all__ = ["DEFAULT_TIMEOUT", "Timeout", "TimeoutTypes", "attempt_timeouts"]


class Timeout:
    """Time budgets in seconds; ``None`` means no limit.

    - ``connect``: opening the TCP/TLS connection.
    - ``read``: each wait for bytes from the server, for the headers and for a non-streamed body.
    - ``stream_idle``: the longest gap between two events of a stream; SSE comments (keep-alives)
      do not reset it. Defaults to ``read``.
    - ``total``: a wall-clock deadline for the whole call, across retries and the whole stream.

    ``Timeout(30)`` sets connect, read and stream_idle to 30 s, like ``httpx.Timeout(30)``.
    """

    __slots__ = ("connect", "read", "stream_idle", "total")

    def __init__(
        self,
        timeout: Optional[float] = None,
        *,
        connect: Union[float, UnsetType, None] = UNSET,
        read: Union[float, UnsetType, None] = UNSET,
        stream_idle: Union[float, UnsetType, None] = UNSET,
        total: Optional[float] = None,
    ) -> None:
        # UNSET (not given) falls back to ``timeout``; None means "no limit" for that phase.
        self.connect: Optional[float] = timeout if connect is UNSET else connect
        self.read: Optional[float] = timeout if read is UNSET else read
        self.stream_idle: Optional[float] = self.read if stream_idle is UNSET else stream_idle
        self.total = total
        for name in self.__slots__:
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                raise ValueError(f"Timeout.{name} must be a non-negative number of seconds or None, got {value!r}")

    @classmethod
    def coerce(cls, value: TimeoutTypes) -> Timeout:
        """Accept a ``Timeout``, a number of seconds for every phase, or ``None`` for no limit."""
        if isinstance(value, Timeout):
            return value
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return cls(value)
        raise TypeError(f"timeout must be a number of seconds, a Timeout or None, got {type(value).__name__}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeout) and all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self.__slots__))

    def __repr__(self) -> str:
        return (
            f"Timeout(connect={self.connect}, read={self.read}, "
            f"stream_idle={self.stream_idle}, total={self.total})"
        )


TimeoutTypes = Union[float, int, Timeout, None]

# openai-python's default: 600 s for reads, 5 s to connect.
DEFAULT_TIMEOUT = Timeout(600.0, connect=5.0)


def attempt_timeouts(
    budget: Timeout, deadline: Optional[float], clock: Callable[[], float], *, events: bool
) -> Tuple[Optional[float], Optional[float]]:
    """The connect and read timeouts of one attempt: the budget's (``stream_idle`` for reads of a
    stream of events), cut to what is left before ``deadline``. None left raises ``APITimeoutError``."""
    connect, read = budget.connect, (budget.stream_idle if events else budget.read)
    if deadline is None:
        return connect, read
    remaining = deadline - clock()
    if remaining <= 0:
        raise APITimeoutError(message=f"Request timed out: the total budget of {budget.total} s ran out.")
    connect = remaining if connect is None else min(connect, remaining)
    read = remaining if read is None else min(read, remaining)
    return connect, read
