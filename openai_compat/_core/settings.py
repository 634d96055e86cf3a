"""How ``Session.copy(**overrides)`` replaces a Session's settings, one rule per setting.

Kept beside the Session so the class stays one readable module: a copy shares the transport (its
connection pool) and merges ``default_headers``/``default_query`` into the current ones, while an
unknown name is refused rather than silently ignored.
"""

from __future__ import annotations

from typing import Any, Mapping

from .._streaming.stream import check_event_size
from .explain import check_base_url
from .headers import check_api_key
from .timeouts import Timeout
from .urls import base_url_of

__all__ = ["apply_overrides"]

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
