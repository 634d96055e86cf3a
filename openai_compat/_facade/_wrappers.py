"""``.with_raw_response`` and ``.with_streaming_response``, built once for every namespace.

A namespace method is a resource function bound to the namespace, and the function reaches the
network only through ``namespace._session``. So a wrapper calls the very same function on a copy
of the namespace whose session records the HTTP exchange (``_core/recording.py``): no per-method
code, and every namespace, generated ones and nested ones included, gets both wrappers.

- ``with_raw_response.<method>(...)`` runs the call (recording its first exchange) and returns a
  ``LegacyAPIResponse`` whose ``parse()`` is the method's own result.
- ``with_streaming_response.<method>(...)`` returns a context manager. On entry the call runs up
  to the moment the response's headers arrive (the body stays on the wire); ``parse()`` runs the
  method again against that response (replayed, not re-sent), so the body is decoded and
  post-processed by exactly the code of the plain method.

The wrapper objects are typed loosely (any attribute is a sub-namespace or a method, and calling a
method gives the response type) since Python's typing cannot map a class's methods to new return
types; ``parse()`` is then ``Any``.
"""

from __future__ import annotations

import functools
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, Protocol, Tuple, TypeVar, cast

if TYPE_CHECKING:  # the recording machinery is imported with the first wrapped call
    from .._core.recording import Exchange
    from .api_response import APIResponse, LegacyAPIResponse, ResponseContextManager

__all__ = ["RawMember", "WithRawResponse", "WithStreamingResponse"]

R_co = TypeVar("R_co", covariant=True)


class RawMember(Protocol[R_co]):
    """For type checkers: a wrapped method (called, it gives ``R_co``) or a wrapped sub-namespace."""

    def __call__(self, *args: Any, **kwargs: Any) -> R_co: ...

    def __getattr__(self, name: str) -> RawMember[R_co]: ...


def _is_namespace(value: object) -> bool:
    return callable(getattr(value, "_bound_to", None))


class _Wrapper:
    """The methods and sub-namespaces of ``target`` (a namespace, or the client for its
    namespaces), wrapped; each is made on first use and kept."""

    _streaming = False

    def __init__(self, target: Any) -> None:
        self.__dict__["_target"] = target

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target = self.__dict__["_target"]
        value = getattr(target, name)
        if _is_namespace(value):
            wrapped: Any = type(self)(value)
        else:
            function = getattr(type(target), name, None)
            if not _is_namespace(target) or not isinstance(function, types.FunctionType):
                raise AttributeError(
                    f"{type(target).__name__}.{name} is not an API method, so it has no "
                    f"{'with_streaming_response' if self._streaming else 'with_raw_response'} form"
                )
            wrapped = _method(target, function, name, self._streaming)
        self.__dict__[name] = wrapped
        return wrapped

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __dir__(self) -> list[str]:
        # From the class, so listing creates no namespace: sub-namespaces are cached properties.
        target = self.__dict__["_target"]
        methods = _is_namespace(target)
        return [
            name for name, member in ((name, getattr(type(target), name, None)) for name in dir(type(target)))
            if not name.startswith("_") and not name.startswith("with_")
            and (isinstance(member, functools.cached_property) or (methods and isinstance(member, types.FunctionType)))
        ]

    def __repr__(self) -> str:
        kind = "with_streaming_response" if self._streaming else "with_raw_response"
        return f"<{kind} of {type(self.__dict__['_target']).__name__}>"


class WithRawResponse(_Wrapper):
    """``.with_raw_response``: each method returns a ``LegacyAPIResponse`` (see the module docstring)."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> RawMember[LegacyAPIResponse[Any]]: ...


class WithStreamingResponse(_Wrapper):
    """``.with_streaming_response``: each method returns a context manager giving an ``APIResponse``."""

    _streaming = True

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> RawMember[ResponseContextManager[APIResponse[Any]]]: ...


def _method(namespace: Any, function: Callable[..., Any], name: str, streaming: bool) -> Callable[..., Any]:
    where = f"{type(namespace).__name__}.{name}"
    caller = _call_streaming if streaming else _call_raw

    @functools.wraps(getattr(namespace, name))
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return caller(namespace, function, where, args, kwargs)

    return wrapped


def _no_request(where: str) -> TypeError:
    return TypeError(f"{where} sent no HTTP request as it ran, so there is no response to show; call it directly")


def _call_raw(namespace: Any, function: Callable[..., Any], where: str, args: Tuple[Any, ...],
              kwargs: Dict[str, Any]) -> LegacyAPIResponse[Any]:
    from .._core.recording import Tape, recording_session
    from .api_response import LegacyAPIResponse

    tape = Tape("record")
    bound = namespace._bound_to(recording_session(namespace._session, tape))
    try:
        result = function(bound, *args, **kwargs)
    except Exception as exc:
        if tape.first is None or tape.later_send_failed:
            raise  # the call itself failed: as the plain method raises it
        return LegacyAPIResponse(tape.first, error=exc)  # decoding failed: parse() raises it
    if tape.first is None:
        raise _no_request(where)
    return LegacyAPIResponse(tape.first, result=result)


def _call_streaming(namespace: Any, function: Callable[..., Any], where: str, args: Tuple[Any, ...],
                    kwargs: Dict[str, Any]) -> ResponseContextManager[APIResponse[Any]]:
    from .._core.recording import CallCaptured, Tape, recording_session
    from .api_response import APIResponse, ResponseContextManager

    # The method runs twice (up to the headers, then to decode): a generator argument is kept as a
    # list so the second run sees the same items.
    args = tuple(_replayable(value) for value in args)
    kwargs = {key: _replayable(value) for key, value in kwargs.items()}

    def send() -> APIResponse[Any]:
        tape = Tape("capture")
        try:
            function(namespace._bound_to(recording_session(namespace._session, tape)), *args, **kwargs)
        except CallCaptured as captured:
            exchange: Exchange = captured.exchange
        else:
            raise _no_request(where)

        def decode() -> Any:
            replay = Tape("replay", replay=exchange)
            return function(namespace._bound_to(recording_session(namespace._session, replay)), *args, **kwargs)

        return APIResponse(exchange, decode)

    return cast("ResponseContextManager[APIResponse[Any]]", ResponseContextManager(send))


def _replayable(value: Any) -> Any:
    return list(value) if isinstance(value, types.GeneratorType) else value
