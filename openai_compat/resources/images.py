"""``/images``: generate images from a prompt, edit images (several inputs, a mask), make variations.

API reference: https://platform.openai.com/docs/api-reference/images. ``generate`` sends JSON;
``edit`` and ``create_variation`` upload their images as multipart/form-data, streamed from their
sources as openai-python encodes them: one ``image`` is the part ``image``, a list (or tuple) of images is one
``image[]`` part each, ``markup`` and ``mask`` are parts of those names; the other parameters are
form fields (an object such as ``svg`` as ``svg[model]``). With
``stream=True`` generate and edit answer with events (``types.images.ImageGenStreamEvent``,
``ImageEditStreamEvent``) carrying ``partial_images`` previews and the final image. Parameters
default to ``UNSET`` and are then not sent; an explicit ``None`` is sent as ``null`` (JSON) or left
out (forms have no null).
"""

from __future__ import annotations

from typing import Any, Dict, Literal, Mapping, Optional, Sequence, Union, cast, overload

from msgspec import UNSET, UnsetType

from .._streaming.stream import Stream
from .._uploads.files import FileInput
from .._uploads.progress import ProgressCallback
from ..types.images import ImageEditStreamEvent, ImageGenStreamEvent, ImagesResponse
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg

__all__ = ["create_variation", "edit", "generate"]

# One image, or a list of them. A tuple starting with a str is one file, ``(filename, content, ...)``.
ImageInput = Union[FileInput, Sequence[FileInput]]
# Unions to type checkers, decodable marker classes at run time.
_GEN_EVENTS: Any = ImageGenStreamEvent
_EDIT_EVENTS: Any = ImageEditStreamEvent

_GENERATE_PARAMS = (
    "prompt", "background", "complexity", "frame_count", "frame_duration_ms", "model", "moderation", "n",
    "output_compression", "output_format", "partial_images", "quality", "response_format", "safety_identifier",
    "size", "stream", "style", "svg", "user",
)
_EDIT_PARAMS = (
    "prompt", "background", "complexity", "frame_count", "frame_duration_ms", "input_fidelity", "model", "n",
    "output_compression", "output_format", "partial_images", "quality", "response_format", "safety_identifier",
    "size", "stream", "svg", "user",
)
_VARIATION_PARAMS = ("model", "n", "response_format", "size", "user")


def _wants_stream(body: Mapping[str, Any], extra_body: Body) -> bool:
    return {**body, **(extra_body or {})}.get("stream") is True


def _is_several(image: ImageInput) -> bool:
    # A ``(filename, content[, ...])`` tuple starts with a str; a tuple of files cannot (a str is
    # never a file input), so it is read as several images, like a list.
    if isinstance(image, list):
        return True
    return isinstance(image, tuple) and bool(image) and not isinstance(image[0], str)


def _image_files(
    image: ImageInput, markup: Union[FileInput, UnsetType], mask: Union[FileInput, UnsetType]
) -> Dict[str, Any]:
    # Several images become ``image[]`` parts in the multipart encoder (openai-python sends the same).
    several = _is_several(image)
    files: Dict[str, Any] = {"image": list(cast(Sequence[FileInput], image)) if several else image}
    if markup is not UNSET:
        files["markup"] = markup
    if mask is not UNSET:
        files["mask"] = mask
    return files


@overload
def generate(
    session: SessionLike,
    /,
    *,
    prompt: str,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    moderation: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    style: Union[Optional[str], UnsetType] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ImagesResponse: ...


@overload
def generate(
    session: SessionLike,
    /,
    *,
    prompt: str,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    moderation: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Literal[True],
    style: Union[Optional[str], UnsetType] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Stream[ImageGenStreamEvent]: ...


@overload
def generate(
    session: SessionLike,
    /,
    *,
    prompt: str,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    moderation: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    style: Union[Optional[str], UnsetType] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[ImagesResponse, Stream[ImageGenStreamEvent]]: ...


def generate(
    session: SessionLike,
    /,
    *,
    prompt: str,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    moderation: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    style: Union[Optional[str], UnsetType] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[ImagesResponse, Stream[ImageGenStreamEvent]]:
    """Create images from a prompt (https://platform.openai.com/docs/api-reference/images/create).

    With ``stream=True`` (GPT image models) the answer is a ``Stream`` of ``ImageGenStreamEvent``:
    ``partial_images`` previews, then ``image_generation.completed``.
    """
    body = _params.body(locals(), _GENERATE_PARAMS)
    if _wants_stream(body, extra_body):
        return session._session.stream(
            "POST", "images/generations", cast_to=_GEN_EVENTS, body=body,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
    return session._session.request(
        "POST", "images/generations", cast_to=ImagesResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def edit(
    session: SessionLike,
    /,
    *,
    image: ImageInput,
    prompt: str,
    markup: Union[FileInput, UnsetType] = UNSET,
    mask: Union[FileInput, UnsetType] = UNSET,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    input_fidelity: Union[Optional[str], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ImagesResponse: ...


@overload
def edit(
    session: SessionLike,
    /,
    *,
    image: ImageInput,
    prompt: str,
    markup: Union[FileInput, UnsetType] = UNSET,
    mask: Union[FileInput, UnsetType] = UNSET,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    input_fidelity: Union[Optional[str], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Literal[True],
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Stream[ImageEditStreamEvent]: ...


@overload
def edit(
    session: SessionLike,
    /,
    *,
    image: ImageInput,
    prompt: str,
    markup: Union[FileInput, UnsetType] = UNSET,
    mask: Union[FileInput, UnsetType] = UNSET,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    input_fidelity: Union[Optional[str], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[ImagesResponse, Stream[ImageEditStreamEvent]]: ...


def edit(
    session: SessionLike,
    /,
    *,
    image: ImageInput,
    prompt: str,
    markup: Union[FileInput, UnsetType] = UNSET,
    mask: Union[FileInput, UnsetType] = UNSET,
    background: Union[Optional[str], UnsetType] = UNSET,
    complexity: Union[Optional[str], UnsetType] = UNSET,
    frame_count: Union[Optional[int], UnsetType] = UNSET,
    frame_duration_ms: Union[Optional[int], UnsetType] = UNSET,
    input_fidelity: Union[Optional[str], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    output_compression: Union[Optional[int], UnsetType] = UNSET,
    output_format: Union[Optional[str], UnsetType] = UNSET,
    partial_images: Union[Optional[int], UnsetType] = UNSET,
    quality: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    svg: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[ImagesResponse, Stream[ImageEditStreamEvent]]:
    """Edit or extend one or more images from a prompt, uploaded as multipart
    (https://platform.openai.com/docs/api-reference/images/createEdit).

    ``image`` is one file or a list of files (up to 16, GPT image models); ``mask`` is a PNG whose
    transparent pixels mark where the first image is edited; ``markup`` (instead of a mask) is a
    transparent PNG drawn over the first image to guide the edit. ``on_progress(sent, total)`` reports
    the upload. With ``stream=True`` the answer is a ``Stream`` of ``ImageEditStreamEvent``.
    """
    fields = _params.body(locals(), _EDIT_PARAMS)
    files = _image_files(image, markup, mask)
    if _wants_stream(fields, extra_body):
        return session._session.stream(
            "POST", "images/edits", cast_to=_EDIT_EVENTS, body=fields, files=files, on_progress=on_progress,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
    return session._session.request(
        "POST", "images/edits", cast_to=ImagesResponse, body=fields, files=files, on_progress=on_progress,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def create_variation(
    session: SessionLike,
    /,
    *,
    image: FileInput,
    model: Union[Optional[str], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    response_format: Union[Optional[str], UnsetType] = UNSET,
    size: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ImagesResponse:
    """Create variations of a square PNG (``dall-e-2`` only), uploaded as multipart
    (https://platform.openai.com/docs/api-reference/images/createVariation)."""
    return session._session.request(
        "POST", "images/variations", cast_to=ImagesResponse, body=_params.body(locals(), _VARIATION_PARAMS),
        files={"image": image}, on_progress=on_progress,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
