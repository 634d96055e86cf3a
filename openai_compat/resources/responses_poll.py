"""``poll``: get a background response until it is finished. ``resources.responses`` exports it too.

Background responses (``background=True``) run on the server after ``create`` returns; this waits for
one the way openai-python's ``responses.poll`` helper does, following the server's
``openai-poll-after-ms`` hint between gets.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._core.urls import path_segment
from .._errors import APITimeoutError
from ..types.responses import TERMINAL_STATUSES, Response
from . import _params
from ._params import SessionLike

__all__ = ["poll"]


def poll(
    session: SessionLike,
    /,
    response_id: str,
    *,
    poll_interval_ms: Optional[int] = None,
    max_wait: Optional[float] = None,
    include: Union[Sequence[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Response:
    """Get a (background) response until its ``status`` is terminal: ``completed``, ``failed``,
    ``cancelled`` or ``incomplete``, and return it.

    Between two gets it waits ``poll_interval_ms`` if given, else what the server asks for in
    ``openai-poll-after-ms``, else one second. ``max_wait`` (seconds) bounds the whole wait:
    ``APITimeoutError`` rather than a sleep past it. ``sleep`` and ``clock`` are for tests.
    """
    path = f"responses/{path_segment(response_id, 'response_id')}"
    started = clock()
    while True:
        response: Response = session._session.request(
            "GET", path, cast_to=Response, query=_params.query(include=include), extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        if response.status in TERMINAL_STATUSES:
            return response
        delay = _poll_delay(response, poll_interval_ms)
        if max_wait is not None and clock() + delay - started > max_wait:
            raise APITimeoutError(
                message=f"Response {response_id} is still {response.status!r} after {max_wait} s (max_wait)."
            )
        sleep(delay)


def _poll_delay(response: Response, poll_interval_ms: Optional[int]) -> float:
    if poll_interval_ms is not None:
        return poll_interval_ms / 1000
    headers = response.__dict__.get("_headers")
    hint = headers.get("openai-poll-after-ms") if headers is not None else None
    try:
        return max(0.0, float(hint) / 1000) if hint is not None else 1.0
    except ValueError:
        return 1.0
