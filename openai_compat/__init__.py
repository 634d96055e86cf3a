"""openai_compat: a small, fast, sync-only client for the OpenAI API and compatible servers.

``from openai_compat import Client`` (or ``OpenAI``) is the usual start. The transports are
imported on first use, so ``import openai_compat`` loads neither requests nor urllib3.

Like openai-python, the package is also a client of its own (``openai_compat.api_key = "..."``, then
``openai_compat.chat.completions.create(...)``): see ``_module_client.py``.
"""

from __future__ import annotations

import typing as _t
from typing import TYPE_CHECKING, Any

from msgspec import UNSET, UnsetType

from . import _module_client
from ._auth_errors import OAuthError
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
    SnapshotTooLargeError,
    StructuredOutputError,
    UnprocessableEntityError,
    WebhookSecretError,
    WebhookTimestampTooNewError,
    WebhookTimestampTooOldError,
)
from ._facade.client import Client
from ._facade.client_options import DataResidency
from ._http.transport import Headers, InsecureTransportWarning, Request, Response, Transport
from ._streaming.chat import ChatCompletionStream
from ._streaming.sse import ServerSentEvent, SSEDecoder
from ._streaming.stream import Stream
from ._version import __version__
from ._websocket_errors import WebSocketConnectionClosedError, WebSocketQueueFullError
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
    from ._facade.api_response import APIResponse, LegacyAPIResponse
    from ._http.requests_transport import RequestsTransport
    from ._http.urllib3_transport import Urllib3Transport
    from ._streaming.agent_results import AgentOutputParseError, AgentTurnResult, AgentTurnResultError
    from ._streaming.agent_sessions import AgentSessionEventStream, AgentSessionStream, AgentToolError
    from ._streaming.assistant_handler import AssistantEventHandler
    from ._streaming.responses import NoFinalResponseError, ResponseStream
    from ._streaming.responses_parsed import ParsedResponseStream
    from ._uploads.binary import BinaryResponse, StreamAlreadyConsumed
    from ._uploads.files import FileChangedError, FileUpload, file_from_path
    from ._uploads.progress import ProgressCallback, TqdmProgress
    from .azure.client import AzureClient, AzureOpenAI, MutuallyExclusiveAuthError
    from .realtime.apis import RealtimeConnection
    from .realtime.connection import RealtimeAPIError, RealtimeConnectionClosedError
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
    "APIResponse",
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
    "AssistantEventHandler",
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
    "DataResidency",
    "FileBatchUploadError",
    "FileChangedError",
    "FileUpload",
    "Headers",
    "InsecureTransportWarning",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "InvalidWebhookTimestampError",
    "LegacyAPIResponse",
    "LengthFinishReasonError",
    "Message",
    "MissingWebhookHeaderError",
    "MutuallyExclusiveAuthError",
    "NOT_GIVEN",
    "NoFinalResponseError",
    "NotFoundError",
    "NotGiven",
    "OAuthError",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "ParsedChatCompletion",
    "ParsedResponseStream",
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
    "SnapshotTooLargeError",
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
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
    "WebhookSecretError",
    "WebhookTimestampTooNewError",
    "WebhookTimestampTooOldError",
    "__version__",
    "file_from_path",
    "omit",
]


# -- the module client (see _module_client.py): openai-python's module-level settings ---------------
# Read when the default client is (re)built, not at import; None means "the environment's, or the default".

api_key: _t.Optional[str] = None
admin_api_key: _t.Optional[str] = None
organization: _t.Optional[str] = None
project: _t.Optional[str] = None
webhook_secret: _t.Optional[str] = None
base_url: _t.Optional[str] = None
timeout: _t.Union[float, Timeout, None] = DEFAULT_TIMEOUT
max_retries: int = DEFAULT_MAX_RETRIES
default_headers: _t.Optional[_t.Mapping[str, str]] = None
default_query: _t.Optional[_t.Mapping[str, object]] = None
http_client: Any = None
api_type: _t.Optional[str] = None  # "openai" or "azure"; None: OPENAI_API_TYPE, else inferred
api_version: _t.Optional[str] = None  # Azure; None: OPENAI_API_VERSION
azure_endpoint: _t.Optional[str] = None  # Azure; None: AZURE_OPENAI_ENDPOINT
azure_ad_token: _t.Optional[str] = None
azure_ad_token_provider: Any = None

if TYPE_CHECKING:  # at run time each is a proxy of the default client's namespace (module __getattr__)
    from ._facade.audio import Audio
    from ._facade.batches import Batches
    from ._facade.beta import Beta
    from ._facade.chat import Chat
    from ._facade.completions import Completions
    from ._facade.conversations import Conversations
    from ._facade.embeddings import Embeddings
    from ._facade.files import Files
    from ._facade.fine_tuning import FineTuning
    from ._facade.images import Images
    from ._facade.models import Models
    from ._facade.moderations import Moderations
    from ._facade.responses import Responses
    from ._facade.uploads import Uploads
    from ._facade.vector_stores import VectorStores
    from ._facade.webhooks import Webhooks

    audio: Audio
    batches: Batches
    beta: Beta
    chat: Chat
    completions: Completions
    conversations: Conversations
    embeddings: Embeddings
    files: Files
    fine_tuning: FineTuning
    images: Images
    models: Models
    moderations: Moderations
    responses: Responses
    uploads: Uploads
    vector_stores: VectorStores
    webhooks: Webhooks


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
        from . import realtime

        return getattr(realtime, name)
    if name == "AssistantEventHandler":  # the run stream helpers load on first use
        from ._streaming.assistant_handler import AssistantEventHandler

        return AssistantEventHandler
    if name in ("ResponseStream", "NoFinalResponseError"):  # the Responses API loads on first use
        from ._streaming import responses

        return getattr(responses, name)
    if name == "ParsedResponseStream":  # responses.parse(stream=True), on first use
        from ._streaming.responses_parsed import ParsedResponseStream

        return ParsedResponseStream
    if name in ("APIResponse", "LegacyAPIResponse"):
        from ._facade import api_response

        return getattr(api_response, name)
    proxy = _module_client.namespace(name)  # openai_compat.chat, .models, ...: the module client
    if proxy is not None:
        return proxy
    raise AttributeError(f"module 'openai_compat' has no attribute {name!r}")
