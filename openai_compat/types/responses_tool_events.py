"""Stream events of the Responses API's tools and audio: file and web search, code interpreter,
image generation, MCP, custom tools, shell, and audio output. One Struct per ``type`` of the spec's
``ResponseStreamEvent``; ``responses_events`` re-exports them and decodes the whole union.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

import msgspec

from ._event_base import _Event, _ItemEvent

__all__ = [
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseCodeInterpreterCallCodeDeltaEvent",
    "ResponseCodeInterpreterCallCodeDoneEvent",
    "ResponseCodeInterpreterCallCompletedEvent",
    "ResponseCodeInterpreterCallInProgressEvent",
    "ResponseCodeInterpreterCallInterpretingEvent",
    "ResponseCustomToolCallInputDeltaEvent",
    "ResponseCustomToolCallInputDoneEvent",
    "ResponseFileSearchCallCompletedEvent",
    "ResponseFileSearchCallInProgressEvent",
    "ResponseFileSearchCallSearchingEvent",
    "ResponseImageGenCallCompletedEvent",
    "ResponseImageGenCallGeneratingEvent",
    "ResponseImageGenCallInProgressEvent",
    "ResponseImageGenCallPartialImageEvent",
    "ResponseMCPCallArgumentsDeltaEvent",
    "ResponseMCPCallArgumentsDoneEvent",
    "ResponseMCPCallCompletedEvent",
    "ResponseMCPCallFailedEvent",
    "ResponseMCPCallInProgressEvent",
    "ResponseMCPListToolsCompletedEvent",
    "ResponseMCPListToolsFailedEvent",
    "ResponseMCPListToolsInProgressEvent",
    "ResponseShellCallCommandAddedStreamingEvent",
    "ResponseShellCallCommandDeltaStreamingEvent",
    "ResponseShellCallCommandDoneStreamingEvent",
    "ResponseShellCallOutputContentDeltaStreamingEvent",
    "ResponseShellCallOutputContentDoneStreamingEvent",
    "ResponseWebSearchCallCompletedEvent",
    "ResponseWebSearchCallInProgressEvent",
    "ResponseWebSearchCallSearchingEvent",
]


class ResponseAudioDeltaEvent(_Event):
    type: str = "response.audio.delta"
    delta: str = ""


class ResponseAudioDoneEvent(_Event):
    type: str = "response.audio.done"


class ResponseAudioTranscriptDeltaEvent(_Event):
    type: str = "response.audio.transcript.delta"
    delta: str = ""


class ResponseAudioTranscriptDoneEvent(_Event):
    type: str = "response.audio.transcript.done"


class ResponseCodeInterpreterCallCodeDeltaEvent(_ItemEvent):
    type: str = "response.code_interpreter_call_code.delta"
    delta: str = ""


class ResponseCodeInterpreterCallCodeDoneEvent(_ItemEvent):
    type: str = "response.code_interpreter_call_code.done"
    code: str = ""


class ResponseCodeInterpreterCallCompletedEvent(_ItemEvent):
    type: str = "response.code_interpreter_call.completed"


class ResponseCodeInterpreterCallInProgressEvent(_ItemEvent):
    type: str = "response.code_interpreter_call.in_progress"


class ResponseCodeInterpreterCallInterpretingEvent(_ItemEvent):
    type: str = "response.code_interpreter_call.interpreting"


class ResponseFileSearchCallCompletedEvent(_ItemEvent):
    type: str = "response.file_search_call.completed"


class ResponseFileSearchCallInProgressEvent(_ItemEvent):
    type: str = "response.file_search_call.in_progress"


class ResponseFileSearchCallSearchingEvent(_ItemEvent):
    type: str = "response.file_search_call.searching"


class ResponseShellCallCommandAddedStreamingEvent(_Event):
    type: str = "response.shell_call_command.added"
    output_index: int = 0
    command_index: int = 0
    command: str = ""


class ResponseShellCallCommandDeltaStreamingEvent(_Event):
    type: str = "response.shell_call_command.delta"
    output_index: int = 0
    command_index: int = 0
    delta: str = ""
    obfuscation: Optional[str] = None


class ResponseShellCallCommandDoneStreamingEvent(_Event):
    type: str = "response.shell_call_command.done"
    output_index: int = 0
    command_index: int = 0
    command: str = ""


class ResponseShellCallOutputContentDeltaStreamingEvent(_ItemEvent):
    type: str = "response.shell_call_output_content.delta"
    command_index: int = 0
    delta: Dict[str, Any] = msgspec.field(default_factory=dict)  # ShellCallOutputDelta: stdout/stderr


class ResponseShellCallOutputContentDoneStreamingEvent(_ItemEvent):
    type: str = "response.shell_call_output_content.done"
    command_index: int = 0
    output: Any = None


class ResponseWebSearchCallCompletedEvent(_ItemEvent):
    type: str = "response.web_search_call.completed"


class ResponseWebSearchCallInProgressEvent(_ItemEvent):
    type: str = "response.web_search_call.in_progress"


class ResponseWebSearchCallSearchingEvent(_ItemEvent):
    type: str = "response.web_search_call.searching"


class ResponseImageGenCallCompletedEvent(_ItemEvent):
    type: str = "response.image_generation_call.completed"


class ResponseImageGenCallGeneratingEvent(_ItemEvent):
    type: str = "response.image_generation_call.generating"


class ResponseImageGenCallInProgressEvent(_ItemEvent):
    type: str = "response.image_generation_call.in_progress"


class ResponseImageGenCallPartialImageEvent(_ItemEvent):
    type: str = "response.image_generation_call.partial_image"
    partial_image_index: int = 0
    partial_image_b64: str = ""
    size: Optional[str] = None
    quality: Optional[str] = None
    background: Optional[str] = None
    output_format: Optional[str] = None


class ResponseMCPCallArgumentsDeltaEvent(_ItemEvent):
    type: str = "response.mcp_call_arguments.delta"
    delta: str = ""


class ResponseMCPCallArgumentsDoneEvent(_ItemEvent):
    type: str = "response.mcp_call_arguments.done"
    arguments: str = ""


class ResponseMCPCallCompletedEvent(_ItemEvent):
    type: str = "response.mcp_call.completed"


class ResponseMCPCallFailedEvent(_ItemEvent):
    type: str = "response.mcp_call.failed"


class ResponseMCPCallInProgressEvent(_ItemEvent):
    type: str = "response.mcp_call.in_progress"


class ResponseMCPListToolsCompletedEvent(_ItemEvent):
    type: str = "response.mcp_list_tools.completed"


class ResponseMCPListToolsFailedEvent(_ItemEvent):
    type: str = "response.mcp_list_tools.failed"


class ResponseMCPListToolsInProgressEvent(_ItemEvent):
    type: str = "response.mcp_list_tools.in_progress"


class ResponseCustomToolCallInputDeltaEvent(_ItemEvent):
    type: str = "response.custom_tool_call_input.delta"
    delta: str = ""


class ResponseCustomToolCallInputDoneEvent(_ItemEvent):
    type: str = "response.custom_tool_call_input.done"
    input: str = ""
