"""Webhook events (``unwrap``), ``client.webhooks``, the secret's sources, and a cross-check of signing
and verifying against the independent ``standardwebhooks`` package, both ways."""

from __future__ import annotations

import base64
import json
import os
import pickle
from datetime import datetime, timezone
from typing import Any, Dict

import pytest
import standardwebhooks

from openai_compat import APIResponseValidationError, Client, InvalidWebhookSignatureError, WebhookSecretError
from openai_compat.resources.webhooks import sign, unwrap, verify_signature
from openai_compat.testing import MockTransport
from openai_compat.types import webhooks as types

SECRET = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c="
NOW = 1750861210

# Every event of the spec's top-level ``webhooks:`` section (its Webhook* schemas), with its class.
SPEC_EVENTS = {
    "batch.cancelled": types.BatchCancelledWebhookEvent,
    "batch.completed": types.BatchCompletedWebhookEvent,
    "batch.expired": types.BatchExpiredWebhookEvent,
    "batch.failed": types.BatchFailedWebhookEvent,
    "eval.run.canceled": types.EvalRunCanceledWebhookEvent,
    "eval.run.failed": types.EvalRunFailedWebhookEvent,
    "eval.run.succeeded": types.EvalRunSucceededWebhookEvent,
    "fine_tuning.job.cancelled": types.FineTuningJobCancelledWebhookEvent,
    "fine_tuning.job.failed": types.FineTuningJobFailedWebhookEvent,
    "fine_tuning.job.succeeded": types.FineTuningJobSucceededWebhookEvent,
    "live.call.incoming": types.LiveCallIncomingWebhookEvent,
    "realtime.call.incoming": types.RealtimeCallIncomingWebhookEvent,
    "response.cancelled": types.ResponseCancelledWebhookEvent,
    "response.completed": types.ResponseCompletedWebhookEvent,
    "response.failed": types.ResponseFailedWebhookEvent,
    "response.incomplete": types.ResponseIncompleteWebhookEvent,
}
SIP_HEADERS = [{"name": "Max-Forwards", "value": "63"}, {"name": "CSeq", "value": "851287 INVITE"}]


def _signed(event: Dict[str, Any], *, secret: str = SECRET, timestamp: int = NOW) -> tuple[bytes, Dict[str, str]]:
    body = json.dumps(event).encode()
    return body, sign(body, secret=secret, webhook_id="wh_test", timestamp=timestamp)


def _spec_example(kind: str) -> Dict[str, Any]:
    """The spec's example payload of an event type (``x-oaiMeta.example``), with ``object`` added."""
    if kind == "realtime.call.incoming":
        data: Dict[str, Any] = {"call_id": "rtc_479a", "sip_headers": SIP_HEADERS}
    elif kind == "live.call.incoming":
        data = {"session_id": "rtc_479a", "sip_headers": SIP_HEADERS}
    else:
        data = {"id": "obj_abc123"}
    return {"id": "evt_abc123", "type": kind, "created_at": 1719168000, "object": "event", "data": data}


# -- typed events ---------------------------------------------------------------------------------


def test_the_types_cover_every_spec_event_and_nothing_else() -> None:
    constants = {v for k, v in vars(types.WebhookEventType).items() if k.isupper()}
    assert constants == set(SPEC_EVENTS)
    assert dict(types.WebhookEvent.members) == SPEC_EVENTS  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", sorted(SPEC_EVENTS))
def test_every_event_type_decodes_to_its_class(kind: str) -> None:
    body, headers = _signed(_spec_example(kind))
    event: Any = unwrap(None, body, headers, secret=SECRET, now=NOW)
    assert type(event) is SPEC_EVENTS[kind]
    assert (event.id, event.type, event.created_at, event.object) == ("evt_abc123", kind, 1719168000, "event")
    if kind == "realtime.call.incoming":
        assert event.data.call_id == "rtc_479a"
    elif kind == "live.call.incoming":
        assert event.data.session_id == "rtc_479a"
    else:
        assert event.data == types.WebhookEventData(id="obj_abc123")
    if "call" in kind:
        assert event.data.sip_headers == [types.SipHeader(name="Max-Forwards", value="63"),
                                          types.SipHeader(name="CSeq", value="851287 INVITE")]
    assert event.to_dict() == _spec_example(kind)


def test_an_unknown_event_type_keeps_the_whole_payload() -> None:
    payload = {"id": "evt_1", "type": "agent.session.idle", "created_at": NOW, "data": {"session_id": "s_1"},
               "extra": [1, 2]}
    body, headers = _signed(payload)
    event: Any = unwrap(None, body, headers, secret=SECRET, now=NOW)
    assert type(event) is types.UnknownWebhookEvent
    assert event.raw == payload
    assert (event.type, event.id, event.data, event.extra) == ("agent.session.idle", "evt_1", {"session_id": "s_1"},
                                                               {"extra": [1, 2]})


def test_an_event_without_a_type_or_ids_is_unknown_not_an_error() -> None:
    body, headers = _signed({"data": None})
    event: Any = unwrap(None, body, headers, secret=SECRET, now=NOW)
    assert type(event) is types.UnknownWebhookEvent and event.type is None and event.raw == {"data": None}


def test_undeclared_fields_of_a_known_event_are_kept() -> None:
    payload = _spec_example("response.completed")
    payload["data"]["status"] = "completed"
    payload["new_top_level"] = True
    body, headers = _signed(payload)
    event: Any = unwrap(None, body, headers, secret=SECRET, now=NOW)
    assert isinstance(event, types.ResponseCompletedWebhookEvent)
    assert event.new_top_level is True and event.data.status == "completed"
    assert pickle.loads(pickle.dumps(event)).to_dict() == payload


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b'{"id": "evt_1", "type": "batch.failed"'])
def test_a_verified_body_that_is_not_an_event_is_a_validation_error(body: bytes) -> None:
    headers = sign(body, secret=SECRET, webhook_id="wh_test", timestamp=NOW)
    with pytest.raises(APIResponseValidationError, match="not a JSON event") as caught:
        unwrap(None, body, headers, secret=SECRET, now=NOW)
    assert caught.value.raw_body == body


def test_unwrap_verifies_before_decoding() -> None:
    body, headers = _signed(_spec_example("batch.completed"))
    headers["webhook-signature"] = "v1,bm90IHRoZSBzaWduYXR1cmU="
    with pytest.raises(InvalidWebhookSignatureError):
        unwrap(None, body, headers, secret=SECRET, now=NOW)
    with pytest.raises(InvalidWebhookSignatureError):
        unwrap(None, b"not json", headers, secret=SECRET, now=NOW)


def test_unwrap_applies_the_tolerance() -> None:
    body, headers = _signed(_spec_example("batch.completed"), timestamp=NOW - 600)
    with pytest.raises(InvalidWebhookSignatureError, match="too old"):
        unwrap(None, body, headers, secret=SECRET, now=NOW)
    assert unwrap(None, body, headers, secret=SECRET, now=NOW, tolerance=600).type == "batch.completed"


# -- the client facade and where the secret comes from --------------------------------------------


def _client(**kwargs: Any) -> Client:
    return Client(api_key="sk-test", transport=MockTransport(), **kwargs)


def test_client_webhooks_uses_the_clients_secret() -> None:
    client = _client(webhook_secret=SECRET)
    body, headers = _signed(_spec_example("response.failed"))
    assert client.webhook_secret == SECRET
    assert client.webhooks.verify_signature(body, headers, now=NOW) is None
    assert type(client.webhooks.unwrap(body, headers, now=NOW)) is types.ResponseFailedWebhookEvent


def test_the_secret_comes_from_the_environment_and_arguments_win(monkeypatch: pytest.MonkeyPatch) -> None:
    other = "whsec_" + base64.b64encode(b"another key of 24 bytes!").decode()
    body, headers = _signed(_spec_example("batch.expired"))
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    from_env = _client()
    from_env.webhooks.verify_signature(body, headers, now=NOW)
    with pytest.raises(InvalidWebhookSignatureError):
        _client(webhook_secret=other).webhooks.verify_signature(body, headers, now=NOW)
    with pytest.raises(InvalidWebhookSignatureError):
        from_env.webhooks.verify_signature(body, headers, secret=other, now=NOW)
    _client(webhook_secret=other).webhooks.verify_signature(body, headers, secret=SECRET, now=NOW)
    with pytest.raises(InvalidWebhookSignatureError):
        from_env.with_options(webhook_secret=other).webhooks.verify_signature(body, headers, now=NOW)
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "")
    with pytest.raises(WebhookSecretError, match="empty"):
        _client().webhooks.verify_signature(body, headers, now=NOW)
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET")
    with pytest.raises(WebhookSecretError, match="OPENAI_WEBHOOK_SECRET"):
        _client().webhooks.unwrap(body, headers, now=NOW)


def test_the_environment_is_read_when_the_client_is_built_not_at_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET", raising=False)
    client = _client()
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    body, headers = _signed(_spec_example("batch.expired"))
    with pytest.raises(WebhookSecretError):
        client.webhooks.verify_signature(body, headers, now=NOW)


def test_the_secret_is_in_no_repr_and_not_pickled_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET", raising=False)
    client = Client(api_key="sk-test", base_url="http://127.0.0.1:9", webhook_secret=SECRET)  # a picklable transport
    for text in (repr(client), repr(client.session), repr(client.webhooks)):
        assert "RdvaYFYU" not in text
    assert b"RdvaYFYU" not in pickle.dumps(client)
    assert pickle.loads(pickle.dumps(client)).webhook_secret is None
    kept = pickle.loads(pickle.dumps(client.with_options(pickle_api_key=True)))
    assert kept.webhook_secret == SECRET


# -- the independent implementation: standardwebhooks --------------------------------------------


def _secrets() -> list[str]:
    fixed = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", SECRET]
    return fixed + ["whsec_" + base64.b64encode(os.urandom(n)).decode() for n in (24, 32, 48, 64)]


PAYLOADS = ['{"test": 2432232314}', '{"synthetic": "café", "emoji": "\\ud83d\\ude00"}', json.dumps({"a": "é" * 500})]


@pytest.mark.parametrize("secret", _secrets())
@pytest.mark.parametrize("payload", PAYLOADS)
def test_what_standardwebhooks_signs_verifies_here(secret: str, payload: str) -> None:
    now = datetime.now(tz=timezone.utc)
    theirs = standardwebhooks.Webhook(secret).sign("msg_cross", now, payload)
    timestamp = str(int(now.timestamp()))
    headers = {"Webhook-Id": "msg_cross", "Webhook-Timestamp": timestamp, "Webhook-Signature": theirs}
    verify_signature(None, payload, headers, secret=secret)
    verify_signature(None, payload.encode(), headers, secret=secret)
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(None, payload + " ", headers, secret=secret)


@pytest.mark.parametrize("secret", _secrets())
@pytest.mark.parametrize("payload", PAYLOADS)
def test_what_is_signed_here_verifies_with_standardwebhooks(secret: str, payload: str) -> None:
    headers = sign(payload.encode(), secret=secret, webhook_id="msg_cross")
    assert standardwebhooks.Webhook(secret).verify(payload, headers) == json.loads(payload)
    tampered = {**headers, "webhook-id": "msg_other"}
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(secret).verify(payload, tampered)
