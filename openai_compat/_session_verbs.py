"""The Session verbs that resources call: ``request`` (a decoded body), ``stream`` (a ``Stream``
of decoded events), ``download`` (a ``BinaryResponse``) and ``get_page`` (a list page).

Each is one ``send`` (the retry loop, in ``_session.py``) plus what its kind of answer needs.
A mixin of ``Session``, kept in its own module so each stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple, TypeVar, Union

import msgspec

from ._codec import decode
from ._errors import DECODE_ERRORS, APIResponseValidationError
from ._pagination import SyncCursorPage, attach_fetcher
from ._retry import RetryPolicy
from ._streaming import Stream, events_or_raise
from ._timeout import Timeout, TimeoutTypes
from ._transport import Request, RequestBody, Response
from .types._base import APIObject

if TYPE_CHECKING:  # the upload and download machinery is imported on first use
    from ._binary import BinaryResponse
    from ._multipart import FileFields
    from ._progress import ProgressCallback

__all__ = ["SessionVerbs"]

T = TypeVar("T")


class SessionVerbs:
    """``request``, ``stream``, ``download``, ``get_page`` and ``decode_response`` over ``send``."""

    # Provided by Session.
    timeout: Timeout
    retry: RetryPolicy
    max_event_size: Optional[int]

    if TYPE_CHECKING:

        def send(
            self,
            method: str,
            path: str,
            *,
            body: Optional[Mapping[str, Any]] = None,
            files: Optional[FileFields] = None,
            content: Optional[RequestBody] = None,
            query: Optional[Mapping[str, Any]] = None,
            extra_headers: Optional[Mapping[str, Any]] = None,
            extra_query: Optional[Mapping[str, Any]] = None,
            extra_body: Optional[Mapping[str, Any]] = None,
            timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
            on_progress: Optional[ProgressCallback] = None,
            stream: bool = False,
            events: bool = True,
            deadline: Optional[float] = None,
            auth: str = "api_key",
        ) -> Tuple[Response, Request, int]: ...

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
    ) -> T:
        """Send one call and decode its body into ``cast_to`` (``object`` for plain builtins,
        ``bytes`` for the raw body, ``str`` for text).

        With ``files`` the call is a multipart upload (``body`` and ``extra_body`` become its form
        fields); ``content`` sends raw bytes instead (give the ``Content-Type`` in ``extra_headers``);
        ``on_progress(sent, total)`` reports the upload as it goes. ``auth="admin"`` sends the admin
        API key instead of the API key (the admin endpoints).
        """
        response, request, retries = self.send(
            method,
            path,
            body=body,
            files=files,
            content=content,
            query=query,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            on_progress=on_progress,
            auth=auth,
        )
        return self.decode_response(response, cast_to, request=request, retries_taken=retries)

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
    ) -> Stream[T]:
        """Send one call that answers with server-sent events; iterate the result for ``cast_to`` items.
        ``files`` and ``on_progress`` as for ``request`` (a streamed transcription uploads audio)."""
        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        deadline = None if budget.total is None else self.retry.clock() + budget.total
        response, request, retries = self.send(
            method,
            path,
            body=body,
            files=files,
            on_progress=on_progress,
            query=query,
            extra_headers={"Accept": "text/event-stream", **(extra_headers or {})},
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=budget,
            stream=True,
            deadline=deadline,
        )
        content_type = response.headers.get("content-type", "").lower()
        if "json" in content_type and "event-stream" not in content_type:
            response = events_or_raise(response, request, content_type)
        return stream_cls(
            response,
            cast_to=cast_to,
            request=request,
            retries_taken=retries,
            stream_idle=budget.stream_idle,
            deadline=deadline,
            clock=self.retry.clock,
            max_event_size=self.max_event_size,
        )

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
    ) -> BinaryResponse:
        """Send one call whose answer is binary (file content, audio); the body is left on the
        wire for the caller to stream (``write_to_file``, ``iter_bytes``) or read (``content``).
        Each network read is bounded by the ``read`` timeout, the whole download by ``total``.
        ``content`` sends raw bytes as the body (give the ``Content-Type`` in ``extra_headers``)."""
        from ._binary import BinaryResponse

        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        deadline = None if budget.total is None else self.retry.clock() + budget.total
        response, request, retries = self.send(
            method,
            path,
            body=body,
            content=content,
            query=query,
            extra_headers={"Accept": "application/octet-stream", **(extra_headers or {})},
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=budget,
            stream=True,
            events=False,
            deadline=deadline,
            auth=auth,
        )
        return BinaryResponse(
            response, request=request, retries_taken=retries, on_progress=on_progress, deadline=deadline,
            clock=self.retry.clock,
        )

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
    ) -> Any:
        """GET a list page of ``item_type``; a cursor page can then fetch the pages after it.
        ``extra_body`` goes out as a JSON body (openai-python's list methods take it too)."""
        page = self.request(
            "GET",
            path,
            cast_to=page_cls[item_type],
            query=query,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            auth=auth,
        )
        if isinstance(page, SyncCursorPage):
            filters = {**(query or {}), **(extra_query or {})}

            def fetch_after(cursor: str) -> Any:
                return self.get_page(
                    path,
                    item_type=item_type,
                    page_cls=page_cls,
                    query={**filters, "after": cursor},
                    extra_headers=extra_headers,
                    timeout=timeout,
                    extra_body=extra_body,
                    auth=auth,
                )

            attach_fetcher(page, fetch_after)
        return page

    def decode_response(self, response: Response, cast_to: type[T], *, request: Request, retries_taken: int) -> T:
        """Decode a successful response body, with the request id, headers and retry count attached."""
        raw = response.read()
        if cast_to is bytes:
            return raw  # type: ignore[return-value]
        try:
            if cast_to is str:
                return raw.decode("utf-8")  # type: ignore[return-value]
            if not raw.strip() and cast_to is object:
                return None  # type: ignore[return-value]
            result = decode(raw, cast_to)
        except DECODE_ERRORS as exc:
            raise APIResponseValidationError(
                f"Could not decode the response body as {getattr(cast_to, '__name__', cast_to)}: {exc}",
                response=response,
                raw_body=raw,
                request=request,
            ) from exc
        if isinstance(result, APIObject):
            meta = result.__dict__
            meta["_request_id"] = response.headers.get("x-request-id")
            meta["_headers"] = response.headers
            meta["_retries_taken"] = retries_taken
        return result
