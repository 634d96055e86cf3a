"""``/audio/translations``: speech in any language to English text.

API reference: https://platform.openai.com/docs/api-reference/audio/createTranslation. The upload
and the answer's type work as for transcriptions (``audio_transcriptions``): ``json`` (the
default) is a ``Translation``, ``verbose_json`` a ``TranslationVerbose``, and ``text``, ``srt``
and ``vtt`` (and formats not known here) a ``str``. There is no streaming and no ``diarized_json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Literal, Mapping, Optional, Union, overload

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from ..types.audio import Translation, TranslationVerbose
from . import _params
from ._params import SessionLike
from .audio_transcriptions import result_type

if TYPE_CHECKING:
    from .._uploads.files import FileInput
    from .._uploads.progress import ProgressCallback

__all__ = ["create"]

_FORM_PARAMS = ("model", "prompt", "response_format", "temperature")
_RESULT_TYPES: Dict[Any, type] = {UNSET: Translation, None: Translation, "json": Translation,
                                  "verbose_json": TranslationVerbose}


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[Literal["json"], UnsetType] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Translation: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Literal["verbose_json"],
    temperature: Union[float, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> TranslationVerbose: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Literal["text", "srt", "vtt"],
    temperature: Union[float, UnsetType] = UNSET,
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
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Translation, TranslationVerbose, str]: ...


def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    model: str,
    prompt: Union[str, UnsetType] = UNSET,
    response_format: Union[str, UnsetType] = UNSET,
    temperature: Union[float, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Translation, TranslationVerbose, str]:
    """Translate audio into English (https://platform.openai.com/docs/api-reference/audio/createTranslation).

    ``response_format`` picks the answer's type: ``Translation`` (``json``, the default),
    ``TranslationVerbose`` (``verbose_json``) or ``str`` (``text``, ``srt``, ``vtt``).
    ``on_progress(sent, total)`` reports the upload.
    """
    fields = _params.body(locals(), _FORM_PARAMS)
    sent = {**fields, **(extra_body or {})}
    cast_to: Any = result_type(sent.get("response_format", UNSET), _RESULT_TYPES)
    result: Union[Translation, TranslationVerbose, str] = session._session.request(
        "POST", "audio/translations", cast_to=cast_to, body=fields, files={"file": file}, on_progress=on_progress,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return result
