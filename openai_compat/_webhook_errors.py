"""The errors of verifying a webhook request (``client.webhooks``), named as in openai-python.

They are ``ValueError``s, not ``OpenAIError``s, as there: a bad webhook is bad input to the receiving
app, not a failed API call. ``_errors`` re-exports them with the rest of the hierarchy.
"""

from __future__ import annotations

from typing import Any, Tuple

__all__ = [
    "InvalidWebhookSignatureError",
    "InvalidWebhookTimestampError",
    "MissingWebhookHeaderError",
    "WebhookSecretError",
    "WebhookTimestampTooNewError",
    "WebhookTimestampTooOldError",
]


class InvalidWebhookSignatureError(ValueError):
    """A webhook request failed verification (``client.webhooks``): answer it with a 400.

    The subclasses tell the reasons apart. Messages never hold the secret, the payload or a header value.
    """


class MissingWebhookHeaderError(InvalidWebhookSignatureError):
    """A required ``webhook-*`` header is missing or empty; ``header`` names it."""

    def __init__(self, header: str) -> None:
        super().__init__(f"Could not find {header} header")
        self.header = header

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.header,))


class InvalidWebhookTimestampError(InvalidWebhookSignatureError):
    """``webhook-timestamp`` is not a Unix time in seconds written in ASCII digits."""


class WebhookTimestampTooOldError(InvalidWebhookSignatureError):
    """``webhook-timestamp`` is further in the past than the tolerance: possibly a replay."""


class WebhookTimestampTooNewError(InvalidWebhookSignatureError):
    """``webhook-timestamp`` is further in the future than the tolerance."""


class WebhookSecretError(ValueError):
    """No webhook secret is configured, or it is unusable (empty, or a ``whsec_`` secret that is not
    base64): a configuration problem of the receiving app, not a bad request."""
