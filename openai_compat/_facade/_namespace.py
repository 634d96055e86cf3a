"""``_Namespace``: the base of every facade namespace (``client.chat.completions``, ...).

A namespace binds resource functions as its methods: each resource function takes a
``SessionLike`` first and reaches the Session through its one private member, ``_session``, which a
namespace holds. So a namespace shows its API methods and nothing of the Session (no ``request`` or
``stream`` verb to call by mistake), and a namespace whose ``_session`` records or replays calls can
run the same resource functions: that is how ``with_raw_response`` and ``with_streaming_response``
work for every namespace (``_wrappers.py``). Every facade module imports this base, never the
client, so the client imports them all without a cycle.
"""

from __future__ import annotations

from functools import cached_property

from .._core.session import Session
from ._wrappers import WithRawResponse, WithStreamingResponse

__all__ = ["_Namespace"]

_WRAPPERS = ("with_raw_response", "with_streaming_response")


class _Namespace:
    """A group of resource functions bound to one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @cached_property
    def with_raw_response(self) -> WithRawResponse:
        """This namespace with each method returning the raw HTTP response (``LegacyAPIResponse``):
        ``headers``, ``status_code``, ``request_id``, ``content``, ``text``, and ``parse()`` for what
        the method returns."""
        return WithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> WithStreamingResponse:
        """This namespace with each method returning a context manager whose ``APIResponse`` has
        read nothing of the body yet (``iter_bytes()``, ``iter_lines()``, ``parse()``, ...)."""
        return WithStreamingResponse(self)

    def _bound_to(self, session: Session) -> _Namespace:
        """This namespace on another session (a recording one); sub-namespaces are made anew on use."""
        copy = object.__new__(type(self))
        copy.__dict__.update(
            (name, value) for name, value in self.__dict__.items()
            if name not in _WRAPPERS and not isinstance(value, _Namespace)
        )
        copy._session = session
        return copy

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._session!r}>"
