"""Types of ``/batches``: a batch, its request counts, errors and token usage.

Shapes follow ``Batch`` in the OpenAPI spec, lenient as every response type here: ``status`` and
``endpoint`` are ``str`` with constants for the known values (a new status from the server must
never lose a good answer), optional fields default to ``None``, and fields the types do not declare
stay on the objects as attributes (see ``_base``). The per-line shapes of the input, output and
error files live in ``openai_compat.batch_jsonl``.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional

import msgspec

from ._base import APIObject

__all__ = [
    "TERMINAL_STATUSES",
    "Batch",
    "BatchEndpoint",
    "BatchError",
    "BatchErrors",
    "BatchInputTokensDetails",
    "BatchOutputTokensDetails",
    "BatchRequestCounts",
    "BatchStatus",
    "BatchUsage",
]


class BatchStatus:
    """The ``status`` values the spec lists."""

    VALIDATING = "validating"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    FINALIZING = "finalizing"
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"


# A batch in one of these states changes no more (``cancelling`` still moves on to ``cancelled``).
TERMINAL_STATUSES: FrozenSet[str] = frozenset(
    {BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.EXPIRED, BatchStatus.CANCELLED}
)


class BatchEndpoint:
    """The ``endpoint`` values ``CreateBatchRequest`` accepts (paths with ``/v1``, as the API wants
    them whatever the client's ``base_url``)."""

    RESPONSES = "/v1/responses"
    CHAT_COMPLETIONS = "/v1/chat/completions"
    EMBEDDINGS = "/v1/embeddings"
    COMPLETIONS = "/v1/completions"
    MODERATIONS = "/v1/moderations"
    IMAGES_GENERATIONS = "/v1/images/generations"
    IMAGES_EDITS = "/v1/images/edits"
    VIDEOS = "/v1/videos"


class BatchError(APIObject):
    """One problem found in the input file (``BatchError``); ``line`` is its 1-based line, if any."""

    code: Optional[str] = None
    message: Optional[str] = None
    param: Optional[str] = None
    line: Optional[int] = None


class BatchErrors(APIObject):
    """The batch's ``errors``: a list object of ``BatchError``."""

    data: List[BatchError] = msgspec.field(default_factory=list)
    object: Optional[str] = None


class BatchRequestCounts(APIObject):
    """How many requests the batch holds, and how many completed or failed so far."""

    total: int = 0
    completed: int = 0
    failed: int = 0


class BatchInputTokensDetails(APIObject):
    cached_tokens: int = 0


class BatchOutputTokensDetails(APIObject):
    reasoning_tokens: int = 0


class BatchUsage(APIObject):
    """Tokens the batch used (only on batches created after 2025-09-07, the spec says)."""

    input_tokens: int = 0
    input_tokens_details: Optional[BatchInputTokensDetails] = None
    output_tokens: int = 0
    output_tokens_details: Optional[BatchOutputTokensDetails] = None
    total_tokens: int = 0


class Batch(APIObject):
    """A batch (``Batch``). Timestamps are Unix seconds; ``output_file_id`` and ``error_file_id``
    name the files to read back with ``batch_jsonl.read_batch_results`` once they exist."""

    id: str = ""
    object: str = "batch"
    endpoint: str = ""
    model: Optional[str] = None
    errors: Optional[BatchErrors] = None
    input_file_id: str = ""
    completion_window: str = ""
    status: str = ""
    output_file_id: Optional[str] = None
    error_file_id: Optional[str] = None
    created_at: int = 0
    in_progress_at: Optional[int] = None
    expires_at: Optional[int] = None
    finalizing_at: Optional[int] = None
    completed_at: Optional[int] = None
    failed_at: Optional[int] = None
    expired_at: Optional[int] = None
    cancelling_at: Optional[int] = None
    cancelled_at: Optional[int] = None
    request_counts: Optional[BatchRequestCounts] = None
    usage: Optional[BatchUsage] = None
    metadata: Optional[Dict[str, str]] = None

    @property
    def is_done(self) -> bool:
        """Whether ``status`` is terminal (completed, failed, expired or cancelled)."""
        return self.status in TERMINAL_STATUSES
