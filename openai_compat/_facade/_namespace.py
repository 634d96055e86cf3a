"""``_Namespace``: the base of every facade namespace (``client.chat.completions``, ...).

A namespace binds resource functions as its methods: each resource function takes a
``SessionLike`` first and reaches the Session through its one private member, ``_session``, which a
namespace holds. So a namespace shows its API methods and nothing of the Session (no ``request`` or
``stream`` verb to call by mistake), and a namespace whose ``_session`` records or replays calls can
run the same resource functions. Every facade module imports this base, never the client, so the
client imports them all without a cycle.
"""

from __future__ import annotations

from .._core.session import Session

__all__ = ["_Namespace"]


class _Namespace:
    """A group of resource functions bound to one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._session!r}>"
