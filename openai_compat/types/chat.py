"""Response types of ``/chat/completions``: completions, streamed chunks, stored completions.

Shapes follow ``CreateChatCompletionResponse`` and ``CreateChatCompletionStreamResponse`` in the
OpenAPI spec, widened for compatible servers: enum-like fields are ``str``, required fields have
neutral defaults (``""``, ``0``, ``[]``), optional ones ``None``, ``created`` may be a float and
``content`` a list of parts (Mistral). Common provider extensions (``reasoning_content``, ``x_groq``,
Azure's ``content_filter_results``...) are declared (``_provider_fields``), so their bodies decode
in one msgspec pass; any other field a server adds stays on the object too (see ``_base``).

A message from a response can be sent back as is: ``messages=[..., completion.choices[0].message]``
encodes its declared fields that are not ``None`` plus its extras.
"""

from __future__ import annotations

from typing import Any, Dict, Generic, List, Optional, TypeVar, Union

import msgspec

from ._base import APIObject
from ._provider_fields import BodyExtensions, ChoiceExtensions, MessageExtensions, UsageExtensions

__all__ = [
    "Annotation",
    "AnnotationURLCitation",
    "ChatCompletion",
    "ChatCompletionAudio",
    "ChatCompletionChunk",
    "ChatCompletionContentPart",
    "ChatCompletionDeleted",
    "ChatCompletionMessage",
    "ChatCompletionMessageCustomToolCall",
    "ChatCompletionMessageFunctionCall",
    "ChatCompletionMessageToolCall",
    "ChatCompletionStoreMessage",
    "ChatCompletionTokenLogprob",
    "Choice",
    "ChoiceDelta",
    "ChoiceDeltaFunctionCall",
    "ChoiceDeltaToolCall",
    "ChoiceDeltaToolCallFunction",
    "ChoiceLogprobs",
    "ChunkChoice",
    "CompletionTokensDetails",
    "CompletionUsage",
    "FinishReason",
    "Function",
    "ParsedChatCompletion",
    "ParsedChatCompletionMessage",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
    "PromptTokensDetails",
    "Role",
    "TopLogprob",
]

T = TypeVar("T")

# Where providers put the model's reasoning text: DeepSeek and older vLLM, then OpenRouter and vLLM >= 0.9.
_REASONING_KEYS = ("reasoning_content", "reasoning")


class FinishReason:
    """The ``finish_reason`` values the spec lists; servers send others too (``"error"``, ``"eos_token"``)."""

    STOP = "stop"
    LENGTH = "length"
    TOOL_CALLS = "tool_calls"
    CONTENT_FILTER = "content_filter"
    FUNCTION_CALL = "function_call"


class Role:
    """The message ``role`` values the spec lists."""

    DEVELOPER = "developer"
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"
    FUNCTION = "function"


def _reasoning(obj: Any) -> Optional[str]:
    for key in _REASONING_KEYS:
        value = getattr(obj, key, None)
        if isinstance(value, str):
            return value
    return None


def _text_of(content: Any) -> str:
    """The text of a message's content: the string, or its ``text`` parts joined."""
    if not isinstance(content, list):
        return content if isinstance(content, str) else ""
    parts = [part for part in content if isinstance(part, ChatCompletionContentPart) and part.type == "text"]
    return "".join(part.text for part in parts if isinstance(part.text, str))


# -- tokens and logprobs --------------------------------------------------------------------


class TopLogprob(APIObject):
    """One of the most likely tokens at a position."""

    token: str = ""
    logprob: float = 0.0
    bytes: Optional[List[int]] = None


class ChatCompletionTokenLogprob(APIObject):
    """A generated token, its log probability and the most likely alternatives."""

    token: str = ""
    logprob: float = 0.0
    bytes: Optional[List[int]] = None
    top_logprobs: List[TopLogprob] = msgspec.field(default_factory=list)


class ChoiceLogprobs(APIObject):
    """Log probabilities of a choice's content and refusal tokens."""

    content: Optional[List[ChatCompletionTokenLogprob]] = None
    refusal: Optional[List[ChatCompletionTokenLogprob]] = None


class CompletionTokensDetails(APIObject):
    accepted_prediction_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None
    reasoning_tokens: Optional[int] = None
    rejected_prediction_tokens: Optional[int] = None
    text_tokens: Optional[int] = None
    image_tokens: Optional[int] = None  # OpenRouter


class PromptTokensDetails(APIObject):
    audio_tokens: Optional[int] = None
    cached_tokens: Optional[int] = None
    cache_write_tokens: Optional[int] = None
    image_tokens: Optional[int] = None
    text_tokens: Optional[int] = None


class CompletionUsage(UsageExtensions):
    """Token counts of a request (``CompletionUsage``), with the providers' additions: DeepSeek's
    cache hits, Groq's timings (seconds), OpenRouter's cost, Perplexity's search counts."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    completion_tokens_details: Optional[CompletionTokensDetails] = None
    prompt_tokens_details: Optional[PromptTokensDetails] = None


# -- the assistant message ------------------------------------------------------------------


class Function(APIObject):
    """The function a tool call invokes; ``arguments`` is JSON text the model wrote (check it)."""

    name: str = ""
    arguments: str = ""


class ChatCompletionMessageCustomToolCall(APIObject):
    """The input of a call to a custom tool (``type: "custom"``)."""

    name: str = ""
    input: str = ""


class ChatCompletionMessageToolCall(APIObject):
    """A tool call: ``function`` is set for ``type == "function"``, ``custom`` for ``"custom"``.

    One lenient type instead of a tagged union, so a call of an unknown type still decodes.
    """

    id: str = ""
    type: str = "function"
    function: Optional[Function] = None
    custom: Optional[ChatCompletionMessageCustomToolCall] = None


class ChatCompletionMessageFunctionCall(APIObject):
    """The deprecated ``function_call`` of a message."""

    name: str = ""
    arguments: str = ""


class ChatCompletionAudio(APIObject):
    """Audio output; send ``{"id": audio.id}`` back to refer to it in a later turn."""

    id: str = ""
    data: str = ""
    expires_at: int = 0
    transcript: str = ""


class AnnotationURLCitation(APIObject):
    start_index: int = 0
    end_index: int = 0
    url: str = ""
    title: str = ""


class Annotation(APIObject):
    """A citation in the content (web search); ``url_citation`` is set for that type."""

    type: str = "url_citation"
    url_citation: Optional[AnnotationURLCitation] = None


class ChatCompletionContentPart(APIObject):
    """A part of a message's content, for servers that send a list of parts instead of a string:
    Mistral's reasoning models send ``{"type": "thinking", "thinking": [parts]}`` then ``text``."""

    type: str = "text"
    text: Optional[str] = None
    thinking: Optional[List[ChatCompletionContentPart]] = None


class ChatCompletionMessage(MessageExtensions):
    """The message a choice generated. ``content`` is a string, or a list of parts from servers
    that send one (``content_text`` reads either)."""

    role: str = Role.ASSISTANT
    content: Union[str, List[ChatCompletionContentPart], None] = None
    refusal: Optional[str] = None
    tool_calls: Optional[List[ChatCompletionMessageToolCall]] = None
    function_call: Optional[ChatCompletionMessageFunctionCall] = None
    audio: Optional[ChatCompletionAudio] = None
    annotations: Optional[List[Annotation]] = None

    @property
    def reasoning_text(self) -> Optional[str]:
        """The reasoning text of providers that send one (``reasoning_content`` or ``reasoning``)."""
        return _reasoning(self)

    @property
    def content_text(self) -> str:
        """The content as text: the string, or the ``text`` parts of a list joined; ``""`` if none."""
        return _text_of(self.content)


class Choice(ChoiceExtensions):
    index: int = 0
    message: ChatCompletionMessage = msgspec.field(default_factory=ChatCompletionMessage)
    finish_reason: Optional[str] = None  # required by the spec; some servers send null
    logprobs: Optional[ChoiceLogprobs] = None


class ChatCompletion(BodyExtensions):
    """A chat completion (https://platform.openai.com/docs/api-reference/chat/object)."""

    id: str = ""
    object: str = "chat.completion"
    created: Union[int, float] = 0
    model: str = ""
    choices: List[Choice] = msgspec.field(default_factory=list)
    usage: Optional[CompletionUsage] = None
    service_tier: Optional[str] = None
    system_fingerprint: Optional[str] = None
    metadata: Optional[Dict[str, str]] = None
    moderation: Optional[Dict[str, Any]] = None


# -- streaming ------------------------------------------------------------------------------


class ChoiceDeltaFunctionCall(APIObject):
    name: Optional[str] = None
    arguments: Optional[str] = None


class ChoiceDeltaToolCallFunction(APIObject):
    name: Optional[str] = None
    arguments: Optional[str] = None


class ChoiceDeltaToolCall(APIObject):
    """A piece of a tool call. ``index`` is required by the spec but some servers leave it out."""

    index: Optional[int] = None
    id: Optional[str] = None
    type: Optional[str] = None
    function: Optional[ChoiceDeltaToolCallFunction] = None


class ChoiceDelta(MessageExtensions):
    """What a chunk adds to a choice's message (``content``: a piece of text, or of a list of parts)."""

    role: Optional[str] = None
    content: Union[str, List[ChatCompletionContentPart], None] = None
    refusal: Optional[str] = None
    tool_calls: Optional[List[ChoiceDeltaToolCall]] = None
    function_call: Optional[ChoiceDeltaFunctionCall] = None

    @property
    def reasoning_text(self) -> Optional[str]:
        """This piece of the reasoning text (``reasoning_content`` or ``reasoning``), if any."""
        return _reasoning(self)

    @property
    def content_text(self) -> str:
        """This piece of the content as text (the ``text`` parts of a list joined); ``""`` if none."""
        return _text_of(self.content)


class ChunkChoice(ChoiceExtensions):
    index: int = 0
    # Azure sends filter-annotation choices without a delta.
    delta: ChoiceDelta = msgspec.field(default_factory=ChoiceDelta)
    finish_reason: Optional[str] = None
    logprobs: Optional[ChoiceLogprobs] = None


class ChatCompletionChunk(BodyExtensions):
    """One streamed event (https://platform.openai.com/docs/api-reference/chat-streaming).

    ``choices`` may be empty: the final usage chunk, Azure's prompt-filter chunk.
    """

    id: str = ""
    object: str = "chat.completion.chunk"
    created: Union[int, float] = 0
    model: str = ""
    choices: List[ChunkChoice] = msgspec.field(default_factory=list)
    usage: Optional[CompletionUsage] = None
    service_tier: Optional[str] = None
    system_fingerprint: Optional[str] = None
    obfuscation: Optional[str] = None
    moderation: Optional[Dict[str, Any]] = None

    @property
    def delta_text(self) -> str:
        """The content this chunk adds to the first choice, ``""`` if none (never raises, even on
        a chunk whose fields are not what the spec says)."""
        choices = self.choices
        for choice in choices if isinstance(choices, list) else ():
            if isinstance(choice, ChunkChoice) and choice.index == 0 and isinstance(choice.delta, ChoiceDelta):
                return choice.delta.content_text
        return ""


# -- stored completions ---------------------------------------------------------------------


class ChatCompletionDeleted(APIObject):
    id: str = ""
    object: str = "chat.completion.deleted"
    deleted: bool = False


class ChatCompletionStoreMessage(ChatCompletionMessage):
    """A message of a stored completion (``list_messages``), of any role."""

    id: str = ""
    name: Optional[str] = None
    content_parts: Optional[List[Dict[str, Any]]] = None


# -- structured outputs (chat.parse) --------------------------------------------------------
# ``parsed`` and ``parsed_arguments`` are filled in by ``chat.parse``, never sent by the server;
# ``to_dict()`` leaves them out, so a parsed message can be sent back in the next request.


class ParsedFunction(Function):
    """A tool call's function; ``parsed_arguments`` holds the arguments decoded into the tool's
    Struct (``Tool.function_from_struct``), or into builtins for other strict tools, else ``None``."""

    _local_fields = ("parsed_arguments",)

    parsed_arguments: Any = None


class ParsedFunctionToolCall(ChatCompletionMessageToolCall):
    function: Optional[ParsedFunction] = None


class ParsedChatCompletionMessage(ChatCompletionMessage, Generic[T]):
    """The message of a ``chat.parse`` answer: ``parsed`` is the content decoded into the
    ``response_format`` Struct, or ``None`` (a refusal, tool calls, no format)."""

    _local_fields = ("parsed",)

    parsed: Optional[T] = None
    tool_calls: Optional[List[ParsedFunctionToolCall]] = None  # type: ignore[assignment]


class ParsedChoice(Choice, Generic[T]):
    message: ParsedChatCompletionMessage[T] = msgspec.field(default_factory=ParsedChatCompletionMessage)


class ParsedChatCompletion(ChatCompletion, Generic[T]):
    """What ``chat.parse`` returns: a ``ChatCompletion`` whose messages carry ``parsed``."""

    choices: List[ParsedChoice[T]] = msgspec.field(default_factory=list)  # type: ignore[assignment]
