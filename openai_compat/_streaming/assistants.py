"""``AssistantEventStream``: the events of a streamed run (Assistants API v2), typed by their SSE name.

A run stream differs from the other streams in one way: the SSE ``event:`` field names the event
and the ``data:`` JSON has no ``type`` to tell it by (the spec's ``AssistantStreamEvent``, and
openai-python reads ``event:`` for these streams too). So this ``Stream`` decodes each event from both, keeps both for
``items`` (with ``keep_events=True``), and otherwise behaves as every stream does: ``event: error``
raises ``APIStreamError``, ``event: done`` or ``data: [DONE]`` ends it, the response is closed in
``finally``. Each event is folded into a ``RunAccumulator`` (``assistants_state.py``) as it is
yielded: the run as it stands, its steps and its messages, with no event kept.
"""

from __future__ import annotations

from typing import Any, Generator, List, Optional

from .._errors import DECODE_ERRORS
from .._http.transport import Response
from ..types.assistant_events import AssistantStreamEvent, event_from_sse
from ..types.runs import Run, RunStep
from ..types.threads import Message
from .assistants_state import RunAccumulator
from .stream import Stream

__all__ = ["AssistantEventStream"]

_DONE = b"[DONE]"


class AssistantEventStream(Stream[AssistantStreamEvent]):
    """An iterator of ``thread.*`` events (``types.assistant_events``) and a context manager."""

    def __init__(self, response: Response, **options: Any) -> None:
        """``options`` are ``Stream``'s."""
        super().__init__(response, **options)
        self.state = RunAccumulator(self._max_snapshot_size)

    def _iter_items(self) -> Generator[AssistantStreamEvent, None, None]:
        keep = self._kept.append if self._kept is not None else None
        absorb = self.state.add
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
                absorb(event, len(data))
                if keep is not None:
                    keep(event)
                yield event

    def get_final_run(self) -> Optional[Run]:
        """Read the rest of the stream and return the run as its last ``thread.run.*`` event left it
        (``None`` if no run event came)."""
        self.until_done()
        return self.state.run

    def get_final_messages(self) -> List[Message]:
        """Read the rest of the stream and return the messages it wrote, each as its last event
        left it (``SnapshotTooLargeError`` if they outgrew ``max_snapshot_size``)."""
        self.until_done()
        messages = self.state.all_messages()
        self.state.budget.check(messages)
        return messages

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the rest of the stream and return the run steps it took, each as its last event
        left it (``SnapshotTooLargeError`` if they outgrew ``max_snapshot_size``)."""
        self.until_done()
        steps = self.state.all_steps()
        self.state.budget.check(steps)
        return steps

    def _partial(self) -> Any:
        """For an error mid-stream: the message being written, else the run as it stands."""
        return self.state.message() or self.state.run
