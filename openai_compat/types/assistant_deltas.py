"""The delta objects of a streamed run: ``thread.message.delta`` and ``thread.run.step.delta`` data.

Shapes follow ``MessageDeltaObject`` and ``RunStepDeltaObject`` in the OpenAPI spec (names as in
openai-python: the data object is ``MessageDeltaEvent``, its ``delta`` a ``MessageDelta``). Every
part of a delta carries the ``index`` of the part it extends, and every field may be missing; the
content parts, annotations, step details, tool calls and code outputs are open unions on ``type``
with an ``Unknown...`` fallback, as in the full objects (``types.threads``, ``types.runs``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject, list_of
from ._open import OpenUnion, by_type, raw_of
from .runs import FunctionCall, MessageCreation
from .threads import FileCitation, FilePath, ImageFile, ImageURL

__all__ = [
    "AnnotationDelta", "CodeInterpreterDelta", "CodeInterpreterLogsDelta", "CodeInterpreterOutputDelta",
    "CodeInterpreterOutputImageDelta", "CodeInterpreterToolCallDelta", "FileCitationDeltaAnnotation",
    "FilePathDeltaAnnotation", "FileSearchToolCallDelta", "FunctionToolCallDelta", "ImageFileDeltaBlock",
    "ImageURLDeltaBlock", "MessageContentDelta", "MessageDelta", "MessageDeltaEvent", "RefusalDeltaBlock",
    "RunStepDelta", "RunStepDeltaEvent", "RunStepDeltaMessageDelta", "RunStepDeltaStepDetails", "TextDelta",
    "TextDeltaBlock", "ToolCallDelta", "ToolCallDeltaObject", "UnknownDelta",
]


class UnknownDelta(APIObject):
    """A delta part of a type this library does not know: every field is kept (attributes, ``raw``)."""

    index: Optional[int] = None
    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


def _open_union(name: str, classes: Any) -> Any:
    """An open union on ``type`` over ``classes`` with ``UnknownDelta`` for the others."""
    return type(name, (OpenUnion,), {"members": by_type(classes), "unknown": UnknownDelta, "__module__": __name__})


# -- message deltas -----------------------------------------------------------------------------


class FileCitationDeltaAnnotation(APIObject):
    index: int = 0
    type: str = "file_citation"
    text: Optional[str] = None
    file_citation: Optional[FileCitation] = None
    start_index: Optional[int] = None
    end_index: Optional[int] = None


class FilePathDeltaAnnotation(APIObject):
    index: int = 0
    type: str = "file_path"
    text: Optional[str] = None
    file_path: Optional[FilePath] = None
    start_index: Optional[int] = None
    end_index: Optional[int] = None


class TextDelta(APIObject):
    value: Optional[str] = None
    annotations: Optional[List[AnnotationDelta]] = None


class TextDeltaBlock(APIObject):
    """More text (``text.value``) for the content part at ``index``."""

    index: int = 0
    type: str = "text"
    text: Optional[TextDelta] = None


class ImageFileDeltaBlock(APIObject):
    index: int = 0
    type: str = "image_file"
    image_file: Optional[ImageFile] = None


class ImageURLDeltaBlock(APIObject):
    index: int = 0
    type: str = "image_url"
    image_url: Optional[ImageURL] = None


class RefusalDeltaBlock(APIObject):
    index: int = 0
    type: str = "refusal"
    refusal: Optional[str] = None


class MessageDelta(APIObject):
    """The changed fields of a message."""

    role: Optional[str] = None
    content: Optional[List[MessageContentDelta]] = None


class MessageDeltaEvent(APIObject):
    """The data of ``thread.message.delta``: the message ``id`` and what changed."""

    id: str = ""
    object: str = "thread.message.delta"
    delta: MessageDelta = msgspec.field(default_factory=MessageDelta)

    @property
    def text(self) -> str:
        """The text this delta adds (every ``text`` part's ``value``, joined)."""
        delta = self.delta if isinstance(self.delta, MessageDelta) else MessageDelta()
        return "".join(
            part.text.value for part in list_of(delta.content, TextDeltaBlock)
            if isinstance(part.text, TextDelta) and isinstance(part.text.value, str)
        )


# -- run step deltas ----------------------------------------------------------------------------


class CodeInterpreterLogsDelta(APIObject):
    index: int = 0
    type: str = "logs"
    logs: Optional[str] = None


class _ImageFileDelta(APIObject):
    file_id: Optional[str] = None


class CodeInterpreterOutputImageDelta(APIObject):
    index: int = 0
    type: str = "image"
    image: Optional[_ImageFileDelta] = None


class CodeInterpreterDelta(APIObject):
    input: Optional[str] = None
    outputs: Optional[List[CodeInterpreterOutputDelta]] = None


class CodeInterpreterToolCallDelta(APIObject):
    index: int = 0
    id: Optional[str] = None
    type: str = "code_interpreter"
    code_interpreter: Optional[CodeInterpreterDelta] = None


class FileSearchToolCallDelta(APIObject):
    index: int = 0
    id: Optional[str] = None
    type: str = "file_search"
    file_search: Optional[Dict[str, Any]] = None  # the spec leaves it an open map


class _FunctionDelta(FunctionCall):
    name: Optional[str] = None  # type: ignore[assignment]
    arguments: Optional[str] = None  # type: ignore[assignment]


class FunctionToolCallDelta(APIObject):
    """More of a function call: ``function.arguments`` arrives in pieces."""

    index: int = 0
    id: Optional[str] = None
    type: str = "function"
    function: Optional[_FunctionDelta] = None


class _MessageCreationDelta(MessageCreation):
    message_id: Optional[str] = None  # type: ignore[assignment]


class RunStepDeltaMessageDelta(APIObject):
    type: str = "message_creation"
    message_creation: Optional[_MessageCreationDelta] = None


class ToolCallDeltaObject(APIObject):
    type: str = "tool_calls"
    tool_calls: Optional[List[ToolCallDelta]] = None


class RunStepDelta(APIObject):
    """The changed fields of a run step."""

    step_details: Optional[RunStepDeltaStepDetails] = None


class RunStepDeltaEvent(APIObject):
    """The data of ``thread.run.step.delta``: the step ``id`` and what changed."""

    id: str = ""
    object: str = "thread.run.step.delta"
    delta: RunStepDelta = msgspec.field(default_factory=RunStepDelta)


if TYPE_CHECKING:
    AnnotationDelta = Union[FileCitationDeltaAnnotation, FilePathDeltaAnnotation, UnknownDelta]
    MessageContentDelta = Union[TextDeltaBlock, ImageFileDeltaBlock, ImageURLDeltaBlock, RefusalDeltaBlock,
                                UnknownDelta]
    CodeInterpreterOutputDelta = Union[CodeInterpreterLogsDelta, CodeInterpreterOutputImageDelta, UnknownDelta]
    ToolCallDelta = Union[CodeInterpreterToolCallDelta, FileSearchToolCallDelta, FunctionToolCallDelta, UnknownDelta]
    RunStepDeltaStepDetails = Union[RunStepDeltaMessageDelta, ToolCallDeltaObject, UnknownDelta]
else:
    AnnotationDelta = _open_union("AnnotationDelta", (FileCitationDeltaAnnotation, FilePathDeltaAnnotation))
    MessageContentDelta = _open_union(
        "MessageContentDelta", (TextDeltaBlock, ImageFileDeltaBlock, ImageURLDeltaBlock, RefusalDeltaBlock)
    )
    CodeInterpreterOutputDelta = _open_union(
        "CodeInterpreterOutputDelta", (CodeInterpreterLogsDelta, CodeInterpreterOutputImageDelta)
    )
    ToolCallDelta = _open_union(
        "ToolCallDelta", (CodeInterpreterToolCallDelta, FileSearchToolCallDelta, FunctionToolCallDelta)
    )
    RunStepDeltaStepDetails = _open_union("RunStepDeltaStepDetails", (RunStepDeltaMessageDelta, ToolCallDeltaObject))
