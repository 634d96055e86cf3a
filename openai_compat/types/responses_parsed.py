"""What ``responses.parse`` returns: a ``Response`` whose output carries the parsed values.

``ParsedOutputText.parsed``, ``ParsedFunctionCall.parsed_arguments`` and
``ParsedResponse.output_parsed`` are computed here, never sent by the server: they are
``_local_fields``, so ``to_dict()`` and request encoding leave them out and the output can be
sent back as ``input`` of the next request as is. Items and parts other than messages,
``output_text`` parts and function calls decode as in ``Response``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, List, Optional, TypeVar, Union

import msgspec

from ._open import OpenUnion, by_type
from .responses import Response
from .responses_items import _CONTENT, _ITEMS, FunctionCall, Message, OutputText, UnknownContent, UnknownItem

__all__ = ["ParsedFunctionCall", "ParsedMessage", "ParsedOutputItem", "ParsedOutputText", "ParsedResponse"]

T = TypeVar("T")


class ParsedOutputText(OutputText):
    """An ``output_text`` part; ``parsed`` is its text decoded into the ``text_format``."""

    _local_fields = ("parsed",)

    parsed: Any = None


class ParsedFunctionCall(FunctionCall):
    """A function call; ``parsed_arguments`` holds the arguments decoded into the tool's Struct
    (builtins for another ``strict`` function tool), else ``None``."""

    _local_fields = ("parsed_arguments",)

    parsed_arguments: Any = None


_PARSED_CONTENT = tuple(ParsedOutputText if cls is OutputText else cls for cls in _CONTENT)

if TYPE_CHECKING:
    from .responses_items import ContentPart

    ParsedContentPart = Union[ParsedOutputText, ContentPart]
else:

    class ParsedContentPart(OpenUnion):
        members = by_type(_PARSED_CONTENT)
        unknown = UnknownContent


class ParsedMessage(Message):
    """An output message whose ``output_text`` parts are ``ParsedOutputText``."""

    content: List[ParsedContentPart] = msgspec.field(default_factory=list)


_REPLACED = {Message: ParsedMessage, FunctionCall: ParsedFunctionCall}
_PARSED_ITEMS = tuple(_REPLACED.get(cls, cls) for cls in _ITEMS)

if TYPE_CHECKING:
    from .responses_items import OutputItem

    ParsedOutputItem = Union[ParsedMessage, ParsedFunctionCall, OutputItem]
else:

    class ParsedOutputItem(OpenUnion):
        """An output item of a ``ParsedResponse``: decoded by ``type``, ``UnknownItem`` for the others."""

        members = by_type(_PARSED_ITEMS)
        unknown = UnknownItem


class ParsedResponse(Response, Generic[T]):
    """A ``Response`` whose ``output_parsed`` is the output text decoded into the ``text_format``
    (a Struct instance, builtins for a dict schema), or ``None`` (a refusal, no text, no format)."""

    _local_fields = ("output_parsed",)

    output: List[ParsedOutputItem] = msgspec.field(default_factory=list)
    output_parsed: Optional[T] = None
