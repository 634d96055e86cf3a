"""Azure OpenAI credentials: an API key (``api-key`` header) or a Microsoft Entra ID token
(``Authorization: Bearer``), given, made by a provider per attempt, or read from the environment.
Exactly one may be given; the environment's token wins over its key, as in openai-python.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Mapping, Optional, Tuple, Union

import msgspec

from .._core.headers import check_api_key
from .._errors import OpenAIError

__all__ = [
    "API_KEY_AUTH",
    "BEARER_AUTH",
    "MISSING_CREDENTIALS",
    "AzureADTokenProvider",
    "MutuallyExclusiveAuthError",
    "ad_token_from_environment",
    "azure_key_from_environment",
    "choose_credential",
    "credential_of",
    "has_credential",
]

AzureADTokenProvider = Callable[[], str]
API_KEY_AUTH = "api-key"  # the ``api-key: <key>`` header
BEARER_AUTH = "bearer"  # ``Authorization: Bearer <Entra ID token>``
_CREDENTIAL_HEADERS = frozenset({"authorization", "api-key"})
MISSING_CREDENTIALS = (
    "Missing credentials. Please pass one of `api_key`, `azure_ad_token`, `azure_ad_token_provider`, "
    "or the `AZURE_OPENAI_API_KEY` or `AZURE_OPENAI_AD_TOKEN` environment variables."
)


class MutuallyExclusiveAuthError(OpenAIError):
    """More than one of ``api_key``, ``azure_ad_token`` and ``azure_ad_token_provider`` was given."""

    def __init__(self) -> None:
        super().__init__(
            "The `api_key`, `azure_ad_token` and `azure_ad_token_provider` arguments are mutually exclusive: "
            "pass only one of them."
        )


def choose_credential(
    api_key: Optional[Union[str, Callable[[], str]]],
    azure_ad_token: Optional[str],
    provider: Optional[AzureADTokenProvider],
    env: Mapping[str, str],
) -> Tuple[Union[str, Callable[[], str]], str]:
    """One credential and its header: explicit arguments win; then the AD token of the environment,
    then its key (the environment's token wins, as in openai-python)."""
    arguments = (("api_key", api_key), ("azure_ad_token", azure_ad_token), ("azure_ad_token_provider", provider))
    given = [(name, value) for name, value in arguments if value is not None]
    if len(given) > 1:
        raise MutuallyExclusiveAuthError()
    if given:
        return credential_of(*given[0])
    if env.get("AZURE_OPENAI_AD_TOKEN") is not None:
        return credential_of("azure_ad_token", env["AZURE_OPENAI_AD_TOKEN"])
    if env.get("AZURE_OPENAI_API_KEY") is not None:
        return credential_of("api_key", env["AZURE_OPENAI_API_KEY"])
    raise OpenAIError(MISSING_CREDENTIALS)


def credential_of(name: str, value: Any) -> Tuple[Union[str, Callable[[], str]], str]:
    if name == "azure_ad_token_provider" and not callable(value):
        raise TypeError(f"azure_ad_token_provider must be a callable returning a str, got {type(value).__name__}")
    if not callable(value):
        check_api_key(value)  # a str without control characters; the message never shows it
    return value, (API_KEY_AUTH if name == "api_key" else BEARER_AUTH)


def has_credential(headers: Optional[Mapping[str, Any]]) -> bool:
    if not headers:
        return False
    return any(
        name.lower() in _CREDENTIAL_HEADERS and value is not None and value is not msgspec.UNSET
        for name, value in headers.items()
    )


def azure_key_from_environment() -> str:
    """The key of an AzureSession unpickled without it: ``AZURE_OPENAI_API_KEY`` of this process."""
    return _from_environment("AZURE_OPENAI_API_KEY")


def ad_token_from_environment() -> str:
    """The token of an AzureSession unpickled without it: ``AZURE_OPENAI_AD_TOKEN`` of this process."""
    return _from_environment("AZURE_OPENAI_AD_TOKEN")


def _from_environment(name: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise OpenAIError(
            f"{MISSING_CREDENTIALS} This client was unpickled: its credential is not in the pickle unless it "
            f"was made with pickle_api_key=True, and {name} is not set here."
        )
    return value
