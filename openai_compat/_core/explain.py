"""Words for what went wrong, so an error or a log line says how to fix it: the gist of a body that is
not an OpenAI error, the ``/v1`` a local server's base URL usually lacks, a failed attempt in a
retry log line, and checking a ``base_url`` before the first call.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from .._errors import APIStatusError, OpenAIError
from .._http.transport import Request, Response

__all__ = ["check_base_url", "describe_attempt", "describe_body", "version_hint"]

_SNIPPET = 300  # characters of a body quoted in a message
_VERSION_SEGMENT = re.compile(r"v\d", re.IGNORECASE)  # v1, v1beta, v2 ...
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def describe_body(request: Optional[Request], parsed: object, text: str, response: Response) -> str:
    """What a server that does not speak OpenAI's error format said: method, URL and the gist of the
    body (FastAPI's ``detail``, an HTML page's title, or the start of the text)."""
    where = f"{request.method} {request.url}" if request is not None else "the server"
    if not text:
        return f"{where} answered with an empty body"
    detail = parsed.get("detail") if isinstance(parsed, dict) else None
    if isinstance(detail, str) and detail:
        return f"{where} answered: {_snippet(detail)}"
    content_type = response.headers.get("content-type", "").lower()
    if "html" in content_type or text[:1] == "<":
        title = _TITLE.search(text[:65536])
        shown = title.group(1) if title else _TAG.sub(" ", text[:4096])
        return f"{where} answered with an HTML page: {_snippet(shown)}"
    return f"{where} answered: {_snippet(text)}"


def _snippet(text: str) -> str:
    words = " ".join(text[: _SNIPPET * 4].split())
    return words if len(words) <= _SNIPPET else words[:_SNIPPET] + "…"


def version_hint(base_url: str, url: str) -> str:
    """For a 404 under ``base_url``: a hint to add ``/v1`` when its path has no version segment
    (Ollama, vLLM, llama.cpp and LiteLLM serve the API under ``/v1``); else an empty string."""
    base, _, query = base_url.partition("?")
    if not url.startswith(base) or "api-version" in query:
        return ""
    if any(_VERSION_SEGMENT.match(segment) for segment in urlsplit(base).path.split("/")):
        return ""
    return (
        f". Hint: base_url {base!r} has no version segment, and OpenAI-compatible servers (Ollama, vLLM, "
        f"llama.cpp, LiteLLM) serve the API under /v1: try base_url={base.rstrip('/') + '/v1'!r}"
    )


def describe_attempt(error: Exception) -> str:
    """A failed attempt in a retry log line: its status and error code, or the kind of connection error."""
    if isinstance(error, APIStatusError):
        code = f", error code {error.code!r}" if error.code else ""
        return f"status {error.status_code}{code}"
    message = str(error)
    return f"{type(error).__name__} ({message[:200]})" if message else type(error).__name__


def check_base_url(url: str, source: str) -> None:
    """Refuse a base URL the transports cannot use, naming it (from ``source``) and the fix:
    no scheme (``localhost:8000/v1``), another scheme, no host, or a port out of range."""
    shown = _without_password(url)
    if "://" not in url:
        raise OpenAIError(
            f"{source} {shown!r} has no scheme: write it as a full URL, such as 'http://{url.lstrip('/')}' "
            "(or https:// for a remote server)."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise OpenAIError(f"{source} {shown!r} is not a valid URL ({exc}).") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise OpenAIError(
            f"{source} {shown!r} has the scheme {parts.scheme!r}: the API is reached over http:// or https://."
        )
    if not parts.hostname:
        raise OpenAIError(f"{source} {shown!r} names no host: write it as 'http://host:port/v1'.")
    if port == 0:
        raise OpenAIError(f"{source} {shown!r} has port 0: give the port the server listens on.")


def _without_password(url: str) -> str:
    """``url`` with the password of its user info masked (a key pasted into the URL stays out of errors)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:****@{host}{slash}{path}"
