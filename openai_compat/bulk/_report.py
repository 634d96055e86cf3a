"""What a bulk job reports: the ``Summary`` it returns and the progress it shows while it runs.

Progress is a tqdm bar (done, failed, in flight, tokens/min, 429s) when tqdm is installed, and
otherwise a plain line on stderr every ``LOG_EVERY`` seconds and one at the end. tqdm is not a
dependency of this package.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
import time
from typing import Any, Callable, List, Optional

__all__ = ["Progress", "Summary"]

LOG_EVERY = 10.0
_BAR_REFRESH = 0.5


@dataclasses.dataclass
class Summary:
    """The outcome of ``bulk.run`` (or ``run_dask``): counts, tokens, time, and whether it finished.

    ``total`` counts the requests of the input, ``skipped`` those already in the output when the job
    started; ``succeeded`` and ``failed`` count the lines this run wrote (a failed request is an
    error line: its error status and body, or why no answer came). ``rate_limited`` is the number of
    429 answers seen, ``retries`` the attempts beyond each request's first. ``tokens_estimated``
    is what the rate limiter counted (see ``bulk`` for the estimate), ``tokens_used`` the sum of
    ``usage.total_tokens`` in the answers. ``stopped`` says why the job ended before every request
    had a line (running out of quota, a rejected key, an interrupt); rerun it to go on. ``batch_ids``
    lists the batches a ``via="batch"`` job created or waited for.
    """

    output: str
    via: str = "live"
    total: int = 0
    skipped: int = 0
    succeeded: int = 0
    failed: int = 0
    rate_limited: int = 0
    retries: int = 0
    tokens_estimated: int = 0
    tokens_used: int = 0
    elapsed: float = 0.0
    stopped: Optional[str] = None
    batch_ids: List[str] = dataclasses.field(default_factory=list)

    @property
    def written(self) -> int:
        """Lines this run added to the output."""
        return self.succeeded + self.failed

    @property
    def remaining(self) -> int:
        """Requests of the input that still have no line in the output."""
        return max(0, self.total - self.skipped - self.written)

    @property
    def complete(self) -> bool:
        """Whether every request of the input now has a line in the output."""
        return self.remaining == 0 and self.stopped is None

    def add(self, other: Summary) -> None:
        """Add the counts of another part of the same job (a Dask partition)."""
        for name in ("succeeded", "failed", "rate_limited", "retries", "tokens_estimated", "tokens_used"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.stopped and not self.stopped:
            self.stopped = other.stopped

    def describe(self) -> str:
        """One line for a log or a terminal."""
        text = (f"{self.total:,} requests: {self.succeeded:,} succeeded, {self.failed:,} failed, {self.skipped:,} "
                f"already done, {self.remaining:,} remaining; {self.rate_limited:,} answered 429; "
                f"{self.tokens_used:,} tokens used; {self.elapsed:.1f} s")
        return text + (f"; stopped: {self.stopped}" if self.stopped else "")

    def __str__(self) -> str:
        return f"bulk job ({self.via}) -> {self.output}: {self.describe()}"


class Progress:
    """Shows a running job: ``update`` as results arrive (cheap to call often), ``close`` at the end."""

    def __init__(self, enabled: bool, pending: int, *, desc: str = "bulk",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = enabled
        self.pending = pending
        self._clock = clock
        self._started = clock()
        self._shown = self._started
        self._bar: Any = None
        if enabled:
            try:
                tqdm = importlib.import_module("tqdm")
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm.tqdm(total=pending, desc=desc, unit="req", dynamic_ncols=True)

    def _numbers(self, summary: Summary, in_flight: int) -> str:
        minutes = max(self._clock() - self._started, 1e-9) / 60.0
        return (f"{summary.written:,} of {self.pending:,} done ({summary.failed:,} failed), {in_flight} in flight, "
                f"{summary.tokens_estimated / minutes:,.0f} tokens/min, {summary.rate_limited:,} answered 429")

    def update(self, summary: Summary, in_flight: int, *, note: str = "") -> None:
        if not self.enabled:
            return
        now = self._clock()
        if self._bar is not None:
            self._bar.update(summary.written - self._bar.n)
            if now - self._shown >= _BAR_REFRESH:
                self._shown = now
                minutes = max(now - self._started, 1e-9) / 60.0
                self._bar.set_postfix(failed=summary.failed, in_flight=in_flight, refresh=False,
                                      tok_min=f"{summary.tokens_estimated / minutes:,.0f}", r429=summary.rate_limited)
            return
        if now - self._shown >= LOG_EVERY:
            self._shown = now
            self.write(f"bulk: {self._numbers(summary, in_flight)}{note}")

    def write(self, message: str) -> None:
        """A message that does not break the bar."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr, flush=True)

    def close(self, summary: Summary) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(summary.written - self._bar.n)
            self._bar.close()
        self.write(f"bulk: {summary.describe()}")
