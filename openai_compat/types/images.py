"""Types of the Images API: ``ImagesResponse``, ``Image``, the stream events, and value constants.

API reference: https://platform.openai.com/docs/api-reference/images. An image comes back as
base64 (``b64_json``: always for the GPT image models, or with ``response_format="b64_json"``) or
as a ``url`` valid for 60 minutes (``dall-e-2``/``dall-e-3`` by default). ``to_bytes()`` and
``save(path)`` decode the base64 form; ``ImagesResponse.save_all(directory)`` writes every image.
A url-only image raises ``ValueError``: fetching it is a download from another host, which this
client does not do on its own.

Stream events (``stream=True``; spec ``ImageGenStreamEvent``/``ImageEditStreamEvent``) are open
unions on ``type``: a type this library does not know decodes to ``UnknownImageStreamEvent``.
"""

from __future__ import annotations

import base64
import binascii
import os
import pathlib
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of

__all__ = [
    "Image",
    "ImageBackground",
    "ImageEditCompletedEvent",
    "ImageEditPartialImageEvent",
    "ImageEditStreamEvent",
    "ImageGenCompletedEvent",
    "ImageGenPartialImageEvent",
    "ImageGenStreamEvent",
    "ImageInputFidelity",
    "ImageModel",
    "ImageModeration",
    "ImageOutputFormat",
    "ImageQuality",
    "ImageResponseFormat",
    "ImageSize",
    "ImageStyle",
    "ImagesResponse",
    "ImagesUsage",
    "ImagesUsageInputTokensDetails",
    "ImagesUsageOutputTokensDetails",
    "UnknownImageStreamEvent",
]

PathArg = Union[str, "os.PathLike[str]"]


class ImageModel:
    """Image model names the spec lists (``model`` takes any string)."""

    DALL_E_2 = "dall-e-2"
    DALL_E_3 = "dall-e-3"
    GPT_IMAGE_1 = "gpt-image-1"
    GPT_IMAGE_1_MINI = "gpt-image-1-mini"
    GPT_IMAGE_1_5 = "gpt-image-1.5"
    GPT_IMAGE_2 = "gpt-image-2"


class ImageSize:
    """``size`` values; ``gpt-image-2`` also takes any ``"WIDTHxHEIGHT"`` (multiples of 16)."""

    AUTO = "auto"
    SQUARE_256 = "256x256"  # dall-e-2
    SQUARE_512 = "512x512"  # dall-e-2
    SQUARE_1024 = "1024x1024"
    LANDSCAPE_1536X1024 = "1536x1024"  # GPT image models
    PORTRAIT_1024X1536 = "1024x1536"  # GPT image models
    LANDSCAPE_1792X1024 = "1792x1024"  # dall-e-3
    PORTRAIT_1024X1792 = "1024x1792"  # dall-e-3


class ImageQuality:
    """``quality`` values: ``standard``/``hd`` for dall-e-3, ``low``/``medium``/``high`` for GPT image models."""

    AUTO = "auto"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    STANDARD = "standard"
    HD = "hd"


class ImageOutputFormat:
    """``output_format`` values (GPT image models)."""

    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"


class ImageBackground:
    """``background`` values (GPT image models)."""

    AUTO = "auto"
    TRANSPARENT = "transparent"
    OPAQUE = "opaque"


class ImageResponseFormat:
    """``response_format`` values (dall-e models; GPT image models always answer base64)."""

    URL = "url"
    B64_JSON = "b64_json"


class ImageModeration:
    """``moderation`` values (GPT image models)."""

    AUTO = "auto"
    LOW = "low"


class ImageStyle:
    """``style`` values (dall-e-3)."""

    VIVID = "vivid"
    NATURAL = "natural"


class ImageInputFidelity:
    """``input_fidelity`` values for edits (spec ``InputFidelity``)."""

    HIGH = "high"
    LOW = "low"


# File extensions by leading bytes, so a saved file is named after what it holds.
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF8", "gif"))
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}


def decode_b64_image(data: Optional[str], url: Optional[str], what: str) -> bytes:
    """The bytes of a ``b64_json`` value, or a ``ValueError`` saying what to do instead."""
    if data is None:
        if url is not None:
            raise ValueError(
                f"{what} has a url but no b64_json data: download the url (valid for 60 minutes) "
                "with any HTTP client, or ask for response_format='b64_json'"
            )
        raise ValueError(f"{what} has no b64_json data")
    try:
        return base64.b64decode(data, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"{what}'s b64_json is not valid base64 ({len(data)} characters): {exc}") from None


def write_image(path: PathArg, content: bytes) -> pathlib.Path:
    """Write ``content`` to ``path`` (missing parent directories are created) and return the path."""
    target = pathlib.Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def image_extension(content: bytes, output_format: Optional[str]) -> str:
    """The file extension for these bytes: from their signature, else ``output_format``, else ``png``."""
    for signature, extension in _MAGIC:
        if content.startswith(signature):
            return extension
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    return _EXTENSIONS.get(output_format or "", output_format or "png")


class _Base64Image:
    """``to_bytes()`` and ``save(path)`` for Structs with ``b64_json`` (and maybe ``url``) fields."""

    __slots__ = ()
    b64_json: Optional[str]

    def _url(self) -> Optional[str]:
        return None

    def to_bytes(self) -> bytes:
        """The image's bytes, decoded from ``b64_json``. ``ValueError`` if there is none (a url-only
        image: download its ``url``) or it is not valid base64."""
        return decode_b64_image(self.b64_json, self._url(), type(self).__name__)

    def save(self, path: PathArg) -> pathlib.Path:
        """Write the decoded image to ``path`` (parent directories are created); returns the path."""
        return write_image(path, self.to_bytes())


class ImagesUsageInputTokensDetails(APIObject):
    text_tokens: int = 0
    image_tokens: int = 0


class ImagesUsageOutputTokensDetails(APIObject):
    text_tokens: int = 0
    image_tokens: int = 0


class ImagesUsage(APIObject):
    """Token usage of the GPT image models (spec ``ImageGenUsage``/``ImagesUsage``)."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    input_tokens_details: Optional[ImagesUsageInputTokensDetails] = None
    output_tokens_details: Optional[ImagesUsageOutputTokensDetails] = None


class Image(_Base64Image, APIObject):
    """One generated image: ``b64_json`` or ``url``, and the ``revised_prompt`` (dall-e-3)."""

    b64_json: Optional[str] = None
    url: Optional[str] = None
    revised_prompt: Optional[str] = None

    def _url(self) -> Optional[str]:
        return self.url


class ImagesResponse(APIObject):
    """The answer of generate, edit and create_variation (spec ``ImagesResponse``)."""

    created: int = 0
    data: Optional[List[Image]] = None
    background: Optional[str] = None
    output_format: Optional[str] = None
    quality: Optional[str] = None
    size: Optional[str] = None
    usage: Optional[ImagesUsage] = None

    def save_all(self, directory: PathArg, *, prefix: str = "image") -> List[pathlib.Path]:
        """Write every image to ``directory`` (created if missing) as ``<prefix>-<index>.<ext>`` and
        return the paths in order. The extension comes from the bytes (``png``, ``jpg``, ``webp``),
        else from ``output_format``. Every image is decoded before any file is written, so a url-only
        image (``ValueError``) leaves nothing half-saved."""
        contents = [image.to_bytes() for image in self.data or []]
        folder = pathlib.Path(directory)
        return [
            write_image(folder / f"{prefix}-{index}.{image_extension(content, self.output_format)}", content)
            for index, content in enumerate(contents)
        ]


class _ImageStreamEvent(_Base64Image, APIObject):
    type: str = ""
    b64_json: Optional[str] = None
    created_at: Optional[int] = None
    size: Optional[str] = None
    quality: Optional[str] = None
    background: Optional[str] = None
    output_format: Optional[str] = None


class ImageGenPartialImageEvent(_ImageStreamEvent):
    """A partial image while generating (``partial_images`` > 0); ``to_bytes()``/``save()`` decode it."""

    type: str = "image_generation.partial_image"
    partial_image_index: int = 0


class ImageGenCompletedEvent(_ImageStreamEvent):
    """The final generated image and its ``usage``."""

    type: str = "image_generation.completed"
    usage: Optional[ImagesUsage] = None


class ImageEditPartialImageEvent(_ImageStreamEvent):
    """A partial image while editing (``partial_images`` > 0)."""

    type: str = "image_edit.partial_image"
    partial_image_index: int = 0


class ImageEditCompletedEvent(_ImageStreamEvent):
    """The final edited image and its ``usage``."""

    type: str = "image_edit.completed"
    usage: Optional[ImagesUsage] = None


class UnknownImageStreamEvent(APIObject):
    """An image stream event of a type this library does not know: every field is kept."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    ImageGenStreamEvent = Union[ImageGenPartialImageEvent, ImageGenCompletedEvent, UnknownImageStreamEvent]
    ImageEditStreamEvent = Union[ImageEditPartialImageEvent, ImageEditCompletedEvent, UnknownImageStreamEvent]
else:

    class ImageGenStreamEvent(OpenUnion):
        """An ``images.generate(stream=True)`` event, decoded by ``type``."""

        members = by_type((ImageGenPartialImageEvent, ImageGenCompletedEvent))
        unknown = UnknownImageStreamEvent

    class ImageEditStreamEvent(OpenUnion):
        """An ``images.edit(stream=True)`` event, decoded by ``type``."""

        members = by_type((ImageEditPartialImageEvent, ImageEditCompletedEvent))
        unknown = UnknownImageStreamEvent
