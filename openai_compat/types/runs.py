"""Response types of ``/threads/{id}/runs`` and their steps (Assistants API v2, beta).

Shapes follow ``RunObject`` and ``RunStepObject`` in the OpenAPI spec. A step's ``step_details``
is an open union on ``type`` (``message_creation``, ``tool_calls``; ``UnknownStepDetails``), and so
are its tool calls (``code_interpreter``, ``file_search``, ``function``; ``UnknownToolCall``) and
the code interpreter's outputs (``logs``, ``image``; ``UnknownCodeInterpreterOutput``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of
from .assistants import AssistantResponseFormat, AssistantTool, AssistantToolChoice

__all__ = [
    "CodeInterpreter",
    "CodeInterpreterLogs",
    "CodeInterpreterOutput",
    "CodeInterpreterOutputImage",
    "CodeInterpreterToolCall",
    "FileSearch",
    "FileSearchResult",
    "FileSearchToolCall",
    "FunctionCall",
    "FunctionToolCall",
    "MessageCreation",
    "MessageCreationStepDetails",
    "RUN_TERMINAL_STATUSES",
    "RequiredAction",
    "RequiredActionFunction",
    "RequiredActionFunctionToolCall",
    "RequiredActionSubmitToolOutputs",
    "Run",
    "RunError",
    "RunIncompleteDetails",
    "RunStatus",
    "RunStep",
    "RunStepDetails",
    "RunStepInclude",
    "RunStepStatus",
    "RunUsage",
    "ToolCall",
    "ToolCallsStepDetails",
    "TruncationStrategy",
    "UnknownCodeInterpreterOutput",
    "UnknownStepDetails",
    "UnknownToolCall",
]


class RunStatus:
    """The ``status`` values of a run the spec lists."""

    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    REQUIRES_ACTION = "requires_action"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    FAILED = "failed"
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"
    EXPIRED = "expired"


# Where the poll helpers stop, as openai-python's do: the run needs the caller or will not change again.
RUN_TERMINAL_STATUSES: FrozenSet[str] = frozenset({
    RunStatus.REQUIRES_ACTION, RunStatus.CANCELLED, RunStatus.COMPLETED, RunStatus.FAILED,
    RunStatus.EXPIRED, RunStatus.INCOMPLETE,
})


class RunStepInclude:
    """The ``include`` values for run steps the spec lists."""

    FILE_SEARCH_RESULT_CONTENT = "step_details.tool_calls[*].file_search.results[*].content"


# -- the run ------------------------------------------------------------------------------------


class RequiredActionFunction(APIObject):
    name: str = ""
    arguments: str = ""


class RequiredActionFunctionToolCall(APIObject):
    """A function call whose output the run waits for; answer with its ``id`` as ``tool_call_id``."""

    id: str = ""
    type: str = "function"
    function: RequiredActionFunction = msgspec.field(default_factory=RequiredActionFunction)


class RequiredActionSubmitToolOutputs(APIObject):
    tool_calls: List[RequiredActionFunctionToolCall] = msgspec.field(default_factory=list)


class RequiredAction(APIObject):
    """What a ``requires_action`` run waits for (so far always ``submit_tool_outputs``)."""

    type: str = "submit_tool_outputs"
    submit_tool_outputs: RequiredActionSubmitToolOutputs = msgspec.field(
        default_factory=RequiredActionSubmitToolOutputs
    )


class RunError(APIObject):
    """The last error of a run or step: ``code`` is ``server_error``, ``rate_limit_exceeded``, ..."""

    code: str = ""
    message: str = ""


class RunIncompleteDetails(APIObject):
    """Which token limit ended an incomplete run."""

    reason: Optional[str] = None


class RunUsage(APIObject):
    """Tokens used by a run or step (``null`` until it is finished)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class TruncationStrategy(APIObject):
    """How the thread is truncated before a run: ``auto`` or the ``last_messages`` N."""

    type: str = ""
    last_messages: Optional[int] = None


class Run(APIObject):
    """A run of an assistant on a thread (``RunObject``). Timestamps are Unix seconds."""

    id: str = ""
    object: str = "thread.run"
    created_at: int = 0
    thread_id: str = ""
    assistant_id: str = ""
    status: str = ""
    required_action: Optional[RequiredAction] = None
    last_error: Optional[RunError] = None
    expires_at: Optional[int] = None
    started_at: Optional[int] = None
    cancelled_at: Optional[int] = None
    failed_at: Optional[int] = None
    completed_at: Optional[int] = None
    incomplete_details: Optional[RunIncompleteDetails] = None
    model: str = ""
    # A string in the spec, but null in every RunObject example it gives: accepted as such.
    instructions: Optional[str] = ""
    tools: List[AssistantTool] = msgspec.field(default_factory=list)
    metadata: Optional[Dict[str, str]] = None
    usage: Optional[RunUsage] = None
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    max_prompt_tokens: Optional[int] = None
    max_completion_tokens: Optional[int] = None
    truncation_strategy: Optional[TruncationStrategy] = None
    tool_choice: Union[str, AssistantToolChoice, None] = None
    parallel_tool_calls: Optional[bool] = None
    response_format: Union[str, AssistantResponseFormat, None] = None
    reasoning_effort: Optional[str] = None


# -- step details -------------------------------------------------------------------------------


class CodeInterpreterLogs(APIObject):
    """Text the code printed."""

    type: str = "logs"
    logs: str = ""


class _ImageFile(APIObject):
    file_id: str = ""


class CodeInterpreterOutputImage(APIObject):
    """An image the code made, as a file."""

    type: str = "image"
    image: _ImageFile = msgspec.field(default_factory=_ImageFile)


class UnknownCodeInterpreterOutput(APIObject):
    """A code interpreter output of a type this library does not know (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    CodeInterpreterOutput = Union[CodeInterpreterLogs, CodeInterpreterOutputImage, UnknownCodeInterpreterOutput]
else:

    class CodeInterpreterOutput(OpenUnion):
        """A code interpreter output: decoded by ``type``, ``UnknownCodeInterpreterOutput`` for the others."""

        members = by_type((CodeInterpreterLogs, CodeInterpreterOutputImage))
        unknown = UnknownCodeInterpreterOutput


class CodeInterpreter(APIObject):
    input: str = ""
    outputs: List[CodeInterpreterOutput] = msgspec.field(default_factory=list)


class CodeInterpreterToolCall(APIObject):
    """Code the model ran, and what it printed or drew."""

    id: str = ""
    type: str = "code_interpreter"
    code_interpreter: CodeInterpreter = msgspec.field(default_factory=CodeInterpreter)


class FileSearchResult(APIObject):
    """One file found; ``content`` only with ``include=[RunStepInclude.FILE_SEARCH_RESULT_CONTENT]``."""

    file_id: str = ""
    file_name: str = ""
    score: float = 0.0
    content: Optional[List[Dict[str, Any]]] = None


class FileSearch(APIObject):
    ranking_options: Optional[Dict[str, Any]] = None
    results: Optional[List[FileSearchResult]] = None


class FileSearchToolCall(APIObject):
    """A file search the model made."""

    id: str = ""
    type: str = "file_search"
    file_search: FileSearch = msgspec.field(default_factory=FileSearch)


class FunctionCall(APIObject):
    name: str = ""
    arguments: str = ""
    output: Optional[str] = None


class FunctionToolCall(APIObject):
    """A function call; ``output`` is set once the outputs were submitted."""

    id: str = ""
    type: str = "function"
    function: FunctionCall = msgspec.field(default_factory=FunctionCall)


class UnknownToolCall(APIObject):
    """A tool call of a type this library does not know: every field is kept (``raw``)."""

    id: Optional[str] = None
    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    ToolCall = Union[CodeInterpreterToolCall, FileSearchToolCall, FunctionToolCall, UnknownToolCall]
else:

    class ToolCall(OpenUnion):
        """A tool call of a run step: decoded by ``type``, ``UnknownToolCall`` for the others."""

        members = by_type((CodeInterpreterToolCall, FileSearchToolCall, FunctionToolCall))
        unknown = UnknownToolCall


class MessageCreation(APIObject):
    message_id: str = ""


class MessageCreationStepDetails(APIObject):
    """The step made a message."""

    type: str = "message_creation"
    message_creation: MessageCreation = msgspec.field(default_factory=MessageCreation)


class ToolCallsStepDetails(APIObject):
    """The step called tools."""

    type: str = "tool_calls"
    tool_calls: List[ToolCall] = msgspec.field(default_factory=list)


class UnknownStepDetails(APIObject):
    """Step details of a type this library does not know: every field is kept (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    RunStepDetails = Union[MessageCreationStepDetails, ToolCallsStepDetails, UnknownStepDetails]
else:

    class RunStepDetails(OpenUnion):
        """A run step's details: decoded by ``type``, ``UnknownStepDetails`` for the others."""

        members = by_type((MessageCreationStepDetails, ToolCallsStepDetails))
        unknown = UnknownStepDetails


class RunStepStatus:
    """The ``status`` values of a run step the spec lists."""

    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"
    FAILED = "failed"
    COMPLETED = "completed"
    EXPIRED = "expired"


class RunStep(APIObject):
    """One step of a run (``RunStepObject``): a message made, or tools called."""

    id: str = ""
    object: str = "thread.run.step"
    created_at: int = 0
    assistant_id: str = ""
    thread_id: str = ""
    run_id: str = ""
    type: str = ""
    status: str = ""
    step_details: RunStepDetails = msgspec.field(default_factory=UnknownStepDetails)
    last_error: Optional[RunError] = None
    expired_at: Optional[int] = None
    cancelled_at: Optional[int] = None
    failed_at: Optional[int] = None
    completed_at: Optional[int] = None
    metadata: Optional[Dict[str, str]] = None
    usage: Optional[RunUsage] = None
