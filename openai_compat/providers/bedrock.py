"""``bedrock(...)``: the OpenAI API as Amazon Bedrock serves it (its Mantle and Runtime endpoints),
with openai-python's options, defaults and checks.

Authentication, the first that applies: a bearer credential (``api_key=``, ``token_provider=``, or
``AWS_BEARER_TOKEN_BEDROCK``), else AWS Signature V4 with static keys (``access_key_id=`` and
``secret_access_key=``), a ``credential_provider=`` called for each request, a ``profile=`` or the
default credential chain. Static keys, a credential provider and the ``AWS_ACCESS_KEY_ID`` variables
need no AWS SDK; a profile or the rest of the default chain (SSO, instance roles) imports botocore.
"""

from __future__ import annotations

import importlib
import os
import re
from typing import Any, Callable, Literal, Optional, Union
from urllib.parse import urlsplit, urlunsplit

from msgspec import UNSET, UnsetType

from .._errors import OpenAIError
from .._http.transport import Request
from ._provider import Provider, ProviderRuntime, check_origin, refuse_headers
from ._sigv4 import AwsCredentials, credentials_from, sign_request

__all__ = ["AwsCredentialsProvider", "BedrockEndpoint", "BedrockTokenProvider", "bedrock"]

BedrockTokenProvider = Callable[[], str]
AwsCredentialsProvider = Callable[[], object]
BedrockEndpoint = Literal["mantle", "runtime"]

_REGION = re.compile(r"^[a-z]{2,8}(?:-[a-z0-9]+)+-\d+$")
# The DNS suffixes of the AWS partitions other than the commercial one (amazonaws.com, api.aws).
_RUNTIME_SUFFIXES = (
    ("cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
    ("eusc-", "amazonaws.eu", "api.amazonwebservices.eu"),
    ("us-iso-", "c2s.ic.gov", "api.aws.ic.gov"),
    ("us-isob-", "sc2s.sgov.gov", "api.aws.scloud"),
    ("eu-isoe-", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
    ("us-isof-", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
)


def _suffixes(region: str) -> tuple[str, str]:
    for prefix, dns, api in _RUNTIME_SUFFIXES:
        if region.startswith(prefix):
            return dns, api
    return "amazonaws.com", "api.aws"


def _endpoint_of(host: str) -> Optional[tuple[str, str]]:
    """("mantle" | "runtime", region) for a canonical Bedrock host name, else ``None``."""
    service, _, rest = host.lower().rstrip(".").partition(".")
    region, _, suffix = rest.partition(".")
    if not _REGION.fullmatch(region):
        return None
    if service == "bedrock-mantle" and suffix == "api.aws":
        return "mantle", region
    if service in ("bedrock-runtime", "bedrock-runtime-fips") and suffix in _suffixes(region):
        return "runtime", region
    return None


def _default_base_url(endpoint: str, region: str) -> str:
    if endpoint == "runtime":
        return f"https://bedrock-runtime.{region}.{_suffixes(region)[0]}/openai/v1"
    return f"https://bedrock-mantle.{region}.api.aws/openai/v1"


def _normalized_base_url(url: str) -> str:
    """The API root: a trailing ``/responses...`` (a copied endpoint URL) is cut off."""
    parts = urlsplit(url.strip())
    path = re.sub(r"/responses(?:/.*)?$", "", parts.path.rstrip("/"))
    return urlunsplit((parts.scheme, parts.netloc, path or "/", parts.query, parts.fragment))


def _check_region(region: Optional[str]) -> None:
    if region is not None and not _REGION.fullmatch(region):
        raise OpenAIError("The Bedrock AWS `region` is invalid. Use a standard AWS region such as `us-east-1`.")


def _check_canonical(base_url: str, endpoint: str, region: Optional[str]) -> None:
    parts = urlsplit(base_url)
    found = _endpoint_of(parts.hostname or "")
    if found is None:
        return
    if parts.scheme != "https":
        raise OpenAIError("Canonical Amazon Bedrock endpoints require HTTPS.")
    if found[0] != endpoint:
        raise OpenAIError(f"The Bedrock {found[0]} hostname does not match the selected `{endpoint}` endpoint. "
                          f"Set `endpoint='{found[0]}'` to use this hostname.")
    if region is not None and found[1] != region:
        raise OpenAIError(
            f"The Bedrock endpoint region `{found[1]}` does not match the configured AWS region `{region}`."
        )


def _bearer_prepare(token_of: Callable[[], Any], base_url: str) -> Callable[[Request], None]:
    def prepare(request: Request) -> None:
        refuse_headers(request, ("authorization",),
                       "Bedrock provider authentication cannot be combined with a custom `Authorization` header.")
        check_origin(request, base_url, "Bedrock")
        try:
            token = token_of()
        except OpenAIError:
            raise
        except Exception as exc:
            raise OpenAIError("Failed to resolve a bearer credential for Bedrock.") from exc
        if not isinstance(token, str) or not token.strip():
            raise OpenAIError("The Bedrock bearer credential provider must return a non-empty string.")
        request.headers["Authorization"] = f"Bearer {token}"

    return prepare


def _environment_token() -> str:
    token = os.environ.get("AWS_BEARER_TOKEN_BEDROCK")
    if not token:
        raise OpenAIError(
            "Could not find credentials for Bedrock. Pass a bearer credential or AWS credentials to `bedrock(...)`, "
            "set `AWS_BEARER_TOKEN_BEDROCK`, or configure the default AWS credential chain."
        )
    return token


def _sigv4_prepare(credentials_of: Callable[[], AwsCredentials], base_url: str, region: str,
                   service: str) -> Callable[[Request], None]:
    def prepare(request: Request) -> None:
        refuse_headers(request, ("authorization",),
                       "Bedrock provider authentication cannot be combined with a custom `Authorization` header.")
        check_origin(request, base_url, "Bedrock")
        found = _endpoint_of(urlsplit(request.url).hostname or "")
        if found is not None and found[1] != region:
            raise OpenAIError(
                f"The Bedrock endpoint region `{found[1]}` does not match the SigV4 region `{region}`."
            )
        sign_request(request, credentials_of(), region=region, service=service)

    return prepare


def _aws_credentials(static: Optional[AwsCredentials], provider: Optional[AwsCredentialsProvider],
                     profile: Optional[str]) -> Callable[[], AwsCredentials]:
    if static is not None:
        return lambda: static
    if provider is not None:
        return lambda: credentials_from(provider())
    env = os.environ
    if profile is None and env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
        return lambda: AwsCredentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"],
                                      env.get("AWS_SESSION_TOKEN") or None)
    try:
        botocore_session = importlib.import_module("botocore.session")
    except ImportError as exc:
        raise OpenAIError(
            "Reading an AWS profile or the default credential chain needs botocore (pip install botocore); "
            "or pass access_key_id/secret_access_key or a credential_provider."
        ) from exc
    session = botocore_session.Session(profile=profile)

    def from_chain() -> AwsCredentials:
        found = session.get_credentials()
        if found is None:
            raise OpenAIError("Could not find credentials for Bedrock in the AWS credential chain.")
        return credentials_from(found)

    return from_chain


def bedrock(
    *,
    endpoint: Optional[BedrockEndpoint] = None,
    region: Optional[str] = None,
    base_url: Union[str, UnsetType, None] = UNSET,
    api_key: Union[str, UnsetType, None] = UNSET,
    token_provider: Optional[BedrockTokenProvider] = None,
    access_key_id: Optional[str] = None,
    secret_access_key: Optional[str] = None,
    session_token: Optional[str] = None,
    profile: Optional[str] = None,
    credential_provider: Optional[AwsCredentialsProvider] = None,
) -> Provider:
    """Amazon Bedrock (Mantle by default, or ``endpoint="runtime"``) for ``Client(provider=...)``.

    ``region`` falls back to ``AWS_REGION``/``AWS_DEFAULT_REGION``; ``base_url`` to
    ``AWS_BEDROCK_BASE_URL``, else the region's canonical endpoint. ``api_key=None`` ignores
    ``AWS_BEARER_TOKEN_BEDROCK``. Only one way to authenticate may be given.
    """
    if endpoint is not None and endpoint not in ("mantle", "runtime"):
        raise OpenAIError("The Bedrock `endpoint` must be either `mantle` or `runtime`.")
    region = _optional(region, "The Bedrock AWS `region` must not be empty.")
    profile = _optional(profile, "The Bedrock AWS `profile` must not be empty.")
    _check_region(region)
    configured = _configured_base_url(base_url)
    found = _endpoint_of(urlsplit(configured).hostname or "") if configured else None
    chosen: str = endpoint or (found[0] if found else "mantle")
    static = _static_credentials(access_key_id, secret_access_key, session_token)
    bearer = _bearer_source(api_key, token_provider)
    aws_modes = sum(value is not None for value in (static, profile, credential_provider))
    if aws_modes > 1:
        raise OpenAIError("Bedrock authentication is ambiguous. Configure exactly one explicit AWS mode: static "
                          "credentials, profile, or credential provider.")
    if bearer is not None and aws_modes:
        raise OpenAIError(
            "Bedrock authentication is ambiguous. Configure exactly one explicit mode: bearer credential, "
            "static AWS credentials, profile, or credential provider."
        )
    if bearer is None and not aws_modes and api_key is not None and os.environ.get("AWS_BEARER_TOKEN_BEDROCK"):
        bearer = _environment_token
    if region is None and (configured is None or bearer is None):
        region = _optional(os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"), None)
        _check_region(region)
    if configured is not None:
        _check_canonical(configured, chosen, region)
    if region is None and (configured is None or bearer is None):
        raise OpenAIError("Bedrock requires an AWS region. Pass `region` to `bedrock(...)`, or set `AWS_REGION` or "
                          "`AWS_DEFAULT_REGION`.")

    def configure() -> ProviderRuntime:
        assert region is not None or configured is not None
        root = configured or _default_base_url(chosen, region or "")
        if bearer is not None:
            return ProviderRuntime("bedrock", root, _bearer_prepare(bearer, root))
        assert region is not None
        service = "bedrock" if chosen == "runtime" else "bedrock-mantle"
        credentials = _aws_credentials(static, credential_provider, profile)
        return ProviderRuntime("bedrock", root, _sigv4_prepare(credentials, root, region, service))

    return Provider("bedrock", configure)


def _optional(value: Optional[str], empty_message: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if not value.strip():
        if empty_message is not None:
            raise OpenAIError(empty_message)
        return None
    return value.strip()


def _configured_base_url(base_url: Union[str, UnsetType, None]) -> Optional[str]:
    if base_url is UNSET:
        from_env = _optional(os.environ.get("AWS_BEDROCK_BASE_URL"), None)
        return _normalized_base_url(from_env) if from_env else None
    if base_url is None:
        return None
    assert isinstance(base_url, str)
    if not base_url.strip():
        raise OpenAIError("The Bedrock `base_url` must not be empty.")
    return _normalized_base_url(base_url)


def _static_credentials(access_key_id: Optional[str], secret_access_key: Optional[str],
                        session_token: Optional[str]) -> Optional[AwsCredentials]:
    half_given = (access_key_id is None) != (secret_access_key is None)
    if half_given or (session_token is not None and access_key_id is None):
        raise OpenAIError("Static AWS credentials require both `access_key_id` and `secret_access_key`. "
                          "A `session_token` may only be used with both.")
    if access_key_id is None or secret_access_key is None:
        return None
    if not access_key_id.strip() or not secret_access_key.strip():
        raise OpenAIError("Static AWS credentials require non-empty `access_key_id` and `secret_access_key` values.")
    if session_token is not None and not session_token.strip():
        raise OpenAIError("A static AWS `session_token` must not be empty when provided.")
    return AwsCredentials(access_key_id, secret_access_key, session_token)


def _bearer_source(api_key: Union[str, UnsetType, None],
                   token_provider: Optional[BedrockTokenProvider]) -> Optional[Callable[[], Any]]:
    if isinstance(api_key, str):
        if not api_key.strip():
            raise OpenAIError("The Bedrock bearer credential must not be empty.")
        if token_provider is not None:
            raise OpenAIError("The `api_key` and `token_provider` options are mutually exclusive. Configure only one.")
        key = api_key
        return lambda: key
    return token_provider
