"""Response types of ``/responses``: ``Response``, its usage and errors, input item pages, token counts.

Shapes follow ``Response``, ``ResponseItemList``, ``TokenCountsResource`` and ``CompactResource``
in the OpenAPI spec, lenient as the chat types are: enum-like fields (``status``, ``object``) are
``str``, required fields have neutral defaults, optional ones ``None``. ``output`` is a list of
open-union items (``responses_items``), ``tools`` of open-union tools (``responses_tools``); ``text``,
``reasoning`` and other request echoes are kept as the dicts the server sent. Stream events are in ``responses_events``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject, list_of
from .responses_items import Message, OutputItem
from .responses_tools import ResponseTool

__all__ = [
    "CompactedResponse",
    "IncompleteDetails",
    "InputTokenCount",
    "Response",
    "ResponseError",
    "ResponseStatus",
    "ResponseUsage",
    "TERMINAL_STATUSES",
]

_Obj = Dict[str, Any]


class ResponseStatus:
    """The ``status`` values the spec lists."""

    COMPLETED = "completed"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"
    QUEUED = "queued"
    INCOMPLETE = "incomplete"


TERMINAL_STATUSES = frozenset({"completed", "failed", "cancelled", "incomplete"})


class ResponseError(APIObject):
    code: str = ""
    message: str = ""


class IncompleteDetails(APIObject):
    reason: Optional[str] = None


# The counts the spec requires are ``Optional``: proxies send ``null`` for them (LiteLLM's
# Responses bridge for providers that do not report cache or reasoning tokens).
class InputTokensDetails(APIObject):
    cached_tokens: Optional[int] = 0
    cache_write_tokens: Optional[int] = None


class OutputTokensDetails(APIObject):
    reasoning_tokens: Optional[int] = 0


class ResponseUsage(APIObject):
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    input_tokens_details: Optional[InputTokensDetails] = None
    output_tokens_details: Optional[OutputTokensDetails] = None


class Response(APIObject):
    """A model response (https://platform.openai.com/docs/api-reference/responses/object)."""

    id: str = ""
    object: str = "response"
    created_at: Union[int, float] = 0
    status: Optional[str] = None
    model: str = ""
    output: List[OutputItem] = msgspec.field(default_factory=list)
    usage: Optional[ResponseUsage] = None
    error: Optional[ResponseError] = None
    incomplete_details: Optional[IncompleteDetails] = None
    completed_at: Union[int, float, None] = None
    previous_response_id: Optional[str] = None
    conversation: Optional[_Obj] = None
    background: Optional[bool] = None
    instructions: Union[str, List[Any], None] = None
    metadata: Optional[Dict[str, str]] = None
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    top_logprobs: Optional[int] = None
    max_output_tokens: Optional[int] = None
    max_tool_calls: Optional[int] = None
    parallel_tool_calls: Optional[bool] = None
    tools: List[ResponseTool] = msgspec.field(default_factory=list)
    tool_choice: Union[str, _Obj, None] = None
    text: Optional[_Obj] = None
    reasoning: Optional[_Obj] = None
    prompt: Optional[_Obj] = None
    service_tier: Optional[str] = None
    truncation: Optional[str] = None
    user: Optional[str] = None
    safety_identifier: Optional[str] = None
    prompt_cache_key: Optional[str] = None
    prompt_cache_retention: Optional[str] = None
    prompt_cache_options: Optional[_Obj] = None
    moderation: Optional[Any] = None

    @property
    def output_text(self) -> str:
        """The text of every ``output_text`` part of every output message, joined (openai-python's
        ``output_text``)."""
        return "".join(item.text for item in list_of(self.output, Message))


class InputTokenCount(APIObject):
    """The answer of ``responses.input_tokens.count``."""

    object: str = "response.input_tokens"
    input_tokens: int = 0


class CompactedResponse(APIObject):
    """The answer of ``responses.compact``: the compacted ``output`` to send as the next ``input``."""

    id: str = ""
    object: str = "response.compaction"
    created_at: Union[int, float] = 0
    output: List[OutputItem] = msgspec.field(default_factory=list)
    usage: Optional[ResponseUsage] = None
