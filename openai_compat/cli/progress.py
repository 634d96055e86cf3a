"""A one-line progress display for uploads and downloads, drawn on stderr."""

from __future__ import annotations

import time
from typing import Callable, Optional, TextIO

__all__ = ["TerminalProgress", "format_size"]


def format_size(size: float) -> str:
    """``1536`` -> ``"1.5 KiB"``."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class TerminalProgress:
    """An ``on_progress(done, total)`` callback.

    On a terminal the line is redrawn in place at most ``per_second`` times a second (and always at
    100 %); elsewhere (a log file, a pipe) nothing is drawn until ``finish`` writes one summary line,
    so logs do not fill with carriage returns.
    """

    def __init__(
        self,
        label: str,
        stream: TextIO,
        *,
        per_second: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self._stream = stream
        self._live = stream.isatty()
        self._interval = 1.0 / per_second
        self._clock = clock
        self._last_draw: Optional[float] = None
        self._started = clock()
        self.done = 0
        self.total: Optional[int] = None

    def __call__(self, done: int, total: Optional[int]) -> None:
        self.done, self.total = done, total
        if not self._live:
            return
        now = self._clock()
        complete = total is not None and done >= total
        if self._last_draw is not None and now - self._last_draw < self._interval and not complete:
            return
        self._last_draw = now
        self._stream.write("\r" + self._line() + "\x1b[K")  # erase what a longer line left behind
        self._stream.flush()

    def _line(self) -> str:
        if self.total:
            percent = min(100, self.done * 100 // self.total)
            return f"{self.label}: {percent:3d}% {format_size(self.done)} of {format_size(self.total)}"
        return f"{self.label}: {format_size(self.done)}"

    def finish(self) -> None:
        """End the line (on a terminal) or write the summary (elsewhere)."""
        elapsed = self._clock() - self._started
        summary = f"{self.label}: {format_size(self.done)} in {elapsed:.1f} s"
        if self._live:
            self._stream.write("\r" + summary + "\x1b[K\n")
        else:
            self._stream.write(summary + "\n")
        self._stream.flush()
