"""openai_compat: a small, fast, sync-only client for the OpenAI API and compatible servers.

``from openai_compat import Client`` (or ``OpenAI``) is the usual start. The transports are
imported on first use, so ``import openai_compat`` loads neither requests nor urllib3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec import UNSET, UnsetType

from ._chat_stream import ChatCompletionStream
from ._client import Client
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
from ._pagination import SyncConversationCursorPage, SyncCursorPage, SyncNextCursorPage, SyncPage
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._session import Session
from ._sse import ServerSentEvent, SSEDecoder
from ._streaming import Stream
from ._timeout import DEFAULT_TIMEOUT, Timeout
from ._transport import Headers, InsecureTransportWarning, Request, Response, Transport
from ._version import __version__
from .types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage, ParsedChatCompletion
from .types.chat_params import ChatCompletionRequest, ContentPart, Message, ResponseFormat, Tool, ToolChoice

if TYPE_CHECKING:
    from ._azure import AzureClient, AzureOpenAI, MutuallyExclusiveAuthError
    from ._binary import BinaryResponse, StreamAlreadyConsumed
    from ._files import FileChangedError, FileUpload, file_from_path
    from ._progress import ProgressCallback, TqdmProgress
    from ._requests_transport import RequestsTransport
    from ._responses_stream import NoFinalResponseError, ResponseStream
    from ._urllib3_transport import Urllib3Transport
    from .realtime import RealtimeAPIError, RealtimeConnection, RealtimeConnectionClosedError
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
    "Stream",
    "StreamAlreadyConsumed",
    "StructuredOutputError",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncNextCursorPage",
    "SyncPage",
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


_UPLOAD_NAMES = {
    "BinaryResponse": "._binary",
    "ChunkedUploadState": ".resources.uploads_chunked",
    "FileBatchUploadError": ".resources.vector_store_file_batches",
    "FileChangedError": "._files",
    "FileUpload": "._files",
    "ProgressCallback": "._progress",
    "StreamAlreadyConsumed": "._binary",
    "TqdmProgress": "._progress",
    "UploadInterruptedError": ".resources.uploads_chunked",
    "file_from_path": "._files",
}


def __getattr__(name: str) -> Any:
    # The transports pull in requests / urllib3: import them when first asked for.
    if name == "RequestsTransport":
        from ._requests_transport import RequestsTransport

        return RequestsTransport
    if name == "Urllib3Transport":
        from ._urllib3_transport import Urllib3Transport

        return Urllib3Transport
    if name in ("AzureClient", "AzureOpenAI", "MutuallyExclusiveAuthError"):  # Azure loads on first use
        from . import _azure

        return getattr(_azure, name)
    if name in _UPLOAD_NAMES:  # the upload and download machinery (mimetypes, hashlib) loads on first use
        import importlib

        return getattr(importlib.import_module(_UPLOAD_NAMES[name], __name__), name)
    if name in ("RealtimeAPIError", "RealtimeConnection", "RealtimeConnectionClosedError"):  # on first use
        from . import realtime

        return getattr(realtime, name)
    if name in ("ResponseStream", "NoFinalResponseError"):  # the Responses API loads on first use
        from . import _responses_stream

        return getattr(_responses_stream, name)
    raise AttributeError(f"module 'openai_compat' has no attribute {name!r}")
