"""Webhook events: one Struct per event type of the spec's top-level ``webhooks:`` section.

``unwrap`` decodes a verified payload as ``WebhookEvent``, an open union on ``type``
(``_open.OpenUnion``): a type this library does not know yet (OpenAI adds event types over
time) decodes to ``UnknownWebhookEvent``, which keeps every field (attributes, ``raw``).
Class names are openai-python's (``openai.types.webhooks``); the union is its ``UnwrapWebhookEvent``.
Every event has ``id``, ``created_at`` (Unix seconds), ``type``, an optional ``object`` (``"event"``)
and ``data``: the id of the object the event is about, or the SIP call for the two call events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of

__all__ = [
    "BatchCancelledWebhookEvent",
    "BatchCompletedWebhookEvent",
    "BatchExpiredWebhookEvent",
    "BatchFailedWebhookEvent",
    "EvalRunCanceledWebhookEvent",
    "EvalRunFailedWebhookEvent",
    "EvalRunSucceededWebhookEvent",
    "FineTuningJobCancelledWebhookEvent",
    "FineTuningJobFailedWebhookEvent",
    "FineTuningJobSucceededWebhookEvent",
    "LiveCallIncomingData",
    "LiveCallIncomingWebhookEvent",
    "RealtimeCallIncomingData",
    "RealtimeCallIncomingWebhookEvent",
    "ResponseCancelledWebhookEvent",
    "ResponseCompletedWebhookEvent",
    "ResponseFailedWebhookEvent",
    "ResponseIncompleteWebhookEvent",
    "SipHeader",
    "UnknownWebhookEvent",
    "UnwrapWebhookEvent",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookEventType",
]


class WebhookEventType:
    """The ``type`` values the spec lists (``webhooks:`` in the OpenAPI document)."""

    BATCH_CANCELLED = "batch.cancelled"
    BATCH_COMPLETED = "batch.completed"
    BATCH_EXPIRED = "batch.expired"
    BATCH_FAILED = "batch.failed"
    EVAL_RUN_CANCELED = "eval.run.canceled"  # one "l": the spec spells eval runs so
    EVAL_RUN_FAILED = "eval.run.failed"
    EVAL_RUN_SUCCEEDED = "eval.run.succeeded"
    FINE_TUNING_JOB_CANCELLED = "fine_tuning.job.cancelled"
    FINE_TUNING_JOB_FAILED = "fine_tuning.job.failed"
    FINE_TUNING_JOB_SUCCEEDED = "fine_tuning.job.succeeded"
    LIVE_CALL_INCOMING = "live.call.incoming"
    REALTIME_CALL_INCOMING = "realtime.call.incoming"
    RESPONSE_CANCELLED = "response.cancelled"
    RESPONSE_COMPLETED = "response.completed"
    RESPONSE_FAILED = "response.failed"
    RESPONSE_INCOMPLETE = "response.incomplete"


class WebhookEventData(APIObject):
    """``data`` of most events: the id of the batch, eval run, fine-tuning job or response."""

    id: str = ""


class SipHeader(APIObject):
    """A header of the SIP INVITE that started an incoming call."""

    name: str = ""
    value: str = ""


class RealtimeCallIncomingData(APIObject):
    """``data`` of ``realtime.call.incoming``: ``call_id`` is the pending SIP session (``rtc_...``)."""

    call_id: str = ""
    sip_headers: List[SipHeader] = msgspec.field(default_factory=list)


class LiveCallIncomingData(APIObject):
    """``data`` of ``live.call.incoming``: ``session_id`` is the ``call_id`` of ``realtime.call.incoming``."""

    session_id: str = ""
    sip_headers: List[SipHeader] = msgspec.field(default_factory=list)


class _WebhookEvent(APIObject):
    id: str = ""
    created_at: int = 0
    type: str = ""
    object: Optional[str] = None


class _ObjectEvent(_WebhookEvent):
    data: WebhookEventData = msgspec.field(default_factory=WebhookEventData)


class BatchCancelledWebhookEvent(_ObjectEvent):
    type: str = "batch.cancelled"


class BatchCompletedWebhookEvent(_ObjectEvent):
    type: str = "batch.completed"


class BatchExpiredWebhookEvent(_ObjectEvent):
    type: str = "batch.expired"


class BatchFailedWebhookEvent(_ObjectEvent):
    type: str = "batch.failed"


class EvalRunCanceledWebhookEvent(_ObjectEvent):
    type: str = "eval.run.canceled"


class EvalRunFailedWebhookEvent(_ObjectEvent):
    type: str = "eval.run.failed"


class EvalRunSucceededWebhookEvent(_ObjectEvent):
    type: str = "eval.run.succeeded"


class FineTuningJobCancelledWebhookEvent(_ObjectEvent):
    type: str = "fine_tuning.job.cancelled"


class FineTuningJobFailedWebhookEvent(_ObjectEvent):
    type: str = "fine_tuning.job.failed"


class FineTuningJobSucceededWebhookEvent(_ObjectEvent):
    type: str = "fine_tuning.job.succeeded"


class LiveCallIncomingWebhookEvent(_WebhookEvent):
    type: str = "live.call.incoming"
    data: LiveCallIncomingData = msgspec.field(default_factory=LiveCallIncomingData)


class RealtimeCallIncomingWebhookEvent(_WebhookEvent):
    type: str = "realtime.call.incoming"
    data: RealtimeCallIncomingData = msgspec.field(default_factory=RealtimeCallIncomingData)


class ResponseCancelledWebhookEvent(_ObjectEvent):
    type: str = "response.cancelled"


class ResponseCompletedWebhookEvent(_ObjectEvent):
    type: str = "response.completed"


class ResponseFailedWebhookEvent(_ObjectEvent):
    type: str = "response.failed"


class ResponseIncompleteWebhookEvent(_ObjectEvent):
    type: str = "response.incomplete"


class UnknownWebhookEvent(_WebhookEvent):
    """An event of a type this library does not know: every field is kept (attributes, ``raw``).

    Its fields are looser than a known event's, so that no payload is refused for its shape.
    """

    id: Optional[str] = None  # type: ignore[assignment]
    created_at: Optional[int] = None  # type: ignore[assignment]
    type: Optional[str] = None  # type: ignore[assignment]
    data: Any = None

    @property
    def raw(self) -> Dict[str, Any]:
        """The payload as it was received (decoded JSON)."""
        return raw_of(self)


_EVENTS = (
    BatchCancelledWebhookEvent,
    BatchCompletedWebhookEvent,
    BatchExpiredWebhookEvent,
    BatchFailedWebhookEvent,
    EvalRunCanceledWebhookEvent,
    EvalRunFailedWebhookEvent,
    EvalRunSucceededWebhookEvent,
    FineTuningJobCancelledWebhookEvent,
    FineTuningJobFailedWebhookEvent,
    FineTuningJobSucceededWebhookEvent,
    LiveCallIncomingWebhookEvent,
    RealtimeCallIncomingWebhookEvent,
    ResponseCancelledWebhookEvent,
    ResponseCompletedWebhookEvent,
    ResponseFailedWebhookEvent,
    ResponseIncompleteWebhookEvent,
)

if TYPE_CHECKING:
    WebhookEvent = Union[
        BatchCancelledWebhookEvent,
        BatchCompletedWebhookEvent,
        BatchExpiredWebhookEvent,
        BatchFailedWebhookEvent,
        EvalRunCanceledWebhookEvent,
        EvalRunFailedWebhookEvent,
        EvalRunSucceededWebhookEvent,
        FineTuningJobCancelledWebhookEvent,
        FineTuningJobFailedWebhookEvent,
        FineTuningJobSucceededWebhookEvent,
        LiveCallIncomingWebhookEvent,
        RealtimeCallIncomingWebhookEvent,
        ResponseCancelledWebhookEvent,
        ResponseCompletedWebhookEvent,
        ResponseFailedWebhookEvent,
        ResponseIncompleteWebhookEvent,
        UnknownWebhookEvent,
    ]
else:

    class WebhookEvent(OpenUnion):
        """A webhook event: decoded by ``type``, ``UnknownWebhookEvent`` for the others."""

        members = by_type(_EVENTS)
        unknown = UnknownWebhookEvent


UnwrapWebhookEvent = WebhookEvent  # openai-python's name for the union
