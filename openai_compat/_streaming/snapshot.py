"""What every stream's snapshot shares: streamed text kept in joined runs, and the size budget.

A stream folds each event into a snapshot of the answer as it arrives (the chat completion, the
response, the run's messages) and lets the event go, so memory grows with the answer and not with
the events: an event's envelope is often tens of times the text it carries.

``TextParts`` keeps a text that arrives in small pieces. A list of the pieces would cost a Python
object (about 50 bytes) per piece; joining the whole text at each piece would cost time quadratic in
its length. Pieces are joined in runs of ``RUN`` instead, and the runs once more when the text is
asked for.

``Budget`` counts what a snapshot holds: the characters of its text, plus the size on the wire of
each event that brings anything else (log probabilities, content parts, provider fields). Past its
limit (``max_snapshot_size``, a client option) the snapshot stops growing while the stream goes on,
and asking for the final answer raises ``SnapshotTooLargeError``.
"""

from __future__ import annotations

from typing import Any, List, Optional

from .._errors import SnapshotTooLargeError

__all__ = ["DEFAULT_MAX_SNAPSHOT_SIZE", "RUN", "Budget", "TextParts"]

# Far above any real answer (128k output tokens are about half a MiB of text), and a bound on what a
# model stuck repeating itself, or a broken server, can make a worker hold.
DEFAULT_MAX_SNAPSHOT_SIZE = 32 * 1024 * 1024

RUN = 256  # pieces joined into one string at a time


class TextParts:
    """A text that grows piece by piece; ``text()`` is all of it, ``length`` its length so far.

    ``add`` a piece; a hot loop may instead append to ``pieces`` and add to ``length`` itself, and
    call ``join_run()`` once ``pieces`` holds ``RUN`` of them.
    """

    __slots__ = ("_runs", "length", "pieces")

    def __init__(self) -> None:
        self._runs: List[str] = []  # joined runs of pieces
        self.pieces: List[str] = []  # pieces since the last run was joined
        self.length = 0

    def add(self, piece: str) -> None:
        pieces = self.pieces
        pieces.append(piece)
        self.length += len(piece)
        if len(pieces) >= RUN:
            self.join_run()

    def join_run(self) -> None:
        self._runs.append("".join(self.pieces))
        self.pieces.clear()

    def text(self) -> str:
        """All of the text (joined once; asking again before more arrives costs nothing)."""
        runs = self._runs
        if self.pieces:
            self.join_run()
        if len(runs) > 1:
            runs[:] = ["".join(runs)]
        return runs[0] if runs else ""

    def __repr__(self) -> str:
        return f"<TextParts of {self.length} characters>"


class Budget:
    """How much a snapshot holds, against its limit (``None``: no limit)."""

    __slots__ = ("limit", "used", "exceeded", "what")

    def __init__(self, limit: Optional[int], what: str) -> None:
        self.limit = limit
        self.used = 0
        self.exceeded = False
        self.what = what  # what the snapshot is, for the error: "chat completion", "response", ...

    def spend(self, size: int) -> bool:
        """Count ``size`` more; False (from then on) once the total is past the limit."""
        self.used += size
        if self.limit is not None and self.used > self.limit:
            self.exceeded = True
        return not self.exceeded

    def check(self, snapshot: Any = None) -> None:
        """Raise ``SnapshotTooLargeError`` if the snapshot stopped growing at the limit."""
        if self.exceeded:
            raise SnapshotTooLargeError(limit=self.limit or 0, what=self.what, snapshot=snapshot)

