"""The one wait loop behind every poll helper: vector store files and file batches, runs,
batches, fine-tuning jobs and files.

As openai-python's poll helpers: between two gets wait ``poll_interval_ms`` if the caller gave
one, else what the server asked for in the ``openai-poll-after-ms`` header of the last answer, else
the helper's default; send ``X-Stainless-Poll-Helper: true`` (and
``X-Stainless-Custom-Poll-Interval`` with a caller's interval) so the server can tell poll traffic
apart; stop at a terminal ``status``.
openai-python reads the header once and keeps that interval; this loop follows each answer's
header (the server may ask for longer waits as work drags on) and keeps the last one it saw.

``max_wait_seconds`` bounds the wait: the last get happens at the deadline at the latest, then
``TimeoutError``. The clock and sleep are the session's retry policy's, so tests inject them.
"""

from __future__ import annotations

from typing import Any, Callable, Container, Dict, Mapping, Optional, TypeVar

from .retries import RetryPolicy

__all__ = ["DEFAULT_POLL_INTERVAL_MS", "check_poll_args", "poll_headers", "poll_until_done"]

T = TypeVar("T")
DEFAULT_POLL_INTERVAL_MS = 1000


def poll_headers(poll_interval_ms: Optional[float], extra_headers: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The headers every get of a poll sends (the caller's ``extra_headers`` win)."""
    headers: Dict[str, Any] = {"X-Stainless-Poll-Helper": "true"}
    if poll_interval_ms is not None:
        headers["X-Stainless-Custom-Poll-Interval"] = str(int(poll_interval_ms))
    return {**headers, **(extra_headers or {})}


def check_poll_args(poll_interval_ms: Optional[float], max_wait_seconds: Optional[float]) -> None:
    """Refuse negative waits; the ``*_and_poll`` helpers check before they create anything."""
    if poll_interval_ms is not None and poll_interval_ms < 0:
        raise ValueError(f"poll_interval_ms must be >= 0, got {poll_interval_ms}")
    if max_wait_seconds is not None and max_wait_seconds < 0:
        raise ValueError(f"max_wait_seconds must be >= 0, got {max_wait_seconds}")


def _server_hint_ms(obj: Any) -> Optional[int]:
    headers = obj.__dict__.get("_headers")  # attached by results.decode_response
    value = headers.get("openai-poll-after-ms") if headers is not None else None
    try:
        return max(0, int(value)) if value is not None else None
    except ValueError:
        return None


def poll_until_done(
    policy: RetryPolicy,
    fetch: Callable[[], T],
    *,
    terminal: Container[str],
    describe: Callable[[T], str],
    poll_interval_ms: Optional[float],
    max_wait_seconds: Optional[float],
    default_interval_ms: float = DEFAULT_POLL_INTERVAL_MS,
) -> T:
    """Call ``fetch`` until the object it returns has a ``status`` in ``terminal``, and return it.

    ``describe(obj)`` names the object in the ``TimeoutError`` message.
    """
    check_poll_args(poll_interval_ms, max_wait_seconds)
    clock, sleep = policy.clock, policy.sleep
    deadline = None if max_wait_seconds is None else clock() + max_wait_seconds
    last_hint_ms: Optional[int] = None
    while True:
        obj = fetch()
        status = getattr(obj, "status", None)
        if status in terminal:
            return obj
        if poll_interval_ms is not None:
            delay = poll_interval_ms / 1000
        else:
            hint_ms = _server_hint_ms(obj)
            last_hint_ms = last_hint_ms if hint_ms is None else hint_ms
            delay = (default_interval_ms if last_hint_ms is None else last_hint_ms) / 1000
        if deadline is not None:
            remaining = deadline - clock()
            if remaining <= 0:
                raise TimeoutError(
                    f"{describe(obj)} is still {status!r} after waiting {max_wait_seconds} s "
                    f"(max_wait_seconds={max_wait_seconds}); it goes on on the server: poll again to wait longer"
                )
            delay = min(delay, remaining)
        sleep(delay)
