"""``AssistantEventStream``: the events of a streamed run (Assistants API v2), typed by their SSE name.

A run stream differs from the other streams in one way: the SSE ``event:`` field names the event
and the ``data:`` JSON has no ``type`` to tell it by (the spec's ``AssistantStreamEvent``, and
openai-python reads ``event:`` for these streams too). So this ``Stream`` decodes each event from both, keeps both for
``items``, and otherwise behaves as every stream does: ``event: error`` raises ``APIStreamError``
with the events seen so far, ``event: done`` or ``data: [DONE]`` ends it, the response is closed
in ``finally``.
"""

from __future__ import annotations

from typing import Generator, List, Optional, Tuple

from .._errors import DECODE_ERRORS
from ..types.assistant_events import AssistantStreamEvent, event_from_sse
from ..types.runs import Run
from .stream import Stream

__all__ = ["AssistantEventStream"]

_DONE = b"[DONE]"


class AssistantEventStream(Stream[AssistantStreamEvent]):
    """An iterator of ``thread.*`` events (``types.assistant_events``) and a context manager."""

    _named: List[Tuple[Optional[str], bytes]]

    @property
    def items(self) -> List[AssistantStreamEvent]:
        """Every event yielded so far, in order (decoded again from the name and bytes kept for each)."""
        return [event_from_sse(name, data) for name, data in self.__dict__.get("_named", ())]

    def _iter_items(self) -> Generator[AssistantStreamEvent, None, None]:
        named = self._named = []
        for batch in self._iter_batches():
            for name, data, _, _ in batch:
                if name == "done" or data[:6] == _DONE:  # DoneEvent: the end, whatever its data
                    self._drain()
                    return
                if name == "error" or data[:16].lstrip(b"{ \t\r\n").startswith(b'"error"'):
                    self._raise_if_error(name, data)  # raises for an error report (an in-band one too)
                if not data or data.isspace():
                    continue  # an event without data (a keep-alive) has nothing to decode
                try:
                    event = event_from_sse(name, data)
                except DECODE_ERRORS as exc:
                    raise self._undecodable(data, exc) from exc
                named.append((name, data))
                yield event

    def get_final_run(self) -> Optional[Run]:
        """Read the rest of the stream and return the run as its last ``thread.run.*`` event left it
        (``None`` if no run event came)."""
        self.until_done()
        for event in reversed(self.items):
            if isinstance(event.data, Run):
                return event.data
        return None
