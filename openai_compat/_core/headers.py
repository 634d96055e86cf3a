"""Request headers: credentials, defaults, per-call overrides, and the checks that keep them safe."""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Dict, Mapping, Optional

import msgspec

from .._errors import OpenAIError
from .._http.transport import SENSITIVE_HEADERS
from .._version import __version__

__all__ = [
    "MISSING_ADMIN_KEY",
    "MISSING_KEY",
    "USER_AGENT",
    "admin_key_from_environment",
    "build_headers",
    "check_api_key",
    "check_header",
    "check_picklable",
    "key_from_environment",
]

# From sys rather than the platform module, which costs a few ms to import.
_RUNTIME = f"{sys.implementation.name} {'.'.join(map(str, sys.version_info[:3]))}"
USER_AGENT = f"OpenAICompat/Python {__version__} ({_RUNTIME})"

# C0 controls and DEL: a key or header value holding one could split the header block (CR/LF)
# or be mangled on the wire.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A field value may hold HTAB but no other control (RFC 9110 §5.5); urllib3 and http.client stop
# only CR and LF and put NUL, DEL or ESC on the wire.
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# A field name is a token (RFC 9110 §5.1): no space, colon or control that could reshape the header.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


def build_headers(
    auth: Mapping[str, str],
    *,
    organization: Optional[str],
    project: Optional[str],
    layers: tuple[Optional[Mapping[str, Any]], ...],
    content_type: Optional[str],
    content_length: Optional[int] = None,
) -> Dict[str, str]:
    """The headers of one attempt: the credentials (``auth``) and ours first, then each layer
    (defaults, per call) over them.

    Names compare case-insensitively; a value of ``None`` or ``UNSET`` removes the header.
    """
    headers = {**auth, "Accept": "application/json", "User-Agent": USER_AGENT}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if content_length is not None:  # a streamed body: the transport cannot count it
        headers["Content-Length"] = str(content_length)
    if organization:
        headers["OpenAI-Organization"] = check_header("OpenAI-Organization", organization)
    if project:
        headers["OpenAI-Project"] = check_header("OpenAI-Project", project)
    for layer in layers:
        if not layer:
            continue
        for name, value in layer.items():
            lowered = name.lower()
            for existing in [key for key in headers if key.lower() == lowered]:
                del headers[existing]
            if value is not msgspec.UNSET and value is not None:
                headers[name] = check_header(name, value)
    return headers


def check_api_key(key: object) -> str:
    """Return ``key`` if it can go in a header; never echo it in the error."""
    if not isinstance(key, str):
        raise TypeError(f"api_key must be a str or a callable returning a str, got {type(key).__name__}")
    if _CONTROL.search(key):
        # A trailing newline from a secrets file is the usual cause. Checked here because requests and
        # http.client quote the whole header value, key included, in the errors they raise for it.
        raise ValueError("api_key contains a control character (often a trailing newline); strip it before use")
    return key


def check_header(name: str, value: object) -> str:
    """Return the header value as text, refusing control characters (CR and LF could inject other
    headers) and names that are not tokens. The message names the header, never its value."""
    if not isinstance(name, str) or not _TOKEN.match(name):
        raise ValueError(f"header name {name!r} is not a valid token (letters, digits and !#$%&'*+-.^_`|~ only)")
    text = value if isinstance(value, str) else str(value)
    if _BAD_VALUE.search(text):
        raise ValueError(
            f"header {name!r} has a control character (such as CR, LF or NUL) in its value; "
            "such a header could inject others"
        )
    return text


MISSING_KEY = (
    "Missing credentials. Please pass an `api_key`, or set the `OPENAI_API_KEY` environment "
    "variable (servers that need no key accept any value, e.g. api_key=\"EMPTY\"); for the admin "
    "endpoints alone an `admin_api_key` (or `OPENAI_ADMIN_KEY`) will do."
)
MISSING_ADMIN_KEY = (
    "The admin endpoints (client.admin) need an admin API key: pass `admin_api_key` to the client or set "
    "the `OPENAI_ADMIN_KEY` environment variable (a project API key is not accepted there)."
)


def admin_key_from_environment() -> Optional[str]:
    """The admin key of a Session unpickled without its keys: this process's ``OPENAI_ADMIN_KEY``."""
    return os.environ.get("OPENAI_ADMIN_KEY")


def check_picklable(default_headers: Mapping[str, str]) -> None:
    """Refuse to pickle credentials hidden in ``default_headers`` unless the caller opted in."""
    credentials = sorted(name for name in default_headers if name.lower() in SENSITIVE_HEADERS)
    if credentials:
        raise TypeError(
            f"this client's default_headers carry credentials ({', '.join(credentials)}), which are "
            "not pickled by default: make it with pickle_api_key=True to pickle them anyway, or "
            "build the client in each process."
        )


def key_from_environment() -> str:
    """The key of a Session unpickled without its key: this process's ``OPENAI_API_KEY``, read on use."""
    key = os.environ.get("OPENAI_API_KEY")
    if key is None:
        raise OpenAIError(
            MISSING_KEY + " This client was unpickled: its API key is not in the pickle unless it was made "
            "with pickle_api_key=True."
        )
    return key
