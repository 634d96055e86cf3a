"""AWS Signature Version 4 for a request (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
written with ``hmac`` and ``hashlib`` so Bedrock's SigV4 needs no AWS SDK when the credentials are
given (or are in ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``/``AWS_SESSION_TOKEN``). botocore is
imported only to read an AWS profile or the rest of the default credential chain.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import Any, Callable, Iterable, List, Mapping, Optional, Tuple
from urllib.parse import quote, unquote, urlsplit

from .._errors import OpenAIError
from .._http.transport import Request

__all__ = ["AwsCredentials", "credentials_from", "sign_request"]

_SIGNING_HEADERS = ("authorization", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token", "host")
_UNRESERVED = "-_.~"


class AwsCredentials:
    """An access key pair and, for temporary credentials, the session token."""

    __slots__ = ("access_key", "secret_key", "token")

    def __init__(self, access_key: str, secret_key: str, token: Optional[str] = None) -> None:
        self.access_key = access_key
        self.secret_key = secret_key
        self.token = token

    def __repr__(self) -> str:
        return "<AwsCredentials (redacted)>"


def credentials_from(value: Any) -> AwsCredentials:
    """Credentials from what a credential provider returned: ``AwsCredentials``, a botocore
    ``Credentials`` (frozen first), an object with ``access_key``/``secret_key``/``token``, or a
    mapping with ``access_key_id``/``secret_access_key``/``session_token``."""
    if isinstance(value, AwsCredentials):
        return value
    frozen = getattr(value, "get_frozen_credentials", None)
    if callable(frozen):
        value = frozen()
    if isinstance(value, Mapping):
        access = value.get("access_key_id") or value.get("AccessKeyId")
        secret = value.get("secret_access_key") or value.get("SecretAccessKey")
        token = value.get("session_token") or value.get("SessionToken")
    else:
        access, secret, token = (getattr(value, name, None) for name in ("access_key", "secret_key", "token"))
    if not isinstance(access, str) or not access or not isinstance(secret, str) or not secret:
        raise OpenAIError("The AWS credential provider returned no usable access key and secret key.")
    return AwsCredentials(access, secret, token if isinstance(token, str) and token else None)


def sign_request(
    request: Request,
    credentials: AwsCredentials,
    *,
    region: str,
    service: str,
    now: Optional[Callable[[], datetime.datetime]] = None,
) -> None:
    """Add the SigV4 headers (``Authorization``, ``X-Amz-Date``, ``X-Amz-Content-SHA256``, ``Host``
    and, with a session token, ``X-Amz-Security-Token``) to ``request``, replacing any it had."""
    moment = (now or _utc_now)()
    amz_date = moment.strftime("%Y%m%dT%H%M%SZ")
    scope = f"{moment.strftime('%Y%m%d')}/{region}/{service}/aws4_request"
    payload_hash = _payload_hash(request.body)
    headers = {name: value for name, value in request.headers.items() if name.lower() not in _SIGNING_HEADERS}
    parts = urlsplit(request.url)
    headers["Host"] = parts.netloc.rpartition("@")[2]
    headers["X-Amz-Date"] = amz_date
    headers["X-Amz-Content-SHA256"] = payload_hash
    if credentials.token:
        headers["X-Amz-Security-Token"] = credentials.token
    signed = sorted((name.lower(), " ".join(value.split())) for name, value in headers.items()
                    if name.lower() in ("host", "content-type") or name.lower().startswith("x-amz-"))
    signed_names = ";".join(name for name, _ in signed)
    canonical = "\n".join([
        request.method.upper(),
        quote(parts.path or "/", safe="/~"),  # the encoded path encoded again, as AWS asks of non-S3 services
        _canonical_query(parts.query),
        "".join(f"{name}:{value}\n" for name, value in signed),
        signed_names,
        payload_hash,
    ])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _signing_key(credentials.secret_key, moment.strftime("%Y%m%d"), region, service)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={signed_names}, Signature={signature}"
    )
    request.headers = headers


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _canonical_query(query: str) -> str:
    pairs: List[Tuple[str, str]] = []
    for item in query.split("&") if query else ():
        name, _, value = item.partition("=")
        pairs.append((quote(unquote(name), safe=_UNRESERVED), quote(unquote(value), safe=_UNRESERVED)))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _payload_hash(body: Any) -> str:
    """The SHA-256 of the body; a streamed body (a multipart upload) is read here chunk by chunk and
    again when sent, which its contract allows."""
    digest = hashlib.sha256()
    if isinstance(body, (bytes, bytearray, memoryview)):
        digest.update(body)
    elif body is not None:
        chunks: Iterable[bytes] = body
        for chunk in chunks:
            digest.update(chunk)
    return digest.hexdigest()
