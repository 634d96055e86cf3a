"""Response types of ``/threads`` and ``/threads/{id}/messages`` (Assistants API v2, beta).

Shapes follow ``ThreadObject``, ``MessageObject`` and their ``Delete*Response`` in the OpenAPI
spec. A message's ``content`` is a list of parts, an open union on ``type`` (``text``,
``image_file``, ``image_url``, ``refusal``; ``UnknownMessageContent`` for the others); a text
part's ``annotations`` are one too (``file_citation``, ``file_path``; ``UnknownTextAnnotation``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of
from .assistants import AssistantTool, ToolResources

__all__ = [
    "Attachment",
    "FileCitation",
    "FileCitationAnnotation",
    "FilePath",
    "FilePathAnnotation",
    "ImageFile",
    "ImageFileContentBlock",
    "ImageURL",
    "ImageURLContentBlock",
    "Message",
    "MessageContent",
    "MessageDeleted",
    "MessageIncompleteDetails",
    "MessageStatus",
    "RefusalContentBlock",
    "Text",
    "TextAnnotation",
    "TextContentBlock",
    "Thread",
    "ThreadDeleted",
    "UnknownMessageContent",
    "UnknownTextAnnotation",
]


class Thread(APIObject):
    """A thread of messages (``ThreadObject``). ``created_at`` is Unix seconds."""

    id: str = ""
    object: str = "thread"
    created_at: int = 0
    tool_resources: Optional[ToolResources] = None
    metadata: Optional[Dict[str, str]] = None


class ThreadDeleted(APIObject):
    """The answer to deleting a thread."""

    id: str = ""
    object: str = "thread.deleted"
    deleted: bool = False


# -- text annotations ---------------------------------------------------------------------------


class FileCitation(APIObject):
    file_id: str = ""


class FileCitationAnnotation(APIObject):
    """A citation of a file the file search tool found; ``text`` is the span it replaces."""

    type: str = "file_citation"
    text: str = ""
    file_citation: FileCitation = msgspec.field(default_factory=FileCitation)
    start_index: int = 0
    end_index: int = 0


class FilePath(APIObject):
    file_id: str = ""


class FilePathAnnotation(APIObject):
    """A link to a file the code interpreter made; ``text`` is the span it replaces."""

    type: str = "file_path"
    text: str = ""
    file_path: FilePath = msgspec.field(default_factory=FilePath)
    start_index: int = 0
    end_index: int = 0


class UnknownTextAnnotation(APIObject):
    """An annotation of a type this library does not know: every field is kept (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    TextAnnotation = Union[FileCitationAnnotation, FilePathAnnotation, UnknownTextAnnotation]
else:

    class TextAnnotation(OpenUnion):
        """A text annotation: decoded by ``type``, ``UnknownTextAnnotation`` for the others."""

        members = by_type((FileCitationAnnotation, FilePathAnnotation))
        unknown = UnknownTextAnnotation


# -- content parts ------------------------------------------------------------------------------


class Text(APIObject):
    value: str = ""
    annotations: List[TextAnnotation] = msgspec.field(default_factory=list)


class TextContentBlock(APIObject):
    """Text, with its annotations."""

    type: str = "text"
    text: Text = msgspec.field(default_factory=Text)


class ImageFile(APIObject):
    file_id: str = ""
    detail: Optional[str] = None


class ImageFileContentBlock(APIObject):
    """An image given as an uploaded file."""

    type: str = "image_file"
    image_file: ImageFile = msgspec.field(default_factory=ImageFile)


class ImageURL(APIObject):
    url: str = ""
    detail: Optional[str] = None


class ImageURLContentBlock(APIObject):
    """An image given by URL."""

    type: str = "image_url"
    image_url: ImageURL = msgspec.field(default_factory=ImageURL)


class RefusalContentBlock(APIObject):
    """The model's refusal to answer."""

    type: str = "refusal"
    refusal: str = ""


class UnknownMessageContent(APIObject):
    """A content part of a type this library does not know: every field is kept (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


_CONTENT = (TextContentBlock, ImageFileContentBlock, ImageURLContentBlock, RefusalContentBlock)

if TYPE_CHECKING:
    MessageContent = Union[
        TextContentBlock, ImageFileContentBlock, ImageURLContentBlock, RefusalContentBlock, UnknownMessageContent
    ]
else:

    class MessageContent(OpenUnion):
        """A message content part: decoded by ``type``, ``UnknownMessageContent`` for the others."""

        members = by_type(_CONTENT)
        unknown = UnknownMessageContent


# -- the message ----------------------------------------------------------------------------------


class MessageStatus:
    """The ``status`` values of a message the spec lists."""

    IN_PROGRESS = "in_progress"
    INCOMPLETE = "incomplete"
    COMPLETED = "completed"


class MessageIncompleteDetails(APIObject):
    """Why a message is incomplete (``content_filter``, ``max_tokens``, ``run_cancelled``, ...)."""

    reason: str = ""


class Attachment(APIObject):
    """A file attached to a message and the tools it was added to."""

    file_id: Optional[str] = None
    tools: Optional[List[AssistantTool]] = None


class Message(APIObject):
    """A message of a thread (``MessageObject``)."""

    id: str = ""
    object: str = "thread.message"
    created_at: int = 0
    thread_id: str = ""
    status: Optional[str] = None
    incomplete_details: Optional[MessageIncompleteDetails] = None
    completed_at: Optional[int] = None
    incomplete_at: Optional[int] = None
    role: str = ""
    content: List[MessageContent] = msgspec.field(default_factory=list)
    assistant_id: Optional[str] = None
    run_id: Optional[str] = None
    attachments: Optional[List[Attachment]] = None
    metadata: Optional[Dict[str, str]] = None

    @property
    def text(self) -> str:
        """The text of every ``text`` part, joined (``""`` if there is none)."""
        return "".join(part.text.value for part in self.content if isinstance(part, TextContentBlock))


class MessageDeleted(APIObject):
    """The answer to deleting a message."""

    id: str = ""
    object: str = "thread.message.deleted"
    deleted: bool = False
