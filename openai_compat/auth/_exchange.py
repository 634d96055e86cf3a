"""The OAuth 2.0 token exchange (RFC 8693) of a workload identity, and the access token it yields,
cached until shortly before it expires.

A subject-token identity POSTs the platform's token to ``https://auth.openai.com/oauth/token``; an
X.509 identity POSTs to the mutual-TLS endpoint, where the transport's client certificate is the
proof. Either way the answer is ``{"access_token", "expires_in"}``. The token is refreshed
``refresh_buffer_seconds`` (default 20 minutes, at most half its life) before it expires; one
thread refreshes while the others keep using the current token, or wait if there is none.

Deliberately better than openai-python: if a refresh fails on a network error or a 408/409/429/5xx
while the current token is still valid, the current token is used and the refresh is tried again a
second later, for both kinds of identity (openai-python does this for X.509 only).
"""

from __future__ import annotations

import math
import threading
from typing import Any, Dict, Mapping, Optional, Tuple

import msgspec

from .._auth_errors import OAuthError
from .._core.retries import RetryPolicy
from .._errors import APIConnectionError, OpenAIError
from .._http.transport import Request, Response, Transport

__all__ = [
    "DEFAULT_TOKEN_EXCHANGE_URL",
    "TOKEN_EXCHANGE_GRANT_TYPE",
    "WorkloadIdentityAuth",
    "X509_TOKEN_EXCHANGE_URL",
    "is_x509",
    "validate_identity",
]

TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange"
DEFAULT_TOKEN_EXCHANGE_URL = "https://auth.openai.com/oauth/token"
X509_TOKEN_EXCHANGE_URL = "https://mtls.auth.openai.com/oauth/token"
_X509_SUBJECT_TOKEN_TYPE = "urn:openai:params:oauth:token-type:x509"
_SUBJECT_TOKEN_TYPES = {
    "jwt": "urn:ietf:params:oauth:token-type:jwt",
    "id": "urn:ietf:params:oauth:token-type:id_token",
}
_DEFAULT_REFRESH_BUFFER = 1200.0
_EXCHANGE_TIMEOUT = 10.0
_MAX_EXCHANGE_RETRIES = 2  # for an X.509 exchange, as openai-python
_RETRY_REFRESH_AFTER = 1.0
_X509_FIELDS = {"type", "identity_provider_id", "service_account_id", "refresh_buffer_seconds"}


class _Transient(Exception):
    """An exchange that failed in a way a later attempt may not (network, 408/409/429/5xx)."""

    def __init__(self, error: OpenAIError, response: Optional[Response] = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.response = response  # for its Retry-After


def is_x509(identity: Mapping[str, Any]) -> bool:
    return identity.get("type") == "x509"


def validate_identity(identity: object) -> Dict[str, Any]:
    """A copy of ``identity`` once it is a well-formed subject-token or X.509 identity."""
    if not isinstance(identity, Mapping):
        raise OpenAIError(f"workload_identity must be a mapping, got {type(identity).__name__}")
    checked = dict(identity)
    for field in ("identity_provider_id", "service_account_id"):
        if not isinstance(checked.get(field), str) or not checked[field]:
            raise OpenAIError(f"workload_identity needs a non-empty {field!r}")
    buffer = checked.get("refresh_buffer_seconds")
    if buffer is not None and (not isinstance(buffer, (int, float)) or not math.isfinite(buffer) or buffer < 0):
        raise OpenAIError("workload_identity's refresh_buffer_seconds must be a finite, non-negative number")
    if is_x509(checked):
        if set(checked) - _X509_FIELDS:
            raise OpenAIError("X.509 workload identity accepts only identity IDs and an optional refresh buffer")
        return checked
    provider = checked.get("provider")
    if not isinstance(provider, Mapping):
        raise OpenAIError(
            "Invalid `workload_identity` configuration: expected an X.509 or subject-token identity "
            "(a 'provider' such as k8s_service_account_token_provider())"
        )
    if provider.get("token_type") not in _SUBJECT_TOKEN_TYPES:
        raise OpenAIError(
            f"Unsupported token type: {provider.get('token_type')!r}. "
            f"Supported types: {', '.join(_SUBJECT_TOKEN_TYPES)}"
        )
    if not callable(provider.get("get_token")):
        raise OpenAIError("workload_identity's provider needs a callable 'get_token'")
    return checked


class WorkloadIdentityAuth:
    """The access token of one workload identity, fetched and refreshed as needed; thread-safe."""

    def __init__(self, identity: Mapping[str, Any], *, token_exchange_url: Optional[str] = None) -> None:
        self.workload_identity = validate_identity(identity)
        self.x509 = is_x509(self.workload_identity)
        default_url = X509_TOKEN_EXCHANGE_URL if self.x509 else DEFAULT_TOKEN_EXCHANGE_URL
        self.token_exchange_url = token_exchange_url or default_url
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._token: Optional[str] = None
        self._expires_at = 0.0
        self._refresh_at = 0.0
        self._refreshing = False

    def get_token(self, transport: Transport, policy: RetryPolicy) -> str:
        """A valid access token: the cached one, or one just exchanged through ``transport``."""
        clock = policy.clock
        with self._lock:
            while True:
                now = clock()
                usable = self._token is not None and now < self._expires_at
                if usable and (now < self._refresh_at or self._refreshing):
                    return self._token  # type: ignore[return-value]
                if not self._refreshing:
                    self._refreshing = True
                    break
                self._done.wait()
        return self._refresh(transport, policy)

    def invalidate_token(self, token: Optional[str] = None) -> bool:
        """Forget the cached token (only if it is ``token``, when given); ``True`` if it was forgotten."""
        with self._lock:
            if self._token is None or (token is not None and token != self._token):
                return False
            self._token, self._expires_at, self._refresh_at = None, 0.0, 0.0
            return True

    def _refresh(self, transport: Transport, policy: RetryPolicy) -> str:
        clock = policy.clock
        try:
            token, expires_in = self._exchange(transport, policy)
        except _Transient as failure:
            with self._lock:
                self._refreshing = False
                self._done.notify_all()
                if self._token is not None and clock() < self._expires_at:
                    self._refresh_at = clock() + _RETRY_REFRESH_AFTER
                    return self._token
            raise failure.error  # noqa: B904  (its own cause, the network error, is kept)
        except BaseException:
            with self._lock:
                self._refreshing = False
                self._done.notify_all()
            raise
        buffer = float(self.workload_identity.get("refresh_buffer_seconds", _DEFAULT_REFRESH_BUFFER))
        with self._lock:
            now = clock()
            self._token, self._expires_at = token, now + expires_in
            self._refresh_at = now + max(expires_in - min(buffer, expires_in / 2), 0.0)
            self._refreshing = False
            self._done.notify_all()
        return token

    def _exchange(self, transport: Transport, policy: RetryPolicy) -> Tuple[str, float]:
        attempts = 1 + (min(policy.max_retries, _MAX_EXCHANGE_RETRIES) if self.x509 else 0)
        for attempt in range(attempts):
            try:
                return self._exchange_once(transport)
            except _Transient as failure:
                if attempt + 1 >= attempts:
                    raise
                headers = failure.response.headers if failure.response is not None else None
                policy.sleep(policy.delay(attempt, headers))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _exchange_once(self, transport: Transport) -> Tuple[str, float]:
        payload = {
            "grant_type": TOKEN_EXCHANGE_GRANT_TYPE,
            "identity_provider_id": self.workload_identity["identity_provider_id"],
            "service_account_id": self.workload_identity["service_account_id"],
        }
        if self.x509:
            payload["subject_token_type"] = _X509_SUBJECT_TOKEN_TYPE
        else:
            provider = self.workload_identity["provider"]
            subject_token = provider["get_token"]()
            if not isinstance(subject_token, str) or not subject_token:
                raise OpenAIError("The workload identity provider returned an empty subject token")
            payload["subject_token"] = subject_token
            payload["subject_token_type"] = _SUBJECT_TOKEN_TYPES[provider["token_type"]]
        request = Request(
            "POST", self.token_exchange_url, headers={"Content-Type": "application/json", "Accept": "application/json"},
            body=msgspec.json.encode(payload), connect_timeout=_EXCHANGE_TIMEOUT, read_timeout=_EXCHANGE_TIMEOUT,
        )
        try:
            response = transport.send(request)
            response.read()
        except APIConnectionError as exc:
            raise _Transient(exc) from exc
        return self._token_from(response, request)

    def _token_from(self, response: Response, request: Request) -> Tuple[str, float]:
        raw = response.read()
        try:
            body: Any = msgspec.json.decode(raw) if raw.strip() else None
        except (msgspec.DecodeError, UnicodeDecodeError):
            body = None
        status = response.status_code
        if status in (400, 401, 403):
            raise OAuthError(response=response, body=body, request=request)
        if status >= 300:
            error = OpenAIError(f"Token exchange failed with status {status}")
            if status in (408, 409, 429) or status >= 500 or response.headers.get("x-should-retry") == "true":
                raise _Transient(error, response)
            raise error
        if not isinstance(body, dict):
            raise OpenAIError("Token exchange succeeded but its response body was not a JSON object")
        token, expires_in = body.get("access_token"), body.get("expires_in")
        if not isinstance(token, str) or not token:
            raise OpenAIError("Token exchange response did not include a valid access_token")
        if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)) or not 0 < expires_in < math.inf:
            raise OpenAIError("Token exchange response did not include a positive, finite expires_in")
        token_type = body.get("token_type")
        if self.x509 and token_type is not None and str(token_type).lower() != "bearer":
            raise OpenAIError("X.509 token exchange response must use the Bearer token type")
        return token, float(expires_in)

    def __getstate__(self) -> Dict[str, Any]:
        # The lock cannot be copied, and a cached token is not worth keeping: fetch a new one.
        return {"workload_identity": self.workload_identity, "x509": self.x509,
                "token_exchange_url": self.token_exchange_url}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reset()

    def __repr__(self) -> str:
        kind = "X.509" if self.x509 else "subject-token"
        return f"<WorkloadIdentityAuth {kind} service_account_id={self.workload_identity['service_account_id']!r}>"
