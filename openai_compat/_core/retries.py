"""When to retry and how long to wait, as pure functions (openai-python ``_base_client.py`` rules).

The clock, the sleep and the random source live on ``RetryPolicy`` so tests can make retries
deterministic and instant.
"""

from __future__ import annotations

import math
import random
import time
from typing import Any, Callable, Mapping, Optional, Tuple

__all__ = ["RetryPolicy", "parse_retry_after"]

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server asking for a longer wait than this is not waited for: the error is raised at once.
MAX_RETRY_AFTER = 120.0


class RetryPolicy:
    """How many times to retry and how to space the attempts.

    ``delay(n) = min(initial_delay * 2**n, max_delay) * (1 - 0.25 * random())`` for the n-th retry,
    unless the server sent a usable ``Retry-After``.
    """

    __slots__ = (
        "max_retries", "initial_delay", "max_delay", "max_retry_after", "random", "sleep", "clock", "wall_clock"
    )

    def __init__(
        self,
        max_retries: int = DEFAULT_MAX_RETRIES,
        *,
        initial_delay: float = INITIAL_RETRY_DELAY,
        max_delay: float = MAX_RETRY_DELAY,
        max_retry_after: float = MAX_RETRY_AFTER,
        random: Callable[[], float] = random.random,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int):
            raise TypeError(f"max_retries must be a non-negative integer, got {max_retries!r}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be a non-negative integer, got {max_retries}")
        self.max_retries = max_retries
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self.random = random
        self.sleep = sleep
        self.clock = clock
        self.wall_clock = wall_clock

    def replace(self, *, max_retries: int) -> RetryPolicy:
        """A copy with another retry count (the injected clock, sleep and random are kept)."""
        return RetryPolicy(
            max_retries,
            initial_delay=self.initial_delay,
            max_delay=self.max_delay,
            max_retry_after=self.max_retry_after,
            random=self.random,
            sleep=self.sleep,
            clock=self.clock,
            wall_clock=self.wall_clock,
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        # Pickle and deepcopy carry the settings, not this process's random generator: pickling
        # ``random.random`` copies its state, and every unpickled client would draw the same jitter.
        state = {name: getattr(self, name) for name in self.__slots__ if name != "max_retries"}
        if state["random"] == random.random:
            del state["random"]
        return (RetryPolicy, (self.max_retries,), (None, state))

    def backoff(self, retries_taken: int) -> float:
        """The jittered exponential delay before retry number ``retries_taken + 1``."""
        base = min(self.initial_delay * 2.0 ** min(retries_taken, 1000), self.max_delay)
        return base * (1.0 - 0.25 * self.random())

    def delay(self, retries_taken: int, headers: Optional[Mapping[str, str]]) -> float:
        """The wait before the next attempt: the server's Retry-After if usable, else backoff."""
        if headers is not None:
            asked = parse_retry_after(headers, self.wall_clock)
            if asked is not None and 0 < asked <= self.max_retry_after:
                return asked
        return self.backoff(retries_taken)

    def should_retry(self, status: int, headers: Mapping[str, str], error_code: Optional[str]) -> bool:
        """Whether a response status is worth another attempt (openai-python's order of checks).

        Deliberate difference: a 429 whose error code is ``insufficient_quota`` is not retried,
        since waiting does not add quota.
        """
        asked = parse_retry_after(headers, self.wall_clock)
        if asked is not None and asked > self.max_retry_after:
            return False
        hint = headers.get("x-should-retry")
        if hint == "true":
            return True
        if hint == "false":
            return False
        if status == 429 and error_code == "insufficient_quota":
            return False
        return status in (408, 409, 429) or status >= 500

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(max_retries={self.max_retries}, initial_delay={self.initial_delay}, "
            f"max_delay={self.max_delay})"
        )


def parse_retry_after(headers: Mapping[str, str], wall_clock: Callable[[], float] = time.time) -> Optional[float]:
    """Seconds the server asks us to wait: ``retry-after-ms``, else ``retry-after`` seconds or HTTP-date.

    Returns ``None`` when there is no header or it cannot be read; the caller falls back to backoff.
    """
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            ms = float(value)
        except ValueError:
            pass
        else:
            return ms / 1000.0 if not math.isnan(ms) else None
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else seconds
    try:
        import email.utils  # only for the rare HTTP-date form: it costs ~10 ms to import

        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return float(email.utils.mktime_tz(parsed)) - wall_clock()
    except (TypeError, ValueError, OverflowError):
        return None
