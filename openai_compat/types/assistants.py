"""Response types of ``/assistants`` (Assistants API v2, beta): an assistant, its deletion, its tools.

Shapes follow ``AssistantObject``, ``DeleteAssistantResponse`` and ``AssistantTools*`` in the
OpenAPI spec. A tool is an open union on ``type`` (``code_interpreter``, ``file_search``,
``function``) with ``UnknownAssistantTool`` for the others, so a tool type added later never loses
a good answer. Runs share these tool, tool-resource and response-format types (``types.runs``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of

__all__ = [
    "Assistant",
    "AssistantDeleted",
    "AssistantResponseFormat",
    "AssistantTool",
    "AssistantToolChoice",
    "AssistantToolChoiceFunction",
    "CodeInterpreterResources",
    "CodeInterpreterTool",
    "FileSearchRankingOptions",
    "FileSearchResources",
    "FileSearchSettings",
    "FileSearchTool",
    "FunctionDefinition",
    "FunctionTool",
    "ToolResources",
    "UnknownAssistantTool",
]


# -- tools (AssistantToolsCode / AssistantToolsFileSearch / AssistantToolsFunction) ------------


class CodeInterpreterTool(APIObject):
    """The code interpreter tool."""

    type: str = "code_interpreter"


class FileSearchRankingOptions(APIObject):
    """How file search results are ranked; ``score_threshold`` is 0..1."""

    ranker: Optional[str] = None
    score_threshold: Optional[float] = None


class FileSearchSettings(APIObject):
    """Overrides for the file search tool: up to 50 results, ranking options."""

    max_num_results: Optional[int] = None
    ranking_options: Optional[FileSearchRankingOptions] = None


class FileSearchTool(APIObject):
    """The file search tool (``file_search`` holds its optional settings)."""

    type: str = "file_search"
    file_search: Optional[FileSearchSettings] = None


class FunctionDefinition(APIObject):
    """A function the model may call: ``parameters`` is a JSON Schema object."""

    name: str = ""
    description: Optional[str] = None
    parameters: Optional[Dict[str, Any]] = None
    strict: Optional[bool] = None


class FunctionTool(APIObject):
    """A function tool."""

    type: str = "function"
    function: FunctionDefinition = msgspec.field(default_factory=FunctionDefinition)


class UnknownAssistantTool(APIObject):
    """A tool of a type this library does not know: every field is kept (attributes, ``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


_TOOLS = (CodeInterpreterTool, FileSearchTool, FunctionTool)

if TYPE_CHECKING:
    AssistantTool = Union[CodeInterpreterTool, FileSearchTool, FunctionTool, UnknownAssistantTool]
else:

    class AssistantTool(OpenUnion):
        """A tool of an assistant or run: decoded by ``type``, ``UnknownAssistantTool`` for the others."""

        members = by_type(_TOOLS)
        unknown = UnknownAssistantTool


# -- tool resources, response format, tool choice ---------------------------------------------


class CodeInterpreterResources(APIObject):
    """Files made available to the code interpreter (up to 20)."""

    file_ids: Optional[List[str]] = None


class FileSearchResources(APIObject):
    """The vector store (at most one) the file search tool reads."""

    vector_store_ids: Optional[List[str]] = None


class ToolResources(APIObject):
    """Resources the tools of an assistant or thread use, per tool."""

    code_interpreter: Optional[CodeInterpreterResources] = None
    file_search: Optional[FileSearchResources] = None


class AssistantResponseFormat(APIObject):
    """``{"type": "text" | "json_object" | "json_schema", ...}``; the format may also be the string
    ``"auto"`` (``AssistantsApiResponseFormatOption``), so fields typed with it accept a ``str`` too."""

    type: str = ""
    json_schema: Optional[Dict[str, Any]] = None


class AssistantToolChoiceFunction(APIObject):
    """The function a run must call."""

    name: str = ""


class AssistantToolChoice(APIObject):
    """A named tool a run must use; ``tool_choice`` may also be ``"none"``, ``"auto"`` or ``"required"``."""

    type: str = ""
    function: Optional[AssistantToolChoiceFunction] = None


# -- the assistant ------------------------------------------------------------------------------


class Assistant(APIObject):
    """An assistant (``AssistantObject``): a model, instructions and tools. ``created_at`` is Unix seconds."""

    id: str = ""
    object: str = "assistant"
    created_at: int = 0
    name: Optional[str] = None
    description: Optional[str] = None
    model: str = ""
    instructions: Optional[str] = None
    tools: List[AssistantTool] = msgspec.field(default_factory=list)
    tool_resources: Optional[ToolResources] = None
    metadata: Optional[Dict[str, str]] = None
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    reasoning_effort: Optional[str] = None
    response_format: Union[str, AssistantResponseFormat, None] = None


class AssistantDeleted(APIObject):
    """The answer to deleting an assistant."""

    id: str = ""
    object: str = "assistant.deleted"
    deleted: bool = False
