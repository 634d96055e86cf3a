"""A Session's settings: replaced one by one (``Session.copy``, the client's ``with_options``),
kept out of a pickle when they are secrets, and the credentials an attempt sends.

Kept apart from ``session.py`` so the Session class holds the verbs and the retry loop. The
functions take the Session as ``Any``: this module sits below ``session.py`` and must not import it.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Union

from .._errors import OpenAIError
from .._streaming.stream import check_event_size
from .headers import (
    MISSING_ADMIN_KEY,
    admin_key_from_environment,
    check_api_key,
    check_picklable,
    key_from_environment,
)
from .timeouts import Timeout
from .urls import base_url_of

__all__ = ["AdminKey", "admin_key_or_none", "apply_overrides", "credentials", "pickled_state"]

AdminKey = Union[str, Callable[[], Optional[str]], None]
_PLAIN_SETTINGS = ("organization", "project", "transport", "retry", "pickle_api_key", "webhook_secret")


def admin_key_or_none(admin_api_key: Optional[str], environ: Mapping[str, str]) -> Optional[str]:
    """The admin API key: the argument, else ``OPENAI_ADMIN_KEY``, else ``None``; checked when set."""
    key = admin_api_key if admin_api_key is not None else environ.get("OPENAI_ADMIN_KEY")
    return None if key is None else check_api_key(key)


def apply_overrides(new: Any, old: Any, overrides: Mapping[str, Any]) -> None:
    """Set each of ``overrides`` on ``new``, a shallow copy of the Session ``old``; a name that is
    not a setting raises ``TypeError``. ``default_headers`` and ``default_query`` are merged."""
    for name, value in overrides.items():
        if name == "api_key":
            if isinstance(value, str):
                check_api_key(value)
            new._api_key = value
        elif name == "admin_api_key":
            new._admin_api_key = None if value is None else check_api_key(value)
        elif name == "base_url":
            new.base_url = base_url_of(value)
        elif name == "timeout":
            new.timeout = Timeout.coerce(value)
        elif name == "max_retries":
            new.retry = old.retry.replace(max_retries=value)
        elif name in ("default_headers", "default_query"):
            setattr(new, name, {**getattr(old, name), **(value or {})})
        elif name in _PLAIN_SETTINGS:
            setattr(new, name, value)
        elif name == "max_event_size":
            new.max_event_size = check_event_size(value)
        else:
            raise TypeError(f"copy() got an unexpected keyword argument {name!r}")


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
