"""Progress reporting for uploads and downloads: ``on_progress(done, total)`` callbacks.

``done`` is the number of bytes sent (or received) so far and ``total`` the number expected
(``None`` when a download has no ``Content-Length``). A retry starts the count again from 0.
``TqdmProgress`` is a ready callback drawing a tqdm bar; tqdm is not a dependency.
"""

from __future__ import annotations

import importlib
from types import TracebackType
from typing import Any, Callable, Iterable, Iterator, Optional

from .._http.transport import RequestBody

__all__ = ["ProgressBody", "ProgressCallback", "TqdmProgress", "report_progress"]

ProgressCallback = Callable[[int, Optional[int]], None]


def report_progress(chunks: Iterable[bytes], total: Optional[int], callback: ProgressCallback) -> Iterator[bytes]:
    """Yield ``chunks`` and call ``callback`` once at the start and after each chunk was taken on."""
    done = 0
    callback(0, total)
    for chunk in chunks:
        yield chunk  # resumed only once the transport has written it
        done += len(chunk)
        callback(done, total)


class ProgressBody:
    """A request body that reports, as it is sent, how many of its bytes have gone out."""

    __slots__ = ("_body", "_callback")

    def __init__(self, body: RequestBody, callback: ProgressCallback) -> None:
        self._body = body
        self._callback = callback

    def __len__(self) -> int:
        return len(self._body)

    def __iter__(self) -> Iterator[bytes]:
        body = self._body
        if isinstance(body, bytes):
            # Cut into pieces so a large in-memory body still reports as it goes.
            pieces: Iterable[bytes] = (body[i : i + 256 * 1024] for i in range(0, len(body), 256 * 1024))
        else:
            pieces = body
        return report_progress(pieces, len(body), self._callback)


class TqdmProgress:
    """An ``on_progress`` callback that draws a tqdm progress bar in bytes.

        with TqdmProgress(desc="upload") as progress:
            client.files.create(file=Path("big.jsonl"), purpose="batch", on_progress=progress)

    tqdm must be installed (``pip install tqdm``); it is not a dependency of this package.
    Extra keyword arguments go to ``tqdm.tqdm``.
    """

    def __init__(self, desc: Optional[str] = None, **tqdm_options: Any) -> None:
        try:
            tqdm_module = importlib.import_module("tqdm")
        except ImportError as exc:
            raise ImportError("TqdmProgress needs tqdm, which is not installed: pip install tqdm") from exc
        self._factory = tqdm_module.tqdm
        self._options = {"desc": desc, "unit": "B", "unit_scale": True, "unit_divisor": 1024, **tqdm_options}
        self._bar: Any = None

    def __call__(self, done: int, total: Optional[int]) -> None:
        if self._bar is None:
            self._bar = self._factory(total=total, **self._options)
        elif done < self._bar.n:  # a retry started over
            self._bar.reset(total=total)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> TqdmProgress:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()
