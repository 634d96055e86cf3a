"""Items and content parts of the Responses API (``OutputItem``, ``ItemResource``, ``OutputContent``).

Both are open unions (see ``_open``): each ``type`` the spec lists decodes to its Struct, any other
to ``UnknownItem`` / ``UnknownContent``, whose fields are all kept (attributes, ``to_dict()``,
``raw``). As everywhere in this package, enum-like fields are ``str``, required fields have neutral
defaults, and nested shapes the spec keeps evolving (tool actions, results, annotations) are dicts.
Items decoded here can be sent back as ``input`` of the next request as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject, list_of
from ._open import OpenUnion, by_type, raw_of
from .responses_tools import Annotation

__all__ = [
    "AdditionalTools", "ApplyPatchCall", "ApplyPatchCallOutput", "CodeInterpreterCall", "Compaction",
    "ComputerCall", "ComputerCallOutput", "ContentPart", "CustomToolCall", "CustomToolCallOutput",
    "FileSearchCall", "FunctionCall", "FunctionCallOutput", "ImageGenerationCall", "InputFile", "InputImage",
    "InputText", "LocalShellCall", "LocalShellCallOutput", "McpApprovalRequest", "McpApprovalResponse", "McpCall",
    "McpListTools", "Message", "OutputItem", "OutputText", "Program", "ProgramOutput", "ReasoningItem",
    "ReasoningText", "Refusal", "ShellCall", "ShellCallOutput", "SummaryText", "ToolSearchCall", "ToolSearchOutput",
    "UnknownContent", "UnknownItem", "WebSearchCall",
]

_Obj = Dict[str, Any]


# -- content parts ---------------------------------------------------------------------------


class OutputText(APIObject):
    type: str = "output_text"
    text: str = ""
    annotations: List[Annotation] = msgspec.field(default_factory=list)
    logprobs: Optional[List[_Obj]] = None


class Refusal(APIObject):
    type: str = "refusal"
    refusal: str = ""


class ReasoningText(APIObject):
    type: str = "reasoning_text"
    text: str = ""


class SummaryText(APIObject):
    type: str = "summary_text"
    text: str = ""


class InputText(APIObject):
    type: str = "input_text"
    text: str = ""
    prompt_cache_breakpoint: Optional[_Obj] = None


class InputImage(APIObject):
    type: str = "input_image"
    image_url: Optional[str] = None
    file_id: Optional[str] = None
    detail: Optional[str] = None
    prompt_cache_breakpoint: Optional[_Obj] = None


class InputFile(APIObject):
    type: str = "input_file"
    file_id: Optional[str] = None
    filename: Optional[str] = None
    file_data: Optional[str] = None
    file_url: Optional[str] = None
    detail: Optional[str] = None
    prompt_cache_breakpoint: Optional[_Obj] = None


class UnknownContent(APIObject):
    """A content part of a type this library does not know; every field is kept (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


# -- items -----------------------------------------------------------------------------------


class _Item(APIObject):
    type: str = ""
    id: Optional[str] = None


class _Call(_Item):
    call_id: str = ""
    status: Optional[str] = None
    caller: Optional[_Obj] = None
    created_by: Optional[str] = None


class Message(_Item):
    """A message: ``output_text`` and ``refusal`` parts from the model, input parts from the user."""

    type: str = "message"
    role: str = "assistant"
    content: List[ContentPart] = msgspec.field(default_factory=list)
    status: Optional[str] = None
    phase: Optional[str] = None

    @property
    def text(self) -> str:
        """The text of the ``output_text`` parts, joined."""
        return "".join(part.text for part in list_of(self.content, OutputText) if isinstance(part.text, str))


class FunctionCall(_Call):
    type: str = "function_call"
    name: str = ""
    arguments: str = ""
    namespace: Optional[str] = None


class FunctionCallOutput(_Call):
    type: str = "function_call_output"
    output: Any = ""
    name: Optional[str] = None
    namespace: Optional[str] = None


class CustomToolCall(_Call):
    type: str = "custom_tool_call"
    name: str = ""
    input: str = ""
    namespace: Optional[str] = None


class CustomToolCallOutput(_Call):
    type: str = "custom_tool_call_output"
    output: Any = ""


class ReasoningItem(_Item):
    type: str = "reasoning"
    summary: List[SummaryText] = msgspec.field(default_factory=list)
    content: Optional[List[ContentPart]] = None
    encrypted_content: Optional[str] = None
    status: Optional[str] = None


class FileSearchCall(_Item):
    type: str = "file_search_call"
    status: str = ""
    queries: List[str] = msgspec.field(default_factory=list)
    results: Optional[List[_Obj]] = None


class WebSearchCall(_Item):
    type: str = "web_search_call"
    status: str = ""
    action: Optional[_Obj] = None


class ComputerCall(_Call):
    type: str = "computer_call"
    action: Optional[_Obj] = None
    actions: Optional[List[_Obj]] = None
    pending_safety_checks: List[_Obj] = msgspec.field(default_factory=list)


class ComputerCallOutput(_Call):
    type: str = "computer_call_output"
    output: Optional[_Obj] = None
    acknowledged_safety_checks: Optional[List[_Obj]] = None


class ImageGenerationCall(_Item):
    type: str = "image_generation_call"
    status: str = ""
    result: Optional[str] = None


class CodeInterpreterCall(_Item):
    type: str = "code_interpreter_call"
    status: str = ""
    container_id: str = ""
    code: Optional[str] = None
    outputs: Optional[List[_Obj]] = None


class LocalShellCall(_Call):
    type: str = "local_shell_call"
    action: Optional[_Obj] = None


class LocalShellCallOutput(_Item):
    type: str = "local_shell_call_output"
    output: str = ""
    status: Optional[str] = None


class ShellCall(_Call):
    type: str = "shell_call"
    action: Optional[_Obj] = None
    environment: Optional[_Obj] = None


class ShellCallOutput(_Call):
    type: str = "shell_call_output"
    output: List[_Obj] = msgspec.field(default_factory=list)
    max_output_length: Optional[int] = None


class ApplyPatchCall(_Call):
    type: str = "apply_patch_call"
    operation: Optional[_Obj] = None


class ApplyPatchCallOutput(_Call):
    type: str = "apply_patch_call_output"
    output: Optional[str] = None


class McpCall(_Item):
    type: str = "mcp_call"
    server_label: str = ""
    name: str = ""
    arguments: str = ""
    output: Optional[str] = None
    error: Optional[Any] = None
    status: Optional[str] = None
    approval_request_id: Optional[str] = None


class McpListTools(_Item):
    type: str = "mcp_list_tools"
    server_label: str = ""
    tools: List[_Obj] = msgspec.field(default_factory=list)
    error: Optional[Any] = None


class McpApprovalRequest(_Item):
    type: str = "mcp_approval_request"
    server_label: str = ""
    name: str = ""
    arguments: str = ""


class McpApprovalResponse(_Item):
    type: str = "mcp_approval_response"
    approval_request_id: str = ""
    approve: bool = False
    reason: Optional[str] = None


class ToolSearchCall(_Call):
    type: str = "tool_search_call"
    execution: Optional[str] = None
    arguments: Any = None


class ToolSearchOutput(_Call):
    type: str = "tool_search_output"
    execution: Optional[str] = None
    tools: List[_Obj] = msgspec.field(default_factory=list)


class AdditionalTools(_Item):
    type: str = "additional_tools"
    role: str = ""
    tools: List[_Obj] = msgspec.field(default_factory=list)


class Compaction(_Item):
    type: str = "compaction"
    encrypted_content: str = ""
    created_by: Optional[str] = None


class Program(_Item):
    type: str = "program"
    call_id: str = ""
    code: str = ""
    fingerprint: str = ""


class ProgramOutput(_Item):
    type: str = "program_output"
    call_id: str = ""
    result: Any = None
    status: Optional[str] = None


class UnknownItem(_Item):
    """An item of a type this library does not know: every field is kept (attributes, ``raw``)."""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


_CONTENT = (OutputText, Refusal, ReasoningText, SummaryText, InputText, InputImage, InputFile)
_ITEMS = (
    Message, FunctionCall, FunctionCallOutput, CustomToolCall, CustomToolCallOutput, ReasoningItem, FileSearchCall,
    WebSearchCall, ComputerCall, ComputerCallOutput, ImageGenerationCall, CodeInterpreterCall, LocalShellCall,
    LocalShellCallOutput, ShellCall, ShellCallOutput, ApplyPatchCall, ApplyPatchCallOutput, McpCall, McpListTools,
    McpApprovalRequest, McpApprovalResponse, ToolSearchCall, ToolSearchOutput, AdditionalTools, Compaction, Program,
    ProgramOutput,
)


if TYPE_CHECKING:
    ContentPart = Union[OutputText, Refusal, ReasoningText, SummaryText, InputText, InputImage, InputFile,
                        UnknownContent]
    OutputItem = Union[
        Message, FunctionCall, FunctionCallOutput, CustomToolCall, CustomToolCallOutput, ReasoningItem,
        FileSearchCall, WebSearchCall, ComputerCall, ComputerCallOutput, ImageGenerationCall, CodeInterpreterCall,
        LocalShellCall, LocalShellCallOutput, ShellCall, ShellCallOutput, ApplyPatchCall, ApplyPatchCallOutput,
        McpCall, McpListTools, McpApprovalRequest, McpApprovalResponse, ToolSearchCall, ToolSearchOutput,
        AdditionalTools, Compaction, Program, ProgramOutput, UnknownItem,
    ]
else:

    class ContentPart(OpenUnion):
        """A content part: decoded by ``type``, ``UnknownContent`` for the others."""

        members = by_type(_CONTENT)
        unknown = UnknownContent

    class OutputItem(OpenUnion):
        """An output (or input) item: decoded by ``type``, ``UnknownItem`` for the others."""

        members = by_type(_ITEMS)
        unknown = UnknownItem
