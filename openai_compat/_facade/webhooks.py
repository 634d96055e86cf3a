"""The ``client.webhooks`` namespace, imported when ``client.webhooks`` is first used, so
``import openai_compat`` does not load the webhook event types."""

from __future__ import annotations

from ..resources import webhooks
from ._namespace import _Namespace
from .webhook_endpoints import WebhookEndpoints

__all__ = ["Webhooks"]


class Webhooks(WebhookEndpoints, _Namespace):
    """``client.webhooks``: verify a webhook request and decode its event, with the client's
    ``webhook_secret`` (``OPENAI_WEBHOOK_SECRET``) unless ``secret=`` is passed; and manage the
    webhook endpoints (``create``, ``list``, ..., ``event_types``: ``WebhookEndpoints``)."""

    verify_signature = webhooks.verify_signature
    unwrap = webhooks.unwrap
