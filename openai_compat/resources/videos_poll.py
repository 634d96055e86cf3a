"""``client.videos.poll`` and ``create_and_poll``: wait for a video job to finish.

Written by hand beside the generated ``videos`` module: polling has behaviour of its own. As in
openai-python, the wait ends at any status but ``queued`` and ``in_progress`` (so a status newer
than this library ends it too), and a ``failed`` video is returned, not raised: check ``status``
and ``error``. Between two gets it waits ``poll_interval_ms`` if given, else what the server asks
for in ``openai-poll-after-ms``, else one second. Deprecated with the Sora API, as in openai-python.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.polling import poll_headers, poll_until_done
from ..types.videos import VideoResource
from . import videos
from ._params import Body, Headers, Query, SessionLike, TimeoutArg

if TYPE_CHECKING:
    from .._uploads.files import FileInput

__all__ = ["create_and_poll", "poll"]

_RUNNING = frozenset({"queued", "in_progress"})


class _Finished:
    """Every status but the running ones ends the wait (``poll_until_done`` asks ``status in``)."""

    def __contains__(self, status: object) -> bool:
        return status not in _RUNNING


def poll(
    session: SessionLike,
    /,
    video_id: str,
    *,
    poll_interval_ms: Union[int, UnsetType] = UNSET,
    max_wait_seconds: Optional[float] = None,
) -> VideoResource:
    """Get the video until it is no longer ``queued`` or ``in_progress``, and return it.

    ``max_wait_seconds`` bounds the wait (``TimeoutError`` past it; ``None``, as openai-python,
    waits as long as the job runs). The session's retry clock and sleep time it, so tests need not wait.
    """
    warnings.warn(f"videos.poll is deprecated: {videos.DEPRECATION}", DeprecationWarning, stacklevel=2)
    interval = None if isinstance(poll_interval_ms, UnsetType) else float(poll_interval_ms)
    headers = poll_headers(interval, None)

    def fetch() -> VideoResource:
        with warnings.catch_warnings():  # one warning per poll, not one per get
            warnings.simplefilter("ignore", DeprecationWarning)
            return videos.retrieve(session, video_id, extra_headers=headers)

    return poll_until_done(
        session._session.retry, fetch, terminal=_Finished(), describe=lambda video: f"Video {video_id}",
        poll_interval_ms=interval, max_wait_seconds=max_wait_seconds,
    )


def create_and_poll(
    session: SessionLike,
    /,
    *,
    prompt: str,
    input_reference: Union[FileInput, UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    seconds: Union[str, UnsetType] = UNSET,
    size: Union[str, UnsetType] = UNSET,
    poll_interval_ms: Union[int, UnsetType] = UNSET,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VideoResource:
    """Create a video job (``videos.create``), then ``poll`` it until it finishes."""
    warnings.warn(f"videos.create_and_poll is deprecated: {videos.DEPRECATION}", DeprecationWarning, stacklevel=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        video = videos.create(
            session, prompt=prompt, input_reference=input_reference, model=model, seconds=seconds, size=size,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        return poll(session, video.id, poll_interval_ms=poll_interval_ms, max_wait_seconds=max_wait_seconds)
