"""Webhook signature verification: known-answer vectors (checked with Python's hmac, hashlib and
base64) and negatives, the replay window, timestamp grammar, signature lists, headers, secrets and
error hygiene.

Events, the client facade, the environment and the cross-check against ``standardwebhooks`` are in
``test_webhooks_events.py``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle
from typing import Any, Dict

import pytest
from werkzeug.datastructures import Headers as WerkzeugHeaders

from openai_compat import (
    InvalidWebhookSignatureError,
    InvalidWebhookTimestampError,
    MissingWebhookHeaderError,
    WebhookSecretError,
    WebhookTimestampTooNewError,
    WebhookTimestampTooOldError,
)
from openai_compat.resources import webhooks
from openai_compat.resources.webhooks import sign, verify_signature

# KAT-1: the canonical Standard Webhooks vector.
KAT1_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KAT1_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
KAT1_TS = 1614265330
KAT1_PAYLOAD = '{"test": 2432232314}'
KAT1_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
DECOY = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="

# KAT-3: the OpenAI vector.
KAT3_SECRET = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c="
KAT3_ID = "wh_685c059ae39c8190af8c71ed1022a24d"
KAT3_TS = 1750861210
KAT3_PAYLOAD = (
    '{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210, '
    '"type": "response.completed", "data": {"id": "resp_123"}}'
)

KATS = [  # (secret, webhook id, timestamp, payload, expected signature header)
    pytest.param(KAT1_SECRET, KAT1_ID, KAT1_TS, KAT1_PAYLOAD, KAT1_SIG, id="kat1"),
    pytest.param("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", KAT1_ID, KAT1_TS, KAT1_PAYLOAD,
                 "v1,LVOXivKoo4FWasi/IaHvzhE/u+7/cu2AME+zS/nXqzk=", id="kat1-unpadded-23-byte-key"),
    pytest.param("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", KAT1_ID, KAT1_TS, KAT1_PAYLOAD,
                 "v1,yK2tMbA6BHPrMEJ1lLv7UlJJbgFoqGenJkiajZ29evg=", id="kat1-unpadded-25-byte-key"),
    pytest.param("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553,
                 '{"email":"test@example.com","username":"test_user"}',
                 "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=", id="kat2"),
    pytest.param(KAT3_SECRET, KAT3_ID, KAT3_TS, KAT3_PAYLOAD, "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY=",
                 id="kat3-openai"),
    pytest.param("synthetic-webhook-secret", "evt_synthetic", 1750000000, '{"synthetic": "café"}',
                 "v1,qzuLCtHIXTcfJr8yxIcKC07cOqyNSgdmZRut6AFa+RA=", id="kat4-raw-secret"),
    pytest.param("whsec_c3ludGhldGljLXdlYmhvb2stc2VjcmV0", "evt_synthetic", 1750000000, '{"synthetic": "café"}',
                 "v1,qzuLCtHIXTcfJr8yxIcKC07cOqyNSgdmZRut6AFa+RA=", id="kat4-prefixed-secret"),
    # An unprefixed secret is its UTF-8 bytes (openai-python's reading), not base64 (Standard Webhooks').
    pytest.param("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", KAT1_ID, KAT1_TS, KAT1_PAYLOAD,
                 "v1,ELhqG0Ku1gwOc1f4jyKdp3SFGFLAOdJ9bvpWLciCakI=", id="kat1-secret-read-as-raw-utf8"),
]


def _headers(signature: str, *, webhook_id: str = KAT1_ID, timestamp: Any = KAT1_TS) -> Dict[str, str]:
    return {"webhook-id": webhook_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature}


def _kat1(signature: str, **kwargs: Any) -> None:
    verify_signature(None, KAT1_PAYLOAD, _headers(signature), secret=KAT1_SECRET, now=KAT1_TS, **kwargs)


def _raw_signature(key: bytes, webhook_id: str, timestamp_text: str, body: bytes) -> str:
    """An independent HMAC, for timestamp texts that ``sign`` (which takes an int) cannot produce."""
    mac = hmac.new(key, f"{webhook_id}.{timestamp_text}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


# -- known answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("secret", "webhook_id", "timestamp", "payload", "expected"), KATS)
def test_known_answer_vectors_sign_and_verify(secret: str, webhook_id: str, timestamp: int, payload: str,
                                              expected: str) -> None:
    headers = sign(payload, secret=secret, webhook_id=webhook_id, timestamp=timestamp)
    assert headers == _headers(expected, webhook_id=webhook_id, timestamp=timestamp)
    for body in (payload, payload.encode("utf-8"), bytearray(payload.encode("utf-8"))):
        assert verify_signature(None, body, headers, secret=secret, now=timestamp) is None


@pytest.mark.parametrize("signature", [
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",  # last character changed
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd",  # invalid base64 tail
    f"v1,{DECOY}",
    f"v2,{DECOY}",
    f"v2,{KAT1_SIG[3:]}",  # the right signature under an unknown version is skipped
    "v1,dawfeoifkpqwoekfpqoekf",
    "v1,",
    KAT1_SIG[:8],  # partial
    KAT1_SIG[3:],  # bare: the spec wants the version, so it is not accepted
    "v1,ELhqG0Ku1gwOc1f4jyKdp3SFGFLAOdJ9bvpWLciCakI=",  # the secret misread as raw UTF-8
    f"v1a,{KAT1_SIG[3:]}",
])
def test_kat1_negatives_are_rejected(signature: str) -> None:
    with pytest.raises(InvalidWebhookSignatureError, match="does not match the expected signature") as caught:
        _kat1(signature)
    assert type(caught.value) is InvalidWebhookSignatureError


def test_kat3_with_the_whole_secret_as_raw_key_is_rejected() -> None:
    headers = _headers("v1,+4ZePMowmy2nbxmfG2/VzffJjNDRa6G96U7XZMM+FWQ=", webhook_id=KAT3_ID, timestamp=KAT3_TS)
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(None, KAT3_PAYLOAD, headers, secret=KAT3_SECRET, now=KAT3_TS)


def test_kat2_rust_negatives_are_rejected() -> None:
    secret, webhook_id = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"
    timestamp = 1649367553
    payload = '{"email":"test@example.com","username":"test_user"}'
    decoys = [
        "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=",
        "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ= v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q= "
        "v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=",
    ]
    for signature in decoys:
        with pytest.raises(InvalidWebhookSignatureError):
            verify_signature(None, payload, _headers(signature, webhook_id=webhook_id, timestamp=timestamp),
                             secret=secret, now=timestamp)


# -- signature lists ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    f"v1,{DECOY} v2,{DECOY} {KAT1_SIG} v1,{DECOY}",  # Standard Webhooks test_multi_sig_payload_is_valid
    f"v1,invalid\t{KAT1_SIG} v1,also-invalid",  # tab and space both separate entries
    f"v1,invalid_signature {KAT1_SIG}",
    f"  {KAT1_SIG}  ",
    f"v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== {KAT1_SIG}",
])
def test_one_valid_signature_among_several_is_enough(header: str) -> None:
    _kat1(header)


@pytest.mark.parametrize("header", [
    "invalid",
    "v1,a,b",
    "v1,é",
    "v1,\udcff",
    "v1," + "A" * 10_000,
    " ".join(["v1,junk"] * 1000),
    " ".join([f"v1,{DECOY}"] * 1000),
    "\x00",
])
def test_malformed_entries_are_a_typed_mismatch_never_a_crash(header: str) -> None:
    with pytest.raises(InvalidWebhookSignatureError) as caught:
        _kat1(header)
    assert type(caught.value) is InvalidWebhookSignatureError


def test_every_candidate_up_to_the_match_goes_through_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = hmac.compare_digest

    def recording(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhooks.hmac, "compare_digest", recording)
    _kat1(f"v1,invalid {KAT1_SIG} v1,unused")
    expected = KAT1_SIG[3:].encode()
    assert calls == [(expected, b"invalid"), (expected, expected)]  # bytes, and it stops at the match


# -- the replay window ---------------------------------------------------------------------------


@pytest.mark.parametrize(("delta", "tolerance", "error"), [
    (0, 0, None),
    (-300, 300, None),
    (300, 300, None),
    (-301, 300, WebhookTimestampTooOldError),
    (301, 300, WebhookTimestampTooNewError),
    (-1, 0, WebhookTimestampTooOldError),
    (1, 0, WebhookTimestampTooNewError),
    (0, -1, WebhookTimestampTooOldError),
    (-3600, 7200, None),
])
def test_replay_window_is_inclusive_both_ways(delta: int, tolerance: int, error: Any) -> None:
    sent = KAT1_TS + delta
    headers = sign(KAT1_PAYLOAD, secret=KAT1_SECRET, webhook_id=KAT1_ID, timestamp=sent)
    if error is None:
        verify_signature(None, KAT1_PAYLOAD, headers, secret=KAT1_SECRET, tolerance=tolerance, now=KAT1_TS)
        return
    message = "too old" if error is WebhookTimestampTooOldError else "too new"
    with pytest.raises(error, match=f"^Webhook timestamp is {message}$") as caught:
        verify_signature(None, KAT1_PAYLOAD, headers, secret=KAT1_SECRET, tolerance=tolerance, now=KAT1_TS)
    assert isinstance(caught.value, InvalidWebhookSignatureError)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_default_tolerance_is_300_seconds_and_now_is_whole_seconds() -> None:
    headers = sign(KAT1_PAYLOAD, secret=KAT1_SECRET, webhook_id=KAT1_ID, timestamp=KAT1_TS)
    verify_signature(None, KAT1_PAYLOAD, headers, secret=KAT1_SECRET, now=KAT1_TS + 300.999)
    with pytest.raises(WebhookTimestampTooOldError):
        verify_signature(None, KAT1_PAYLOAD, headers, secret=KAT1_SECRET, now=KAT1_TS + 301)


def test_the_wall_clock_is_used_without_now() -> None:
    verify_signature(None, KAT1_PAYLOAD, sign(KAT1_PAYLOAD, secret=KAT1_SECRET, webhook_id=KAT1_ID),
                     secret=KAT1_SECRET)
    with pytest.raises(WebhookTimestampTooOldError):  # KAT-1 was signed in 2021
        verify_signature(None, KAT1_PAYLOAD, _headers(KAT1_SIG), secret=KAT1_SECRET)


def test_the_timestamp_is_checked_before_the_signature() -> None:
    with pytest.raises(WebhookTimestampTooOldError):
        verify_signature(None, KAT1_PAYLOAD, _headers("v1,wrong"), secret=KAT1_SECRET, now=KAT1_TS + 10_000)


# -- the timestamp grammar: ASCII digits, signed exactly as received -----------------------------


def test_leading_zeros_are_accepted_and_the_text_is_signed_as_received() -> None:
    key = base64.b64decode(KAT1_SECRET[6:])
    text = f"0{KAT1_TS}"
    signature = _raw_signature(key, KAT1_ID, text, KAT1_PAYLOAD.encode())
    verify_signature(None, KAT1_PAYLOAD, _headers(signature, timestamp=text), secret=KAT1_SECRET, now=KAT1_TS)
    with pytest.raises(InvalidWebhookSignatureError):  # the KAT signature was made over the text without the 0
        verify_signature(None, KAT1_PAYLOAD, _headers(KAT1_SIG, timestamp=text), secret=KAT1_SECRET, now=KAT1_TS)


@pytest.mark.parametrize("text", [
    f"+{KAT1_TS}", f" {KAT1_TS} ", f"{KAT1_TS}.0", "not-a-timestamp", "1.5", "161426533.0", "-161426533",
    "invalid timestamp", "1_614_265_330", "١٦١٤٢٦٥٣٣٠", "9" * 400,
])
def test_other_timestamp_texts_are_invalid_even_when_correctly_signed(text: str) -> None:
    key = base64.b64decode(KAT1_SECRET[6:])
    signature = _raw_signature(key, KAT1_ID, text, KAT1_PAYLOAD.encode())
    with pytest.raises(InvalidWebhookTimestampError, match=r"^Invalid webhook timestamp format$") as caught:
        verify_signature(None, KAT1_PAYLOAD, _headers(signature, timestamp=text), secret=KAT1_SECRET, now=KAT1_TS)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


# -- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["webhook-signature", "webhook-timestamp", "webhook-id"])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_or_blank_header_names_itself(header: str, value: Any) -> None:
    headers: Dict[str, Any] = _headers(KAT1_SIG)
    if value is None:
        del headers[header]
    else:
        headers[header] = value
    with pytest.raises(MissingWebhookHeaderError, match=f"^Could not find {header} header$") as caught:
        verify_signature(None, KAT1_PAYLOAD, headers, secret=KAT1_SECRET, now=KAT1_TS)
    assert caught.value.header == header
    assert isinstance(caught.value, InvalidWebhookSignatureError) and isinstance(caught.value, ValueError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (type(again), str(again), again.header) == (MissingWebhookHeaderError, str(caught.value), header)


def test_missing_headers_are_reported_signature_then_timestamp_then_id() -> None:
    with pytest.raises(MissingWebhookHeaderError, match="webhook-signature"):
        verify_signature(None, KAT1_PAYLOAD, {}, secret=KAT1_SECRET)
    with pytest.raises(MissingWebhookHeaderError, match="webhook-timestamp"):
        verify_signature(None, KAT1_PAYLOAD, {"webhook-signature": KAT1_SIG}, secret=KAT1_SECRET)


@pytest.mark.parametrize("transform", [
    pytest.param(lambda h: {k.upper(): v for k, v in h.items()}, id="upper"),
    pytest.param(lambda h: {k.title(): v for k, v in h.items()}, id="title"),
    pytest.param(lambda h: WerkzeugHeaders(list(h.items())), id="werkzeug"),
    pytest.param(lambda h: {k.encode(): v.encode() for k, v in h.items()}, id="bytes"),
])
def test_headers_are_found_whatever_their_case_and_mapping(transform: Any) -> None:
    verify_signature(None, KAT1_PAYLOAD, transform(_headers(KAT1_SIG)), secret=KAT1_SECRET, now=KAT1_TS)


# -- payloads -------------------------------------------------------------------------------------


def test_a_reserialised_payload_does_not_verify() -> None:
    import json

    compact = json.dumps(json.loads(KAT1_PAYLOAD), separators=(",", ":"))
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(None, compact, _headers(KAT1_SIG), secret=KAT1_SECRET, now=KAT1_TS)


def test_bytes_are_signed_as_they_are_even_when_not_utf8() -> None:
    body = b'{"x": "\xff\xfe"}'
    headers = sign(body, secret=KAT1_SECRET, webhook_id=KAT1_ID, timestamp=KAT1_TS)
    verify_signature(None, body, headers, secret=KAT1_SECRET, now=KAT1_TS)
    verify_signature(None, memoryview(body), headers, secret=KAT1_SECRET, now=KAT1_TS)
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(None, body.decode("latin-1"), headers, secret=KAT1_SECRET, now=KAT1_TS)


def test_a_parsed_payload_is_refused_with_advice() -> None:
    with pytest.raises(TypeError, match="raw request body"):
        verify_signature(None, {"test": 2432232314}, _headers(KAT1_SIG), secret=KAT1_SECRET,  # type: ignore[arg-type]
                         now=KAT1_TS)


# -- secrets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("secret", "reason"), [
    ("", "empty"),
    ("whsec_", "empty"),
    ("whsec_a", "not base64"),
    ("whsec_!!!", "not base64"),
    ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", "not base64"),
    ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSé", "not base64"),
    ("whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "asymmetric"),
    ("whpk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "asymmetric"),
])
def test_unusable_secrets_are_a_configuration_error_that_does_not_quote_them(secret: str, reason: str) -> None:
    with pytest.raises(WebhookSecretError, match=reason) as caught:
        verify_signature(None, KAT1_PAYLOAD, _headers(KAT1_SIG), secret=secret, now=KAT1_TS)
    assert not isinstance(caught.value, InvalidWebhookSignatureError)  # a 500, not a 400
    assert isinstance(caught.value, ValueError)
    body = secret.partition("_")[2].strip()
    if len(body) >= 3:
        assert body not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    with pytest.raises(WebhookSecretError):
        sign(KAT1_PAYLOAD, secret=secret, webhook_id=KAT1_ID)


def test_no_secret_at_all_says_where_to_put_one() -> None:
    with pytest.raises(WebhookSecretError, match="OPENAI_WEBHOOK_SECRET"):
        verify_signature(None, KAT1_PAYLOAD, _headers(KAT1_SIG))


def test_a_secret_that_is_not_a_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="str"):
        verify_signature(None, KAT1_PAYLOAD, _headers(KAT1_SIG), secret=b"whsec_x")  # type: ignore[arg-type]


# -- error hygiene ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["mismatch", "too-old", "too-new", "bad-timestamp", "missing-id"])
def test_no_error_quotes_the_secret_the_payload_or_a_header(case: str) -> None:
    raw_secret = "my-very-private-webhook-secret"
    payload = '{"private": "payload-text-xyz"}'
    headers = sign(payload, secret=raw_secret, webhook_id="wh_private_id_123", timestamp=KAT1_TS)
    now = {"too-old": KAT1_TS + 1000, "too-new": KAT1_TS - 1000}.get(case, KAT1_TS)
    if case == "mismatch":
        headers["webhook-signature"] = "v1,private-signature-value"
    elif case == "bad-timestamp":
        headers["webhook-timestamp"] = "private-timestamp"
    elif case == "missing-id":
        del headers["webhook-id"]
    with pytest.raises(InvalidWebhookSignatureError) as caught:
        verify_signature(None, payload, headers, secret=raw_secret, now=now)
    text = str(caught.value) + repr(caught.value)
    for private in (raw_secret, "payload-text-xyz", *headers.values()):
        assert private not in text, private
