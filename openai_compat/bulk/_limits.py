"""Keeping a bulk job at its rate limits, not over them: a token bucket for requests and one for tokens.

Each bucket refills at its per-minute limit and holds at most one second's worth: OpenAI enforces
per-minute limits over shorter periods ("60,000 requests/minute may be enforced as 1,000
requests/second", https://platform.openai.com/docs/guides/rate-limits), so a job that sent a whole
minute's worth at once would be answered 429. A request larger than a bucket goes once it is full.

The server's answers correct the buckets as the job runs:

- ``x-ratelimit-limit-*`` sets the rate when none was given, or lowers one set too high;
- ``x-ratelimit-remaining-*`` says what the server had left when it counted the request. Moved
  forward to now (refill since then, minus what this job sent since then) and less a small margin
  against network jitter, it replaces the bucket's level whenever it is below a full bucket: other
  users of the same key, or token estimates that came out low, slow the job down instead of
  earning 429s, and estimates that came out high stop costing speed. A larger count (a server
  whose window is a whole minute) changes nothing;
- a 429 pauses the whole job (every thread, every request) for ``Retry-After`` (or the reset time
  of the exhausted limit, or the client's backoff) and empties both buckets.

With a share below 1 (one of several Dask workers) every limit and remaining count is scaled by it.
The clock is injected, so the arithmetic is tested without waiting.
"""

from __future__ import annotations

import math
import re
import threading
import time
from typing import Callable, Mapping, Optional, Tuple

__all__ = ["Bucket", "RateLimiter", "Ticket", "parse_duration", "retry_after"]

BURST_SECONDS = 1.0
# Kept back from what the server says is left: requests sent together can arrive a few ms apart
# and out of order, which would otherwise spend the last units twice.
MARGIN_SECONDS = 0.02
_EPSILON = 1e-9
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


def parse_duration(value: Optional[str]) -> Optional[float]:
    """Seconds in a reset header: ``"1s"``, ``"6m0s"``, ``"20ms"``, ``"1h2m3.5s"`` or a bare number."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text.replace(" ", ""):
        return None
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(number) * scale[unit] for number, unit in parts)


def retry_after(headers: Mapping[str, str], wall_clock: Callable[[], float] = time.time) -> Optional[float]:
    """Seconds a 429 asks to wait: ``retry-after-ms``, else ``retry-after`` (seconds or an HTTP date)."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            if name == "retry-after-ms":
                continue
            import email.utils

            parsed = email.utils.parsedate_tz(value)
            if parsed is None:
                return None
            seconds = float(email.utils.mktime_tz(parsed)) - wall_clock()
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    return None


def _number(headers: Mapping[str, str], name: str) -> Optional[float]:
    try:
        value = float(headers[name])
    except (KeyError, ValueError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


class Bucket:
    """One limit, in units per second (``None``: no limit known yet)."""

    def __init__(self, per_minute: Optional[float], share: float, now: float) -> None:
        self.share = share
        self.configured = None if per_minute is None else per_minute * share / 60.0
        self.rate = self.configured
        self.level = self.capacity
        self.updated = now
        self.sent = 0.0  # units taken since the start, to move a server's count forward

    @property
    def capacity(self) -> float:
        return math.inf if self.rate is None else max(self.rate * BURST_SECONDS, 1.0)

    def refill(self, now: float) -> None:
        if self.rate is not None and now > self.updated:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = max(self.updated, now)

    def wait_for(self, cost: float) -> float:
        """Seconds until ``cost`` units can be taken (0: now)."""
        need = min(cost, self.capacity)
        if self.level >= need - _EPSILON:  # a refill that lands a rounding error short is a full one
            return 0.0
        if self.rate is None:  # drained by a 429 before any rate was known: the pause covers it
            self.level = math.inf
            return 0.0
        return (need - self.level) / self.rate

    def take(self, cost: float) -> None:
        self.level -= cost
        self.sent += cost

    def learn_limit(self, per_minute: float) -> None:
        """The server's limit: the rate unless a lower one was given."""
        rate = per_minute * self.share / 60.0
        if rate > 0 and (self.configured is None or rate < self.configured) and rate != self.rate:
            self.rate = rate
            self.level = min(self.level, self.capacity)

    def correct(self, remaining: float, sent_at: float, sent_then: float, now: float) -> None:
        """Follow the server's ``remaining``, counted when this job had sent ``sent_then``, where it is
        the tighter account: below what this bucket holds when full. A larger count says only that
        the server's window is longer than this bucket's, so it changes nothing."""
        estimate = remaining * self.share - (self.sent - sent_then)
        if self.rate is not None:
            estimate += self.rate * max(0.0, now - sent_at) - self.rate * MARGIN_SECONDS
        if estimate < self.capacity:
            self.level = estimate

    def drain(self) -> None:
        self.level = min(self.level, 0.0)


class Ticket:
    """What the limiter knew when it let one request go: used to read that request's answer."""

    __slots__ = ("at", "requests_sent", "tokens_sent", "cost")

    def __init__(self, at: float, requests_sent: float, tokens_sent: float, cost: int) -> None:
        self.at = at
        self.requests_sent = requests_sent
        self.tokens_sent = tokens_sent
        self.cost = cost


class RateLimiter:
    """The job's two buckets and its pause; thread-safe, driven by an injected monotonic clock."""

    def __init__(
        self,
        requests_per_minute: Optional[float] = None,
        tokens_per_minute: Optional[float] = None,
        *,
        share: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        for name, value in (("max_requests_per_minute", requests_per_minute),
                            ("max_tokens_per_minute", tokens_per_minute)):
            if value is not None and (isinstance(value, bool) or not value > 0):
                raise ValueError(f"{name} must be a positive number (or None to learn it from the server), "
                                 f"got {value!r}")
        self.clock = clock
        self.wall_clock = wall_clock
        now = clock()
        self.requests = Bucket(requests_per_minute, share, now)
        self.tokens = Bucket(tokens_per_minute, share, now)
        self.paused_until = now
        self.rate_limited = 0
        self._lock = threading.Lock()

    def try_acquire(self, cost: int) -> Tuple[float, Optional[Ticket]]:
        """Take one request and ``cost`` tokens now, or say how many seconds to wait first."""
        with self._lock:
            now = self.clock()
            if now < self.paused_until:
                return self.paused_until - now, None
            self.requests.refill(now)
            self.tokens.refill(now)
            wait = max(self.requests.wait_for(1), self.tokens.wait_for(cost))
            if wait > 0:
                return wait, None
            self.requests.take(1)
            self.tokens.take(cost)
            return 0.0, Ticket(now, self.requests.sent, self.tokens.sent, cost)

    def observe(self, headers: Mapping[str, str], ticket: Ticket) -> None:
        """Correct the buckets from an answer's ``x-ratelimit-*`` headers."""
        with self._lock:
            now = self.clock()
            for bucket, kind, sent_then in ((self.requests, "requests", ticket.requests_sent),
                                            (self.tokens, "tokens", ticket.tokens_sent)):
                limit = _number(headers, f"x-ratelimit-limit-{kind}")
                if limit:
                    bucket.refill(now)
                    bucket.learn_limit(limit)
                remaining = _number(headers, f"x-ratelimit-remaining-{kind}")
                if remaining is not None:
                    bucket.refill(now)
                    bucket.correct(remaining, ticket.at, sent_then, now)

    def pause(self, headers: Mapping[str, str], ticket: Optional[Ticket], fallback: float) -> float:
        """A 429: hold every request for the wait the server asked (else the exhausted limit's reset
        time, else ``fallback``) and empty both buckets. Returns the wait."""
        if ticket is not None:
            self.observe(headers, ticket)
        wait = retry_after(headers, self.wall_clock)
        if wait is None:
            resets = [parse_duration(headers.get(f"x-ratelimit-reset-{kind}")) for kind in ("requests", "tokens")
                      if _number(headers, f"x-ratelimit-remaining-{kind}") == 0]
            wait = max((reset for reset in resets if reset is not None), default=fallback)
        with self._lock:
            self.rate_limited += 1
            now = self.clock()
            self.paused_until = max(self.paused_until, now + wait)
            for bucket in (self.requests, self.tokens):
                bucket.refill(now)
                bucket.drain()
        return wait

    def describe(self) -> str:
        """The limits in force, per minute (for the log)."""
        def per_minute(bucket: Bucket) -> str:
            return "no limit" if bucket.rate is None else f"{bucket.rate * 60:,.0f}/min"

        return f"requests {per_minute(self.requests)}, tokens {per_minute(self.tokens)}"
