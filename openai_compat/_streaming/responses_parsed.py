"""``ParsedResponseStream``: what ``responses.parse(..., stream=True)`` returns.

The events are those of any ``ResponseStream`` (typed, resumable for a background response); the
difference is the end: ``get_final_response()`` gives a ``ParsedResponse`` whose output is parsed
into the ``text_format`` (and whose function calls carry ``parsed_arguments``), as the answer of a
``parse`` call that is not streamed. The parsing itself is handed in (``finish``), so this layer
knows nothing of Structured Outputs.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Generic, Optional, TypeVar

from .._http.transport import Response as HTTPResponse
from ..types.responses import Response
from ..types.responses_parsed import ParsedResponse
from .responses import ResponseStream

__all__ = ["ParsedResponseStream"]

T = TypeVar("T")


class ParsedResponseStream(ResponseStream, Generic[T]):
    """A ``ResponseStream`` whose ``get_final_response()`` is the parsed ``ParsedResponse[T]``."""

    _parsed: Optional[ParsedResponse[T]] = None

    def __init__(
        self, response: HTTPResponse, *, finish: Callable[[Response], ParsedResponse[T]], **options: Any
    ) -> None:
        """``finish`` parses the final ``Response``; ``options`` are ``ResponseStream``'s."""
        super().__init__(response, **options)
        self._finish = finish

    def __enter__(self) -> ParsedResponseStream[T]:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def until_done(self) -> ParsedResponseStream[T]:
        super().until_done()
        return self

    def get_final_response(self) -> ParsedResponse[T]:
        """Read the rest of the stream and return its final response, parsed (computed once: the
        same object on every call). ``StructuredOutputError`` if the output does not fit."""
        if self._parsed is None:
            self._parsed = self._finish(super().get_final_response())
        return self._parsed
