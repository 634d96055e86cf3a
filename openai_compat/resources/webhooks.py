"""Webhooks: check that a request really comes from OpenAI, and decode its event.

OpenAI signs webhooks by the Standard Webhooks scheme (https://www.standardwebhooks.com): the signed content is
``{webhook-id}.{webhook-timestamp}.{raw body}``, the signature ``base64(HMAC-SHA256(key, content))``
and the ``webhook-signature`` header holds one or more space-separated ``v1,<signature>`` entries.
Verify the **raw body bytes** (Flask ``request.get_data()``, Django ``request.body``): JSON parsed
and dumped again differs in spacing or key order, and no longer matches.

Decisions, where openai-python and the Standard Webhooks spec differ:

- A ``whsec_`` secret is base64 (padding may be left out); any other secret is used as its UTF-8
  bytes, as openai-python does. An empty secret, a ``whsec_`` secret that is not base64, and the
  asymmetric ``whsk_``/``whpk_`` keys raise ``WebhookSecretError``.
- Only ``v1,`` entries count (the spec); bare signatures and other versions are skipped.
- ``webhook-timestamp`` must be ASCII digits; it is signed exactly as received.
- The window is inclusive both ways: ``now - tolerance <= timestamp <= now + tolerance``, in whole
  seconds. The timestamp is checked before the signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Any, Dict, Mapping, Optional, Union

from .._errors import (
    DECODE_ERRORS,
    APIResponseValidationError,
    InvalidWebhookSignatureError,
    InvalidWebhookTimestampError,
    MissingWebhookHeaderError,
    WebhookSecretError,
    WebhookTimestampTooNewError,
    WebhookTimestampTooOldError,
)
from ..types._codec import decode
from ..types.webhooks import WebhookEvent
from ._params import SessionLike

__all__ = ["sign", "unwrap", "verify_signature"]

Payload = Union[bytes, bytearray, memoryview, str]
DEFAULT_TOLERANCE = 300  # seconds, both ways (openai-python's default)
_SECRET_PREFIX = "whsec_"
_ASYMMETRIC_PREFIXES = ("whsk_", "whpk_")  # Standard Webhooks ed25519 keys: not for HMAC
_MAX_TIMESTAMP_DIGITS = 15  # Unix seconds until the year 31 million; longer text is not a timestamp
_WEBHOOK_EVENT: Any = WebhookEvent  # a union to type checkers, a decodable marker class at run time
_NO_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, on the client, "
    "Client(webhook_secret='whsec_...'), or passed to this function as secret="
)


def verify_signature(
    session: Optional[SessionLike],
    /,
    payload: Payload,
    headers: Mapping[Any, Any],
    *,
    secret: Optional[str] = None,
    tolerance: int = DEFAULT_TOLERANCE,
    now: Optional[float] = None,
) -> None:
    """Check that ``payload`` was signed by OpenAI; return ``None`` or raise.

    ``payload`` is the raw request body (bytes, or str sent as UTF-8); ``headers`` any mapping,
    looked up case-insensitively. ``secret`` defaults to the session's ``webhook_secret``
    (``OPENAI_WEBHOOK_SECRET``); ``session`` may be ``None`` when ``secret`` is given.
    ``tolerance`` is how far, in seconds, the timestamp may lie in the past or the future;
    ``now`` (Unix seconds) replaces the wall clock, for tests.

    Raises ``InvalidWebhookSignatureError`` (or a subclass naming the reason: a missing header, a
    malformed, too old or too new timestamp) for a request to reject, and ``WebhookSecretError``
    when no usable secret is configured.
    """
    key = _signing_key(_secret_for(session, secret))
    # openai-python's order: a request with none of the headers reports the signature first.
    signatures = _header(headers, "webhook-signature")
    timestamp = _header(headers, "webhook-timestamp")
    webhook_id = _header(headers, "webhook-id")
    _check_timestamp(timestamp, tolerance, now)
    expected = _signature(key, webhook_id, timestamp, _payload_bytes(payload))
    for entry in signatures.split():  # any whitespace: openai-python splits on tabs as well
        version, comma, candidate = entry.partition(",")
        # Bytes, not str: compare_digest refuses non-ASCII str, and a junk entry must simply not match.
        if version == "v1" and comma and hmac.compare_digest(expected, candidate.encode("utf-8", "surrogatepass")):
            return
    raise InvalidWebhookSignatureError("The given webhook signature does not match the expected signature") from None


def unwrap(
    session: Optional[SessionLike],
    /,
    payload: Payload,
    headers: Mapping[Any, Any],
    *,
    secret: Optional[str] = None,
    tolerance: int = DEFAULT_TOLERANCE,
    now: Optional[float] = None,
) -> WebhookEvent:
    """Verify the request (as ``verify_signature``) and decode its body as a typed event.

    An event type this library does not know decodes to ``UnknownWebhookEvent``, keeping every
    field. A verified body that is not a JSON event raises ``APIResponseValidationError``.
    """
    verify_signature(session, payload, headers, secret=secret, tolerance=tolerance, now=now)
    body = _payload_bytes(payload)
    try:
        event: WebhookEvent = decode(body, _WEBHOOK_EVENT)
    except DECODE_ERRORS as exc:
        raise APIResponseValidationError(f"The webhook payload is not a JSON event: {exc}", raw_body=body) from None
    return event


def sign(
    payload: Payload,
    /,
    *,
    secret: str,
    webhook_id: str,
    timestamp: Optional[int] = None,
) -> Dict[str, str]:
    """The ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` headers OpenAI would send
    with ``payload``: for testing your own webhook endpoint (``timestamp`` defaults to now)."""
    key = _signing_key(secret)
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = _signature(key, webhook_id, stamp, _payload_bytes(payload)).decode("ascii")
    return {"webhook-id": webhook_id, "webhook-timestamp": stamp, "webhook-signature": f"v1,{signature}"}


def _secret_for(session: Optional[SessionLike], secret: Optional[str]) -> str:
    if secret is None and session is not None:
        secret = session._session.webhook_secret
    if secret is None:
        raise WebhookSecretError(_NO_SECRET) from None
    if not isinstance(secret, str):
        raise TypeError(f"the webhook secret must be a str, not {type(secret).__name__}") from None
    return secret


def _signing_key(secret: str) -> bytes:
    """The HMAC key of a secret. Error messages never quote the secret."""
    if secret.startswith(_SECRET_PREFIX):
        encoded = secret[len(_SECRET_PREFIX):]
        encoded += "=" * (-len(encoded) % 4)  # Standard Webhooks accepts unpadded secrets too
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise WebhookSecretError("The webhook secret starts with whsec_ but the rest is not base64") from None
        if not key:
            raise WebhookSecretError("The webhook secret is empty (whsec_ with nothing after it)") from None
        return key
    if secret.startswith(_ASYMMETRIC_PREFIXES):
        raise WebhookSecretError(
            "The webhook secret is an asymmetric (whsk_/whpk_) key; OpenAI signs with whsec_ secrets"
        ) from None
    if not secret:
        # openai-python accepts "" as an empty HMAC key, which anyone can sign with: refuse it.
        raise WebhookSecretError("The webhook secret is empty") from None
    return secret.encode("utf-8")


def _header(headers: Mapping[Any, Any], name: str) -> str:
    """The value of ``name``: a case-insensitive mapping (werkzeug, Django, requests) finds it
    directly; a plain dict is searched by lower-cased key. A missing or blank value raises."""
    value = headers.get(name)
    if value is None:
        for key, item in headers.items():
            text = key.decode("latin-1") if isinstance(key, bytes) else key
            if isinstance(text, str) and text.lower() == name:
                value = item
                break
    if isinstance(value, bytes):
        value = value.decode("latin-1")  # raw HTTP header bytes (ASGI-style mappings)
    if not isinstance(value, str) or not value.strip():
        raise MissingWebhookHeaderError(name) from None
    return value


def _check_timestamp(timestamp: str, tolerance: int, now: Optional[float]) -> None:
    # ASCII digits only: int() would also take " 1", "+1", "1_0" and Unicode digits.
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > _MAX_TIMESTAMP_DIGITS:
        raise InvalidWebhookTimestampError("Invalid webhook timestamp format") from None
    sent = int(timestamp)
    # Whole seconds, as openai-python: a sub-second clock would make the inclusive bound flaky.
    current = int(time.time() if now is None else now)
    if current - sent > tolerance:
        raise WebhookTimestampTooOldError("Webhook timestamp is too old") from None
    if sent > current + tolerance:
        raise WebhookTimestampTooNewError("Webhook timestamp is too new") from None


def _payload_bytes(payload: Payload) -> bytes:
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogatepass")
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return bytes(payload)
    raise TypeError(
        f"the webhook payload must be the raw request body (bytes or str), not {type(payload).__name__}: "
        "JSON parsed and serialised again does not match the signature"
    )


def _signature(key: bytes, webhook_id: str, timestamp: str, body: bytes) -> bytes:
    """``base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))``, the timestamp as received."""
    signed = b"%s.%s.%s" % (webhook_id.encode("utf-8", "surrogatepass"), timestamp.encode("ascii"), body)
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
