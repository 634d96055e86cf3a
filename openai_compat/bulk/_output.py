"""The job's output file: Batch-API output lines, appended as results arrive and read back to resume.

Each line is ``{"id", "custom_id", "response": {"status_code", "request_id", "body"} | null,
"error": {"code", "message"} | null}``, the Batch API's output format
(https://platform.openai.com/docs/api-reference/batch/request-output), so
``batch_jsonl.read_batch_results`` reads a bulk job's file and a batch's files alike.

Why a killed job never leaves a duplicate or a broken line behind: every line goes out in one
``write`` of the whole line and its newline on a file opened for appending, so a process killed
(even with SIGKILL) leaves each line whole or absent. A line cut short by a crash of the machine
(or a full disk) has no newline: reopening drops that tail and the request runs again, unless the
tail is itself a complete line, which is kept. One job at a time may append to a file (an
exclusive ``flock``, where the platform has it).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, Optional, Set

import msgspec

__all__ = ["OutputInUseError", "ResultLog", "custom_id_of"]

logger = logging.getLogger("openai_compat.bulk")
_SYNC_EVERY = 5.0  # seconds between fsyncs: a crash of the machine loses at most this much
_TAIL_CHUNK = 64 * 1024


class OutputInUseError(RuntimeError):
    """Another job is appending to the same output file."""


class _IdPeek(msgspec.Struct):
    custom_id: Any = None


_peek_id = msgspec.json.Decoder(_IdPeek).decode


def custom_id_of(line: bytes) -> Optional[str]:
    """The ``custom_id`` of an output line, or None if the line is not one."""
    try:
        custom_id = _peek_id(line).custom_id
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    return custom_id if isinstance(custom_id, str) and custom_id else None


class ResultLog:
    """An output file opened for a job: ``open()`` reads what is done, ``append()`` adds lines."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.repaired = 0  # bytes of a cut-off last line dropped by open()
        self.unreadable = 0  # complete lines without a custom_id, left in place
        self._fd: Optional[int] = None
        self._lock = threading.Lock()
        self._synced = time.monotonic()

    def open(self) -> Set[str]:
        """Lock the file, repair a cut-off last line, and return the ``custom_id``s already there."""
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            _lock_exclusively(fd, self.path)
            self.repaired = _repair_tail(fd)
            done = self._read_ids(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        if self.repaired:
            logger.warning("%s ended in a line cut short (%d bytes, from a crash); it was removed and its request "
                           "will run again", self.path, self.repaired)
        if self.unreadable:
            logger.warning("%s has %d line(s) that are not result lines; they are left as they are",
                           self.path, self.unreadable)
        return done

    def _read_ids(self, fd: int) -> Set[str]:
        done: Set[str] = set()
        with open(os.dup(fd), "rb") as handle:
            handle.seek(0)
            for raw in handle:
                if not raw.strip():
                    continue
                custom_id = custom_id_of(raw)
                if custom_id is None:
                    self.unreadable += 1
                else:
                    done.add(custom_id)
        return done

    def append(self, line: bytes) -> None:
        """Write one whole line (ending in a newline) in a single ``write``."""
        with self._lock:
            if self._fd is None:
                raise ValueError(f"the output file {self.path} is not open")
            view = memoryview(line)
            while view:  # a regular file takes it whole; a short write (a full disk) goes on where it stopped
                written = os.write(self._fd, view)
                view = view[written:]
            if time.monotonic() - self._synced > _SYNC_EVERY:
                self._sync()

    def _sync(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
        self._synced = time.monotonic()

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                try:
                    self._sync()
                finally:
                    os.close(self._fd)  # closing also releases the lock
                    self._fd = None

    def __enter__(self) -> ResultLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _lock_exclusively(fd: int, path: str) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one job per file is then up to the caller
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputInUseError(f"another job is writing to {path}: wait for it to finish (or stop it) first, or "
                               "give this one another output file") from None


def _repair_tail(fd: int) -> int:
    """Cut a last line that has no newline back to the previous line end; returns the bytes cut."""
    size = os.fstat(fd).st_size
    if size == 0 or _read_at(fd, 1, size - 1) == b"\n":
        return 0
    end = size
    while end > 0:  # find the last newline, reading backwards a chunk at a time
        start = max(0, end - _TAIL_CHUNK)
        found = _read_at(fd, end - start, start).rfind(b"\n")
        if found >= 0:
            end = start + found + 1
            break
        end = start
    tail = _read_at(fd, size - end, end)
    if custom_id_of(tail) is not None:  # a whole line that only lacks its newline: keep it
        os.write(fd, b"\n")
        return 0
    os.ftruncate(fd, end)
    return size - end


def _read_at(fd: int, size: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)  # appends still go to the end: the file is opened with O_APPEND
    parts = []
    while size > 0:
        part = os.read(fd, size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
