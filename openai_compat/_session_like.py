"""``SessionLike``: what a resource function needs from its first argument.

A ``Session``, or a facade namespace such as ``client.chat.completions`` that forwards the three
verbs to one (see ``_client.py``), so the facade can bind resource functions as its methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Protocol, TypeVar, Union

import msgspec

from ._pagination import SyncCursorPage
from ._retry import RetryPolicy
from ._streaming import Stream
from ._timeout import TimeoutTypes
from ._transport import RequestBody

if TYPE_CHECKING:
    from ._binary import BinaryResponse
    from ._multipart import FileFields
    from ._progress import ProgressCallback

__all__ = ["SessionLike"]

T = TypeVar("T")


class SessionLike(Protocol):
    """What a resource function needs from its first argument: a ``Session``, or a facade
    namespace such as ``client.chat.completions`` that forwards to one (see ``_client.py``)."""

    @property
    def base_url(self) -> str: ...

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy; pollers take its ``clock`` and ``sleep`` (injectable in tests)."""
        ...

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[FileFields] = None,
        content: Optional[RequestBody] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        on_progress: Optional[ProgressCallback] = None,
        auth: str = "api_key",
    ) -> T: ...

    def stream(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        stream_cls: type[Stream[T]] = Stream,
        files: Optional[FileFields] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Stream[T]: ...

    def download(
        self,
        method: str,
        path: str,
        *,
        body: Optional[Mapping[str, Any]] = None,
        content: Optional[RequestBody] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        on_progress: Optional[ProgressCallback] = None,
        auth: str = "api_key",
    ) -> BinaryResponse: ...

    def get_page(
        self,
        path: str,
        *,
        item_type: type[T],
        page_cls: type[Any] = SyncCursorPage,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        extra_body: Optional[Mapping[str, Any]] = None,
        auth: str = "api_key",
    ) -> Any: ...
