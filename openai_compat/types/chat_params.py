"""Request side of ``/chat/completions``: the request Struct and helpers that build message,
content-part, tool and response-format dicts.

Every helper returns a plain JSON-ready dict holding only the keys that were given, so its output
can be inspected, stored, or mixed freely with hand-written dicts and with messages taken from
responses (``completion.choices[0].message``, whose provider extras are sent back too).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Type, Union

import msgspec
from msgspec import UNSET, UnsetType

from ._base import APIObject, RequestParams, to_builtins
from ._structured import StructTool, function_spec, response_format_for

__all__ = [
    "ChatCompletionRequest",
    "ContentPart",
    "Message",
    "MessageParam",
    "ResponseFormat",
    "Tool",
    "ToolChoice",
    "ToolParam",
]

if TYPE_CHECKING:
    # What callers may pass (read-only, so covariant: a ``List[Dict[str, str]]`` fits). At runtime
    # the annotations name plain dicts and lists, so ``msgspec.json.decode(body, type=ChatCompletionRequest)``
    # works too (for proxies and mock servers).
    MessageParam = Union[Mapping[str, Any], RequestParams, APIObject]
    ToolParam = Union[Mapping[str, Any], RequestParams]
    JSONObject = Mapping[str, Any]
    _Messages = Sequence[MessageParam]
    _Tools = Sequence[ToolParam]
    _JSONObjects = Sequence[JSONObject]
    _Strings = Sequence[str]
    _IntMap = Mapping[str, int]
    _StrMap = Mapping[str, str]
else:
    MessageParam = ToolParam = JSONObject = Dict[str, Any]
    _Messages = _Tools = _JSONObjects = List[Dict[str, Any]]
    _Strings = List[str]
    _IntMap = Dict[str, int]
    _StrMap = Dict[str, str]


class ChatCompletionRequest(RequestParams):
    """Every parameter of ``CreateChatCompletionRequest``; only those set are sent.

    ``model`` and ``messages`` are required by the API; they may be left unset here and given to
    ``chat.create`` instead, so one request can hold shared defaults. Parameter reference:
    https://platform.openai.com/docs/api-reference/chat/create
    """

    messages: Union[_Messages, UnsetType] = UNSET
    model: Union[str, UnsetType] = UNSET
    audio: Union[Optional[JSONObject], UnsetType] = UNSET
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET
    function_call: Union[str, JSONObject, UnsetType] = UNSET  # deprecated: tool_choice
    functions: Union[_JSONObjects, UnsetType] = UNSET  # deprecated: tools
    logit_bias: Union[Optional[_IntMap], UnsetType] = UNSET
    logprobs: Union[Optional[bool], UnsetType] = UNSET
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET
    max_tokens: Union[Optional[int], UnsetType] = UNSET  # deprecated: max_completion_tokens
    metadata: Union[Optional[_StrMap], UnsetType] = UNSET
    modalities: Union[Optional[_Strings], UnsetType] = UNSET
    moderation: Union[Optional[JSONObject], UnsetType] = UNSET
    n: Union[Optional[int], UnsetType] = UNSET
    parallel_tool_calls: Union[bool, UnsetType] = UNSET
    prediction: Union[Optional[JSONObject], UnsetType] = UNSET
    presence_penalty: Union[Optional[float], UnsetType] = UNSET
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET
    prompt_cache_options: Union[JSONObject, UnsetType] = UNSET
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET
    response_format: Union[JSONObject, UnsetType] = UNSET
    safety_identifier: Union[Optional[str], UnsetType] = UNSET
    seed: Union[Optional[int], UnsetType] = UNSET
    service_tier: Union[Optional[str], UnsetType] = UNSET
    stop: Union[Optional[Union[str, _Strings]], UnsetType] = UNSET
    store: Union[Optional[bool], UnsetType] = UNSET
    stream: Union[Optional[bool], UnsetType] = UNSET
    stream_options: Union[Optional[JSONObject], UnsetType] = UNSET
    temperature: Union[Optional[float], UnsetType] = UNSET
    tool_choice: Union[str, JSONObject, UnsetType] = UNSET
    tools: Union[_Tools, UnsetType] = UNSET
    top_logprobs: Union[Optional[int], UnsetType] = UNSET
    top_p: Union[Optional[float], UnsetType] = UNSET
    user: Union[str, UnsetType] = UNSET  # deprecated: safety_identifier, prompt_cache_key
    verbosity: Union[Optional[str], UnsetType] = UNSET
    web_search_options: Union[JSONObject, UnsetType] = UNSET


def _only_set(**items: Any) -> Dict[str, Any]:
    return {key: value for key, value in items.items() if value is not None}


def _content(content: Union[str, Iterable[Any]]) -> Any:
    return content if isinstance(content, str) else [to_builtins(part) for part in content]


class Message:
    """Message dicts by role: ``Message.user("Hi")`` is ``{"role": "user", "content": "Hi"}``.

    ``content`` is a string or a list of parts (see ``ContentPart``).
    """

    @staticmethod
    def developer(content: Union[str, Iterable[Any]], *, name: Optional[str] = None) -> Dict[str, Any]:
        return _only_set(role="developer", content=_content(content), name=name)

    @staticmethod
    def system(content: Union[str, Iterable[Any]], *, name: Optional[str] = None) -> Dict[str, Any]:
        return _only_set(role="system", content=_content(content), name=name)

    @staticmethod
    def user(content: Union[str, Iterable[Any]], *, name: Optional[str] = None) -> Dict[str, Any]:
        return _only_set(role="user", content=_content(content), name=name)

    @staticmethod
    def assistant(
        content: Union[str, Iterable[Any], None] = None,
        *,
        tool_calls: Optional[Iterable[Any]] = None,
        refusal: Optional[str] = None,
        name: Optional[str] = None,
    ) -> Dict[str, Any]:
        """An assistant turn. ``content`` is always present (``null`` when ``None``): some compatible
        servers' chat templates require the key. ``tool_calls`` may be dicts or response tool calls."""
        message: Dict[str, Any] = {"role": "assistant", "content": None if content is None else _content(content)}
        if tool_calls is not None:
            message["tool_calls"] = [to_builtins(call) for call in tool_calls]
        message.update(_only_set(refusal=refusal, name=name))
        return message

    @staticmethod
    def tool(content: Union[str, Iterable[Any]], *, tool_call_id: str) -> Dict[str, Any]:
        """The result of a tool call, answering the call with id ``tool_call_id``."""
        return {"role": "tool", "content": _content(content), "tool_call_id": tool_call_id}


class ContentPart:
    """Content-part dicts for messages whose ``content`` is a list."""

    @staticmethod
    def text(text: str) -> Dict[str, Any]:
        return {"type": "text", "text": text}

    @staticmethod
    def image_url(url: str, *, detail: Optional[str] = None) -> Dict[str, Any]:
        """An image by URL or ``data:`` URL; ``detail`` is ``"auto"``, ``"low"`` or ``"high"``."""
        return {"type": "image_url", "image_url": _only_set(url=url, detail=detail)}

    @staticmethod
    def input_audio(data: Union[str, bytes], format: str) -> Dict[str, Any]:
        """Audio input: base64 text, or bytes (encoded here); ``format`` is ``"wav"`` or ``"mp3"``."""
        text = base64.b64encode(data).decode("ascii") if isinstance(data, bytes) else data
        return {"type": "input_audio", "input_audio": {"data": text, "format": format}}

    @staticmethod
    def file(
        *, file_id: Optional[str] = None, file_data: Optional[str] = None, filename: Optional[str] = None
    ) -> Dict[str, Any]:
        """A file by uploaded ``file_id``, or inline as ``file_data`` (a base64 ``data:`` URL) with a name."""
        return {"type": "file", "file": _only_set(file_id=file_id, file_data=file_data, filename=filename)}

    @staticmethod
    def refusal(refusal: str) -> Dict[str, Any]:
        """A refusal part (assistant messages only)."""
        return {"type": "refusal", "refusal": refusal}


class Tool:
    """Tool definition dicts for ``tools=[...]``."""

    @staticmethod
    def function(
        name: str,
        description: Optional[str] = None,
        parameters: Optional[Mapping[str, Any]] = None,
        *,
        strict: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """A function tool; ``parameters`` is a JSON Schema object."""
        spec = _only_set(name=name, description=description, parameters=parameters, strict=strict)
        return {"type": "function", "function": spec}

    @staticmethod
    def function_from_struct(
        struct_type: Type[msgspec.Struct], *, name: Optional[str] = None, description: Optional[str] = None
    ) -> Dict[str, Any]:
        """A strict function tool whose arguments are the Struct class ``struct_type`` (its strict
        JSON Schema; the name defaults to the class name, the description to its docstring).
        ``chat.parse`` decodes the arguments of its calls into ``function.parsed_arguments``."""
        spec = function_spec(struct_type, name=name, description=description)
        return StructTool({"type": "function", "function": spec}, struct_type)

    @staticmethod
    def custom(
        name: str, description: Optional[str] = None, *, format: Optional[Mapping[str, Any]] = None
    ) -> Dict[str, Any]:
        """A custom tool whose input is free text, optionally constrained by a grammar ``format``."""
        return {"type": "custom", "custom": _only_set(name=name, description=description, format=format)}


class ToolChoice:
    """Values for ``tool_choice``: the constants, or a dict naming the tool to call."""

    auto = "auto"
    none = "none"
    required = "required"

    @staticmethod
    def function(name: str) -> Dict[str, Any]:
        return {"type": "function", "function": {"name": name}}

    @staticmethod
    def custom(name: str) -> Dict[str, Any]:
        return {"type": "custom", "custom": {"name": name}}

    @staticmethod
    def allowed_tools(tools: Iterable[Mapping[str, Any]], *, mode: str = "auto") -> Dict[str, Any]:
        """Restrict the model to a subset of ``tools``; ``mode`` is ``"auto"`` or ``"required"``."""
        return {"type": "allowed_tools", "allowed_tools": {"mode": mode, "tools": [dict(tool) for tool in tools]}}


class ResponseFormat:
    """Values for ``response_format``."""

    @staticmethod
    def text() -> Dict[str, Any]:
        return {"type": "text"}

    @staticmethod
    def json_object() -> Dict[str, Any]:
        return {"type": "json_object"}

    @staticmethod
    def json_schema(
        name: str,
        schema: Optional[Mapping[str, Any]] = None,
        *,
        description: Optional[str] = None,
        strict: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """Structured Outputs: the reply follows the JSON Schema ``schema``."""
        spec = _only_set(name=name, description=description, schema=schema, strict=strict)
        return {"type": "json_schema", "json_schema": spec}

    @staticmethod
    def from_struct(struct_type: Type[msgspec.Struct], *, name: Optional[str] = None) -> Dict[str, Any]:
        """Structured Outputs with the strict JSON Schema of a Struct class, for ``create``
        (``chat.parse`` takes the class itself and decodes the reply into it)."""
        return response_format_for(struct_type, name=name)

