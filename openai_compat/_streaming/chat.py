"""``ChatCompletionStream``: a stream of chat chunks, folded as they arrive into one ``ChatCompletion``.

Each chunk goes into a ``ChatCompletionAccumulator`` (``chat_state.py``, whose docstring has the
merge rules) as it is yielded and is then let go, so ``get_final_completion()`` needs no chunk kept
and a stream's memory grows with its answer only, up to ``max_snapshot_size``.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Iterator, Optional

from .._errors import DECODE_ERRORS, APIResponseValidationError
from .._http.transport import Response
from ..types.chat import ChatCompletion, ChatCompletionChunk, ChoiceDelta
from .chat_state import ChatCompletionAccumulator, chunk_choices
from .stream import Stream

__all__ = ["ChatCompletionStream"]


class ChatCompletionStream(Stream[ChatCompletionChunk]):
    """A ``Stream`` of ``ChatCompletionChunk`` with helpers to read text and the final completion."""

    def __init__(self, response: Response, **options: Any) -> None:
        """``options`` are ``Stream``'s."""
        super().__init__(response, **options)
        self._state = ChatCompletionAccumulator(self._max_snapshot_size)
        self._absorb = self._state.add

    def __enter__(self) -> ChatCompletionStream:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def until_done(self) -> ChatCompletionStream:
        super().until_done()
        return self

    def text_deltas(self, index: int = 0) -> Iterator[str]:
        """The content pieces of choice ``index`` from the rest of the stream, as they arrive (the
        ``text`` parts, from servers that stream lists of content parts)."""
        for chunk in self:
            for choice in chunk_choices(chunk):
                delta = choice.delta
                text = delta.content_text if choice.index == index and isinstance(delta, ChoiceDelta) else ""
                if text:
                    yield text

    @property
    def current_completion_snapshot(self) -> ChatCompletion:
        """The completion as far as the chunks yielded so far make it (built when asked for)."""
        return self._state.snapshot(ChatCompletion)

    def get_final_completion(self) -> ChatCompletion:
        """Read the rest of the stream and return the completion its chunks make, as a
        non-streamed call would have returned it.

        Provider extensions are merged too: string fields of deltas (``reasoning_content``) are
        concatenated into the message; others keep their last value (dicts are merged, lists
        extended). Content sent as lists of parts is merged part by part. An answer larger than
        ``max_snapshot_size`` raises ``SnapshotTooLargeError``.
        """
        self.until_done()
        try:
            completion = self._state.result(ChatCompletion)
        except DECODE_ERRORS as exc:
            # RecursionError: extras nested too deep to encode and decode again.
            raise APIResponseValidationError(
                f"Could not merge the streamed chunks into a ChatCompletion: {exc}",
                response=self.response,
                request=self.request,
            ) from exc
        completion.__dict__["_request_id"] = self.request_id
        completion.__dict__["_headers"] = self.headers
        completion.__dict__["_retries_taken"] = self.retries_taken
        return completion

    def _partial(self) -> Any:
        return self._state.snapshot(ChatCompletion) if self._state.version else None
