"""How ``Session.copy(**overrides)`` replaces a Session's settings, one rule per setting; what of
them a pickle leaves out; and the credentials an attempt sends (the API key, or the admin key).

Kept beside the Session so the class stays one readable module: a copy shares the transport (its
connection pool) and merges ``default_headers``/``default_query`` into the current ones, while an
unknown name is refused rather than silently ignored.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Union

from .._errors import OpenAIError
from .._streaming.stream import check_event_size
from .explain import check_base_url
from .headers import MISSING_ADMIN_KEY, admin_key_from_environment, check_api_key, check_picklable, key_from_environment
from .timeouts import Timeout
from .urls import base_url_of

__all__ = ["AdminKey", "admin_key_or_none", "apply_overrides", "credentials", "pickled_state"]

AdminKey = Union[str, Callable[[], Optional[str]], None]

# Settings copied as given.
_PLAIN = frozenset(
    {"organization", "project", "transport", "retry", "pickle_api_key", "webhook_secret", "websocket_base_url",
     "keep_events"}
)


def apply_overrides(new: Any, overrides: Mapping[str, Any]) -> None:
    """Set each of ``overrides`` on ``new`` (a copy of a Session), checked as the constructor does.

    ``new`` is typed ``Any``: naming the Session here would make the two modules import each other.
    """
    for name, value in overrides.items():
        if name == "api_key":
            if isinstance(value, str):
                check_api_key(value)
            new._api_key = value
        elif name == "admin_api_key":
            new._admin_api_key = None if value is None else check_api_key(value)
        elif name == "base_url":
            check_base_url(value, "base_url")
            new.base_url = base_url_of(value)
        elif name == "timeout":
            new.timeout = Timeout.coerce(value)
        elif name == "max_retries":
            new.retry = new.retry.replace(max_retries=value)
        elif name in ("default_headers", "default_query"):
            setattr(new, name, {**getattr(new, name), **(value or {})})
        elif name in _PLAIN:
            setattr(new, name, value)
        elif name in ("max_event_size", "max_response_size", "max_snapshot_size"):
            setattr(new, name, check_event_size(value, name))
        else:
            raise TypeError(f"copy() got an unexpected keyword argument {name!r}")


def admin_key_or_none(admin_api_key: Optional[str], environ: Mapping[str, str]) -> Optional[str]:
    """The admin API key: the argument, else ``OPENAI_ADMIN_KEY``, else ``None``; checked when set."""
    key = admin_api_key if admin_api_key is not None else environ.get("OPENAI_ADMIN_KEY")
    return None if key is None else check_api_key(key)


def pickled_state(session: Any) -> Dict[str, Any]:
    """What of a Session a pickle carries: all its configuration, but (unless ``pickle_api_key``)
    neither string key nor the webhook secret, which the unpickled Session reads from its own
    environment when first needed."""
    state: Dict[str, Any] = session.__dict__.copy()
    if not session.pickle_api_key:
        check_picklable(session.default_headers)
        state["webhook_secret"] = None  # a secret as well: pass it again where it is unpickled
        if isinstance(session._api_key, str) and session._api_key:  # "": a client with only an admin key
            state["_api_key"] = key_from_environment
        if isinstance(session._admin_api_key, str):
            state["_admin_api_key"] = admin_key_from_environment
    return state


def credentials(session: Any, auth: str, layers: Sequence[Optional[Mapping[str, Any]]]) -> Dict[str, str]:
    """The credential headers of one attempt: the Session's ``auth_headers()``, or with
    ``auth="admin"`` its admin key. An admin call with neither an admin key nor an
    ``Authorization`` header among ``layers`` fails before anything is sent, as openai-python does."""
    if auth != "admin":
        headers: Dict[str, str] = session.auth_headers()
        return headers
    key = session.admin_api_key
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if not headers and not any(name.lower() == "authorization" for layer in layers for name in (layer or {})):
        raise OpenAIError(MISSING_ADMIN_KEY)
    return headers
