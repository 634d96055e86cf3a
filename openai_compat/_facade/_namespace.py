"""``_Namespace``: the base of every facade namespace (``client.chat.completions``, ...).

A namespace holds the client's ``Session`` and binds resource functions as its methods: each
resource function takes the session first, and a namespace passes itself. Every facade module
imports this base, never the client, so the client can import them all without a cycle.
"""

from __future__ import annotations

from typing import Any

from .._core.retries import RetryPolicy
from .._core.session import Session

__all__ = ["_Namespace"]


class _Namespace:
    """A group of resource functions bound to one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def base_url(self) -> str:
        return self._session.base_url

    @property
    def retry(self) -> RetryPolicy:
        return self._session.retry

    # The Session verbs, forwarded, make a namespace usable as a resource's session.
    def request(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.request(*args, **kwargs)

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.stream(*args, **kwargs)

    def get_page(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get_page(*args, **kwargs)

    def download(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.download(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._session!r}>"
