"""Objects carried inside Realtime server events: conversation items, their content parts, the
``response`` of ``response.created``/``response.done``, errors and rate limits.

The spec's ``RealtimeConversationItem`` is a union of nine shapes (system/user/assistant messages,
function calls and outputs, MCP calls, tool lists and approvals). They are decoded into one flat
Struct with every field optional: the item ``type`` (and ``role``) say which fields are set, and an
item type added later still decodes, its new fields kept as attributes (``APIObject``).
Deep configuration objects (``status_details``, ``usage``, ``audio``, MCP ``tools``) stay as
JSON values: they change between model snapshots and are read rather than matched on.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject, list_of

__all__ = [
    "RealtimeContentPart",
    "RealtimeConversationItem",
    "RealtimeError",
    "RealtimeItemStatus",
    "RealtimeItemType",
    "RealtimeRateLimit",
    "RealtimeResponse",
    "RealtimeResponseStatus",
]


class RealtimeItemType:
    """The ``type`` values of ``RealtimeConversationItem`` in the spec."""

    MESSAGE = "message"
    FUNCTION_CALL = "function_call"
    FUNCTION_CALL_OUTPUT = "function_call_output"
    MCP_CALL = "mcp_call"
    MCP_LIST_TOOLS = "mcp_list_tools"
    MCP_APPROVAL_REQUEST = "mcp_approval_request"
    MCP_APPROVAL_RESPONSE = "mcp_approval_response"


class RealtimeItemStatus:
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"
    IN_PROGRESS = "in_progress"


class RealtimeResponseStatus:
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"
    INCOMPLETE = "incomplete"
    IN_PROGRESS = "in_progress"


class RealtimeContentPart(APIObject):
    """A content part of a message item or of ``response.content_part.*``: ``input_text``,
    ``input_audio``, ``input_image``, ``output_text``, ``output_audio`` (or a newer type)."""

    type: str = ""
    text: Optional[str] = None
    audio: Optional[str] = None  # base64-encoded audio bytes
    transcript: Optional[str] = None
    image_url: Optional[str] = None
    detail: Optional[str] = None
    format: Optional[str] = None  # of input audio, in the spec's examples


class RealtimeConversationItem(APIObject):
    """One item of a Realtime conversation (any of the spec's item shapes; see the module docstring)."""

    type: str = ""
    id: Optional[str] = None
    object: Optional[str] = None  # "realtime.item"
    status: Optional[str] = None
    # message
    role: Optional[str] = None
    content: Optional[List[RealtimeContentPart]] = None
    # function_call / function_call_output
    call_id: Optional[str] = None
    name: Optional[str] = None
    arguments: Optional[str] = None
    output: Optional[str] = None
    # MCP items
    server_label: Optional[str] = None
    approval_request_id: Optional[str] = None
    approve: Optional[bool] = None
    reason: Optional[str] = None
    tools: Optional[List[Dict[str, Any]]] = None
    error: Optional[Dict[str, Any]] = None


class RealtimeError(APIObject):
    """The ``error`` of an ``error`` event (or of a failed input transcription)."""

    type: str = ""
    message: str = ""
    code: Optional[str] = None
    param: Optional[str] = None
    event_id: Optional[str] = None  # the client event that caused it, when known


class RealtimeRateLimit(APIObject):
    name: str = ""  # "requests" or "tokens"
    limit: Optional[int] = None
    remaining: Optional[int] = None
    reset_seconds: Optional[float] = None


class RealtimeResponse(APIObject):
    """The response of ``response.created`` (empty output) and ``response.done`` (final)."""

    id: Optional[str] = None
    object: Optional[str] = None  # "realtime.response"
    status: Optional[str] = None
    status_details: Optional[Dict[str, Any]] = None
    output: List[RealtimeConversationItem] = msgspec.field(default_factory=list)
    metadata: Optional[Dict[str, Any]] = None
    audio: Optional[Dict[str, Any]] = None
    usage: Optional[Dict[str, Any]] = None
    conversation_id: Optional[str] = None
    output_modalities: Optional[List[str]] = None
    max_output_tokens: Union[int, str, None] = None  # an integer or "inf"

    @property
    def output_text(self) -> str:
        """The text of every ``output_text`` part (or audio transcript) of the output, joined."""
        parts: List[str] = []
        for item in list_of(self.output, RealtimeConversationItem):
            for part in list_of(item.content, RealtimeContentPart):
                if isinstance(part.text, str):
                    parts.append(part.text)
                elif isinstance(part.transcript, str):
                    parts.append(part.transcript)
        return "".join(parts)
