"""Tools a ``Response`` echoes back (``Tool`` in the spec) and text annotations (``Annotation``).

Both are open unions (see ``_open``): each ``type`` the spec lists decodes to its Struct, any other
to ``UnknownTool`` / ``UnknownAnnotation``, which keep every field (``raw``). Nested configuration
(filters, locations, containers, formats) stays as the JSON the server sent. To *send* tools, dicts
are what ``responses.create(tools=[...])`` takes; a decoded tool can be sent back as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of

__all__ = [
    "Annotation", "ApplyPatchTool", "CodeInterpreterTool", "ComputerTool", "ComputerUsePreviewTool",
    "ContainerFileCitation", "CustomTool", "FileCitation", "FilePath", "FileSearchTool", "FunctionTool",
    "ImageGenerationTool", "LocalShellTool", "McpTool", "NamespaceTool", "ProgrammaticToolCallingTool", "ResponseTool",
    "ShellTool", "ToolSearchTool", "UnknownAnnotation", "UnknownTool", "UrlCitation", "WebSearchPreviewTool",
    "WebSearchTool",
]

_Obj = Dict[str, Any]


# -- annotations -----------------------------------------------------------------------------


class FileCitation(APIObject):
    type: str = "file_citation"
    file_id: str = ""
    index: int = 0
    filename: str = ""


class UrlCitation(APIObject):
    type: str = "url_citation"
    url: str = ""
    start_index: int = 0
    end_index: int = 0
    title: str = ""


class ContainerFileCitation(APIObject):
    type: str = "container_file_citation"
    container_id: str = ""
    file_id: str = ""
    start_index: int = 0
    end_index: int = 0
    filename: str = ""


class FilePath(APIObject):
    type: str = "file_path"
    file_id: str = ""
    index: int = 0


class UnknownAnnotation(APIObject):
    """An annotation of a type this library does not know; every field is kept (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


# -- tools -------------------------------------------------------------------------------------


class _Tool(APIObject):
    type: str = ""


class _CallableTool(_Tool):
    allowed_callers: Optional[List[Any]] = None


class FunctionTool(_CallableTool):
    type: str = "function"
    name: str = ""
    description: Optional[str] = None
    parameters: Optional[_Obj] = None
    output_schema: Optional[_Obj] = None
    strict: Optional[bool] = None
    defer_loading: Optional[bool] = None


class FileSearchTool(_Tool):
    type: str = "file_search"
    vector_store_ids: List[str] = msgspec.field(default_factory=list)
    max_num_results: Optional[int] = None
    ranking_options: Optional[_Obj] = None
    filters: Optional[Any] = None


class ComputerTool(_Tool):
    type: str = "computer"


class ComputerUsePreviewTool(_Tool):
    type: str = "computer_use_preview"
    environment: str = ""
    display_width: int = 0
    display_height: int = 0


class WebSearchTool(_Tool):
    """``web_search`` (also ``web_search_2025_08_26``)."""

    type: str = "web_search"
    external_web_access: Optional[bool] = None
    filters: Optional[Any] = None
    user_location: Optional[_Obj] = None
    search_context_size: Optional[str] = None


class WebSearchPreviewTool(_Tool):
    """``web_search_preview`` (also ``web_search_preview_2025_03_11``)."""

    type: str = "web_search_preview"
    user_location: Optional[_Obj] = None
    search_context_size: Optional[str] = None
    search_content_types: Optional[List[str]] = None


class McpTool(_CallableTool):
    type: str = "mcp"
    server_label: str = ""
    server_url: Optional[str] = None
    connector_id: Optional[str] = None
    tunnel_id: Optional[str] = None
    authorization: Optional[str] = None
    server_description: Optional[str] = None
    headers: Optional[Dict[str, Any]] = None
    allowed_tools: Optional[Any] = None
    require_approval: Optional[Any] = None
    defer_loading: Optional[bool] = None


class CodeInterpreterTool(_CallableTool):
    type: str = "code_interpreter"
    container: Union[str, _Obj] = ""


class ProgrammaticToolCallingTool(_Tool):
    type: str = "programmatic_tool_calling"


class ImageGenerationTool(_Tool):
    type: str = "image_generation"
    model: Optional[str] = None
    quality: Optional[str] = None
    size: Optional[str] = None
    output_format: Optional[str] = None
    output_compression: Optional[int] = None
    moderation: Optional[str] = None
    background: Optional[str] = None
    input_fidelity: Optional[str] = None
    input_image_mask: Optional[_Obj] = None
    partial_images: Optional[int] = None
    action: Optional[str] = None


class LocalShellTool(_Tool):
    type: str = "local_shell"


class ShellTool(_CallableTool):
    type: str = "shell"
    environment: Optional[_Obj] = None


class CustomTool(_CallableTool):
    type: str = "custom"
    name: str = ""
    description: Optional[str] = None
    format: Optional[_Obj] = None
    defer_loading: Optional[bool] = None


class NamespaceTool(_Tool):
    type: str = "namespace"
    name: str = ""
    description: str = ""
    tools: List[_Obj] = msgspec.field(default_factory=list)


class ToolSearchTool(_Tool):
    type: str = "tool_search"
    execution: Optional[str] = None
    description: Optional[str] = None
    parameters: Optional[_Obj] = None


class ApplyPatchTool(_CallableTool):
    type: str = "apply_patch"


class UnknownTool(_Tool):
    """A tool of a type this library does not know; every field is kept (``raw``)."""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


_ANNOTATIONS = (FileCitation, UrlCitation, ContainerFileCitation, FilePath)
_TOOLS = (
    FunctionTool, FileSearchTool, ComputerTool, ComputerUsePreviewTool, WebSearchTool, WebSearchPreviewTool, McpTool,
    CodeInterpreterTool, ProgrammaticToolCallingTool, ImageGenerationTool, LocalShellTool, ShellTool, CustomTool,
    NamespaceTool, ToolSearchTool, ApplyPatchTool,
)
# Two tools answer to a dated ``type`` as well.
_TOOL_TYPES = {**by_type(_TOOLS), "web_search_2025_08_26": WebSearchTool,
               "web_search_preview_2025_03_11": WebSearchPreviewTool}

if TYPE_CHECKING:
    Annotation = Union[FileCitation, UrlCitation, ContainerFileCitation, FilePath, UnknownAnnotation]
    ResponseTool = Union[
        FunctionTool, FileSearchTool, ComputerTool, ComputerUsePreviewTool, WebSearchTool, WebSearchPreviewTool,
        McpTool, CodeInterpreterTool, ProgrammaticToolCallingTool, ImageGenerationTool, LocalShellTool, ShellTool,
        CustomTool, NamespaceTool, ToolSearchTool, ApplyPatchTool, UnknownTool,
    ]
else:

    class Annotation(OpenUnion):
        """A text annotation: decoded by ``type``, ``UnknownAnnotation`` for the others."""

        members = by_type(_ANNOTATIONS)
        unknown = UnknownAnnotation

    class ResponseTool(OpenUnion):
        """A tool of a response: decoded by ``type``, ``UnknownTool`` for the others."""

        members = _TOOL_TYPES
        unknown = UnknownTool
