"""``/audio/speech``: text to speech, as audio bytes streamed off the wire or as a stream of events.

API reference: https://platform.openai.com/docs/api-reference/audio/createSpeech. The audio is not
read into memory: the result is a ``BinaryResponse`` whose ``write_to_file(path)`` streams it to
disk (openai-python needs ``with_streaming_response`` for that). With
``stream_format="sse"`` the answer is a ``Stream`` of ``speech.audio.delta`` / ``speech.audio.done``
events instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Mapping, Optional, Union, overload

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.stream import Stream
from ..types.audio_events import SpeechStreamEvent
from . import _params
from ._params import SessionLike

if TYPE_CHECKING:
    from .._uploads.binary import BinaryResponse
    from .._uploads.progress import ProgressCallback

__all__ = ["create"]

_BODY_PARAMS = ("input", "model", "voice", "instructions", "response_format", "speed", "stream_format")
_EVENTS: Any = SpeechStreamEvent  # a union to type checkers, a decodable marker class at run time
Voice = Union[str, Mapping[str, str]]  # a built-in voice name, or a custom voice as {"id": "voice_..."}


@overload
def create(
    session: SessionLike,
    /,
    *,
    input: str,
    model: str,
    voice: Voice,
    instructions: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    speed: Union[float, UnsetType] = UNSET,
    stream_format: Union[Literal["audio"], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> BinaryResponse: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    input: str,
    model: str,
    voice: Voice,
    instructions: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    speed: Union[float, UnsetType] = UNSET,
    stream_format: Literal["sse"],
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Stream[SpeechStreamEvent]: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    input: str,
    model: str,
    voice: Voice,
    instructions: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    speed: Union[float, UnsetType] = UNSET,
    stream_format: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[BinaryResponse, Stream[SpeechStreamEvent]]: ...


def create(
    session: SessionLike,
    /,
    *,
    input: str,
    model: str,
    voice: Voice,
    instructions: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    speed: Union[float, UnsetType] = UNSET,
    stream_format: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[BinaryResponse, Stream[SpeechStreamEvent]]:
    """Generate audio from text (https://platform.openai.com/docs/api-reference/audio/createSpeech).

    Returns a ``BinaryResponse`` with the body still on the wire: ``write_to_file(path)`` streams it
    to disk, ``iter_bytes()`` yields it as it arrives (to play while it is made), ``content`` reads
    it all; ``on_progress(received, total)`` reports the download. With ``stream_format="sse"`` it
    returns a ``Stream`` of ``SpeechAudioDeltaEvent`` (base64 audio) and ``SpeechAudioDoneEvent``.
    """
    body = _params.body(locals(), _BODY_PARAMS)
    if {**body, **(extra_body or {})}.get("stream_format") == "sse":
        events: Stream[SpeechStreamEvent] = session._session.stream(
            "POST", "audio/speech", cast_to=_EVENTS, body=body,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        return events
    # openai-python asks for application/octet-stream here; some servers pick the format by it.
    return session._session.download(
        "POST", "audio/speech", body=body, on_progress=on_progress,
        extra_headers={"Accept": "application/octet-stream", **(extra_headers or {})},
        extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
