"""openai_compat: a small, fast, sync-only client for the OpenAI API and compatible servers.

``from openai_compat import Client`` (or ``OpenAI``) is the usual start. The transports are
imported on first use, so ``import openai_compat`` loads neither requests nor urllib3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec import UNSET, UnsetType

from ._core.retries import DEFAULT_MAX_RETRIES, RetryPolicy
from ._core.session import Session
from ._core.timeouts import DEFAULT_TIMEOUT, Timeout
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ContentFilterFinishReasonError,
    InternalServerError,
    InvalidWebhookSignatureError,
    InvalidWebhookTimestampError,
    LengthFinishReasonError,
    MissingWebhookHeaderError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    StructuredOutputError,
    UnprocessableEntityError,
    WebhookSecretError,
    WebhookTimestampTooNewError,
    WebhookTimestampTooOldError,
)
from ._facade.client import Client
from ._http.transport import Headers, InsecureTransportWarning, Request, Response, Transport
from ._streaming.chat import ChatCompletionStream
from ._streaming.sse import ServerSentEvent, SSEDecoder
from ._streaming.stream import Stream
from ._version import __version__
from .types._pagination import (
    SyncConversationCursorPage,
    SyncCursorPage,
    SyncNextCursorPage,
    SyncPage,
    SyncTokenPage,
)
from .types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage, ParsedChatCompletion
from .types.chat_params import ChatCompletionRequest, ContentPart, Message, ResponseFormat, Tool, ToolChoice

if TYPE_CHECKING:
    from ._http.requests_transport import RequestsTransport
    from ._http.urllib3_transport import Urllib3Transport
    from ._streaming.agent_results import AgentOutputParseError, AgentTurnResult, AgentTurnResultError
    from ._streaming.agent_sessions import AgentSessionEventStream, AgentSessionStream, AgentToolError
    from ._streaming.responses import NoFinalResponseError, ResponseStream
    from ._uploads.binary import BinaryResponse, StreamAlreadyConsumed
    from ._uploads.files import FileChangedError, FileUpload, file_from_path
    from ._uploads.progress import ProgressCallback, TqdmProgress
    from .azure.client import AzureClient, AzureOpenAI, MutuallyExclusiveAuthError
    from .realtime.connection import RealtimeAPIError, RealtimeConnection, RealtimeConnectionClosedError
    from .resources.beta_agents_environment_uploads import (
        AgentFilePreparationError,
        AgentFileStagingError,
        PreparedAgentFiles,
        StagedAgentFile,
    )
    from .resources.beta_agents_result_artifacts import AgentResultArtifacts
    from .resources.uploads_chunked import ChunkedUploadState, UploadInterruptedError
    from .resources.vector_store_file_batches import FileBatchUploadError

# openai-python's names, so ported code keeps working: ``OpenAI()``, ``temperature=NOT_GIVEN``.
OpenAI = Client
NOT_GIVEN = UNSET
NotGiven = UnsetType
omit = UNSET
Omit = UnsetType

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AgentFilePreparationError",
    "AgentFileStagingError",
    "AgentOutputParseError",
    "AgentResultArtifacts",
    "AgentSessionEventStream",
    "AgentSessionStream",
    "AgentToolError",
    "AgentTurnResult",
    "AgentTurnResultError",
    "AuthenticationError",
    "AzureClient",
    "AzureOpenAI",
    "BadRequestError",
    "BinaryResponse",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionMessage",
    "ChatCompletionRequest",
    "ChatCompletionStream",
    "ChunkedUploadState",
    "Client",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "ContentPart",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "FileBatchUploadError",
    "FileChangedError",
    "FileUpload",
    "Headers",
    "InsecureTransportWarning",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "InvalidWebhookTimestampError",
    "LengthFinishReasonError",
    "Message",
    "MissingWebhookHeaderError",
    "MutuallyExclusiveAuthError",
    "NOT_GIVEN",
    "NoFinalResponseError",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "ParsedChatCompletion",
    "PermissionDeniedError",
    "PreparedAgentFiles",
    "ProgressCallback",
    "RateLimitError",
    "RealtimeAPIError",
    "RealtimeConnection",
    "RealtimeConnectionClosedError",
    "Request",
    "RequestsTransport",
    "Response",
    "ResponseFormat",
    "ResponseStream",
    "RetryPolicy",
    "SSEDecoder",
    "ServerSentEvent",
    "Session",
    "StagedAgentFile",
    "Stream",
    "StreamAlreadyConsumed",
    "StructuredOutputError",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncNextCursorPage",
    "SyncPage",
    "SyncTokenPage",
    "Timeout",
    "Tool",
    "ToolChoice",
    "TqdmProgress",
    "Transport",
    "UNSET",
    "UnprocessableEntityError",
    "UnsetType",
    "UploadInterruptedError",
    "Urllib3Transport",
    "WebhookSecretError",
    "WebhookTimestampTooNewError",
    "WebhookTimestampTooOldError",
    "__version__",
    "file_from_path",
    "omit",
]


# The Agents API's helpers (beta): their streams, results and file uploads load on first use.
_AGENT_NAMES = {
    "AgentFilePreparationError": ".resources.beta_agents_environment_uploads",
    "AgentFileStagingError": ".resources.beta_agents_environment_uploads",
    "AgentOutputParseError": "._streaming.agent_results",
    "AgentResultArtifacts": ".resources.beta_agents_result_artifacts",
    "AgentSessionEventStream": "._streaming.agent_sessions",
    "AgentSessionStream": "._streaming.agent_sessions",
    "AgentToolError": "._streaming.agent_sessions",
    "AgentTurnResult": "._streaming.agent_results",
    "AgentTurnResultError": "._streaming.agent_results",
    "PreparedAgentFiles": ".resources.beta_agents_environment_uploads",
    "StagedAgentFile": ".resources.beta_agents_environment_uploads",
}

_UPLOAD_NAMES = {
    "BinaryResponse": "._uploads.binary",
    "ChunkedUploadState": ".resources.uploads_chunked",
    "FileBatchUploadError": ".resources.vector_store_file_batches",
    "FileChangedError": "._uploads.files",
    "FileUpload": "._uploads.files",
    "ProgressCallback": "._uploads.progress",
    "StreamAlreadyConsumed": "._uploads.binary",
    "TqdmProgress": "._uploads.progress",
    "UploadInterruptedError": ".resources.uploads_chunked",
    "file_from_path": "._uploads.files",
}


def __getattr__(name: str) -> Any:
    # The transports pull in requests / urllib3: import them when first asked for.
    if name == "RequestsTransport":
        from ._http.requests_transport import RequestsTransport

        return RequestsTransport
    if name == "Urllib3Transport":
        from ._http.urllib3_transport import Urllib3Transport

        return Urllib3Transport
    if name in ("AzureClient", "AzureOpenAI", "MutuallyExclusiveAuthError"):  # Azure loads on first use
        from .azure import client as azure_client

        return getattr(azure_client, name)
    if name in _UPLOAD_NAMES:  # the upload and download machinery (mimetypes, hashlib) loads on first use
        import importlib

        return getattr(importlib.import_module(_UPLOAD_NAMES[name], __name__), name)
    if name in _AGENT_NAMES:
        import importlib

        return getattr(importlib.import_module(_AGENT_NAMES[name], __name__), name)
    if name in ("RealtimeAPIError", "RealtimeConnection", "RealtimeConnectionClosedError"):  # on first use
        from .realtime import connection

        return getattr(connection, name)
    if name in ("ResponseStream", "NoFinalResponseError"):  # the Responses API loads on first use
        from ._streaming import responses

        return getattr(responses, name)
    raise AttributeError(f"module 'openai_compat' has no attribute {name!r}")
