"""``/audio/transcriptions``: speech to text, in every ``response_format``, whole or streamed.

API reference: https://platform.openai.com/docs/api-reference/audio/createTranscription. The audio
goes up as a streamed multipart upload (``file`` is any ``FileInput``: a ``Path``, bytes, a binary
file object, a ``(filename, content)`` tuple); arrays go as ``name[]`` fields, one per element,
and ``chunking_strategy`` as ``chunking_strategy[type]`` and so on, as openai-python sends them.

What comes back depends on ``response_format``, as in openai-python: ``json`` (the default) is a
``Transcription``, ``verbose_json`` a ``TranscriptionVerbose``, ``diarized_json`` a
``TranscriptionDiarized``, and ``text``, ``srt`` and ``vtt`` a ``str``. A format this library does
not know is returned as the body's text too (openai-python tries ``Transcription``), so nothing a
server sends is lost. ``stream=True`` gives a ``Stream`` of ``TranscriptionStreamEvent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Literal, Mapping, Optional, Sequence, Union, overload

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.stream import Stream
from ..types.audio import Transcription, TranscriptionDiarized, TranscriptionVerbose
from ..types.audio_events import TranscriptionStreamEvent
from . import _params
from ._params import SessionLike

if TYPE_CHECKING:
    from .._uploads.files import FileInput
    from .._uploads.progress import ProgressCallback

__all__ = ["create"]

_FORM_PARAMS = (
    "model", "chunking_strategy", "include", "keywords", "known_speaker_names", "known_speaker_references",
    "language", "languages", "prompt", "response_format", "stream", "temperature", "timestamp_granularities",
)
_RESULT_TYPES: Dict[Any, type] = {
    UNSET: Transcription,
    None: Transcription,
    "json": Transcription,
    "verbose_json": TranscriptionVerbose,
    "diarized_json": TranscriptionDiarized,
}
_EVENTS: Any = TranscriptionStreamEvent  # a union to type checkers, a decodable marker class at run time

TranscriptionResult = Union[
    Transcription, TranscriptionVerbose, TranscriptionDiarized, str, Stream[TranscriptionStreamEvent]
]


def result_type(response_format: Any, known: Mapping[Any, type] = _RESULT_TYPES) -> type:
    """What a ``response_format`` decodes to: its Struct in ``known``, else ``str`` (text, srt, vtt,
    and formats not known here, which are returned as they came)."""
    if isinstance(response_format, (str, UnsetType)) or response_format is None:
        return known.get(response_format, str)
    return str


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[Literal["json"], UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Transcription: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Literal["verbose_json"],
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> TranscriptionVerbose: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Literal["diarized_json"],
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> TranscriptionDiarized: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Literal["text", "srt", "vtt"],
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> str: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    stream: Literal[True],
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Stream[TranscriptionStreamEvent]: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> TranscriptionResult: ...


def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    chunking_strategy: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    keywords: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_names: Union[Sequence[str], UnsetType] = UNSET,
    known_speaker_references: Union[Sequence[str], UnsetType] = UNSET,
    language: Union[str, UnsetType] = UNSET,
    languages: Union[Sequence[str], UnsetType] = UNSET,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    timestamp_granularities: Union[Sequence[str], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> TranscriptionResult:
    """Transcribe audio (https://platform.openai.com/docs/api-reference/audio/createTranscription).

    ``response_format`` picks the answer's type: ``Transcription`` (``json``, the default),
    ``TranscriptionVerbose`` (``verbose_json``, with ``segments`` and, with
    ``timestamp_granularities=["word"]``, ``words``), ``TranscriptionDiarized`` (``diarized_json``)
    or ``str`` (``text``, ``srt``, ``vtt``). ``stream=True`` returns a ``Stream`` of
    ``transcript.text.delta`` / ``.segment`` / ``.done`` events. ``on_progress(sent, total)``
    reports the upload.
    """
    fields = _params.body(locals(), _FORM_PARAMS)
    sent = {**fields, **(extra_body or {})}  # extra_body may set stream or response_format
    if sent.get("stream") is True:
        events: Stream[TranscriptionStreamEvent] = session._session.stream(
            "POST", "audio/transcriptions", cast_to=_EVENTS, body=fields, files={"file": file},
            on_progress=on_progress, extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body,
            timeout=timeout,
        )
        return events
    result: Union[Transcription, TranscriptionVerbose, TranscriptionDiarized, str] = session._session.request(
        "POST", "audio/transcriptions", cast_to=result_type(sent.get("response_format", UNSET)), body=fields,
        files={"file": file}, on_progress=on_progress, extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
    return result
