"""Reading Batch output and error files into typed results keyed by ``custom_id``
(public through ``openai_compat.batch_jsonl``).

Each line of either file is ``{"id", "custom_id", "response": {"status_code", "request_id", "body"}
| null, "error": {"code", "message"} | null}`` (the documented request-output format). The body of a
successful response decodes as its endpoint's type: ``ChatCompletion``, ``CreateEmbeddingResponse``,
``Response``, ``Completion`` or ``ModerationCreateResponse``, told by the batch's ``endpoint`` when
given, else by the body's ``object``. Nothing is dropped silently: a line that is not JSON, has no
``custom_id``, or whose body is not a JSON object becomes an ``UnreadableLine`` holding its raw text
(a body that deviates from the spec decodes, keeping what was sent),
and a ``custom_id`` seen twice keeps its later results in ``BatchResults.duplicates``.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Union

import msgspec

from .._errors import DECODE_ERRORS
from ..types._codec import decode
from ..types.batches import BatchEndpoint
from ..types.chat import ChatCompletion
from ..types.completions import Completion
from ..types.embeddings import CreateEmbeddingResponse
from ..types.moderations import ModerationCreateResponse
from ..types.responses import Response

if TYPE_CHECKING:
    from .binary import BinaryResponse

__all__ = [
    "BatchRequestError",
    "BatchResult",
    "BatchResults",
    "Source",
    "UnreadableLine",
    "iter_batch_results",
    "iter_lines",
    "read_batch_results",
]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], "BinaryResponse", None]

_BODY_TYPES: Dict[str, type] = {
    BatchEndpoint.CHAT_COMPLETIONS: ChatCompletion,
    BatchEndpoint.EMBEDDINGS: CreateEmbeddingResponse,
    BatchEndpoint.RESPONSES: Response,
    BatchEndpoint.COMPLETIONS: Completion,
    BatchEndpoint.MODERATIONS: ModerationCreateResponse,
}
# The body's ``object`` when the endpoint is not given (moderations have none; embeddings say "list").
_BY_OBJECT: Dict[str, type] = {
    "chat.completion": ChatCompletion,
    "text_completion": Completion,
    "response": Response,
    "list": CreateEmbeddingResponse,
}
_CHUNK = 64 * 1024
_BOM = b"\xef\xbb\xbf"


class BatchRequestError(msgspec.Struct, kw_only=True):
    """Why a request failed: the line's ``error`` (expired, not run), or the ``error`` of an HTTP
    error body (``status_code`` 4xx/5xx); ``type`` and ``param`` come only with the latter."""

    code: Optional[str] = None
    message: Optional[str] = None
    type: Optional[str] = None
    param: Optional[str] = None


class BatchResult(msgspec.Struct, kw_only=True):
    """The outcome of one request of the batch.

    ``body`` is the decoded answer on success (``ChatCompletion``, ...), the error body as a dict
    on an HTTP error, ``None`` when the request never ran; ``error`` says why it failed.
    ``line`` is its 1-based line number in the file it came from.
    """

    custom_id: str
    id: Optional[str] = None
    status_code: Optional[int] = None
    request_id: Optional[str] = None
    body: Any = None
    error: Optional[BatchRequestError] = None
    line: int = 0

    @property
    def ok(self) -> bool:
        """Whether the request succeeded (a 2xx answer and no error)."""
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300


class UnreadableLine(msgspec.Struct, kw_only=True):
    """A line that could not be turned into a result, kept as its raw text, with the reason."""

    line: int
    text: str
    reason: str


class _LineResponse(msgspec.Struct):
    status_code: Optional[int] = None
    request_id: Optional[str] = None
    # Raw: decoded once its type is known (msgspec cannot take ``Optional[Raw]``; null stays raw too).
    body: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"null"))


class _OutputLine(msgspec.Struct):
    custom_id: Optional[str] = None
    id: Optional[str] = None
    response: Optional[_LineResponse] = None
    error: Optional[BatchRequestError] = None


class _ObjectPeek(msgspec.Struct):
    object: Any = None


_decode_line = msgspec.json.Decoder(_OutputLine).decode
_peek_object = msgspec.json.Decoder(_ObjectPeek).decode


def _chunks(source: Source) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield from iter(lambda: handle.read(_CHUNK), b"")
    elif hasattr(source, "iter_bytes"):  # a BinaryResponse: streamed off the wire, closed when done
        with source:  # type: ignore[union-attr]
            yield from source.iter_bytes(_CHUNK)  # type: ignore[union-attr]
    elif hasattr(source, "read"):
        read = source.read  # type: ignore[union-attr]
        yield from iter(lambda: read(_CHUNK), b"")
    else:
        raise TypeError(f"cannot read batch results from {type(source).__name__}: give a path, bytes, "
                        "a binary file or the BinaryResponse of files.content()")


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    # Pieces of the current line are joined once it ends: no quadratic copying of long lines.
    pending: List[bytes] = []
    for chunk in chunks:
        if not isinstance(chunk, bytes):
            raise TypeError(f"batch results must be read in binary mode, got {type(chunk).__name__} chunks")
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                pending.append(chunk[start:])
                break
            pending.append(chunk[start:end])
            yield b"".join(pending)
            pending, start = [], end + 1
    if any(pending):
        yield b"".join(pending)


def iter_lines(source: Source) -> Iterator[bytes]:
    """The lines of a JSONL source (without their line ends or a leading UTF-8 BOM), read in chunks."""
    for number, line in enumerate(_lines(_chunks(source))):
        start = len(_BOM) if number == 0 and line.startswith(_BOM) else 0  # a file saved by a Windows editor
        yield line[start:].rstrip(b"\r")


def _body_type(endpoint: Optional[str], body: msgspec.Raw) -> Optional[type]:
    if endpoint is not None:
        return _BODY_TYPES.get(endpoint if endpoint.startswith("/") else "/" + endpoint)
    kind = _peek_object(body).object
    if type(kind) is str:
        return _BY_OBJECT.get(kind)
    return None


def _http_error(body: Any) -> Optional[BatchRequestError]:
    # Error bodies also come from gateways and proxies ({"error": "text"}, a bare string, an int
    # ``code``): take what each holds rather than lose the line's status and body to a type check.
    error = body.get("error") if isinstance(body, dict) else body
    if isinstance(error, dict):
        fields = ("code", "message", "type", "param")
        return BatchRequestError(**{key: None if error.get(key) is None else str(error[key]) for key in fields})
    return BatchRequestError(message=error) if isinstance(error, str) and error else None


def _result(raw: bytes, number: int, endpoint: Optional[str]) -> Union[BatchResult, UnreadableLine]:
    def unreadable(reason: str) -> UnreadableLine:
        return UnreadableLine(line=number, text=raw.decode("utf-8", "replace"), reason=reason)

    try:
        line = _decode_line(raw)
    except DECODE_ERRORS as exc:
        return unreadable(f"not a batch output line: {exc}")
    if not line.custom_id:
        return unreadable("the line has no custom_id")
    result = BatchResult(custom_id=line.custom_id, id=line.id, error=line.error, line=number)
    response = line.response
    if response is None:
        return result
    result.status_code, result.request_id = response.status_code, response.request_id
    if bytes(response.body).strip() in (b"", b"null"):
        return result
    try:
        status = response.status_code
        if status is not None and not 200 <= status < 300:
            result.body = msgspec.json.decode(response.body)
            if result.error is None:
                result.error = _http_error(result.body)
            return result
        body_type = _body_type(endpoint, response.body)
        result.body = decode(bytes(response.body), body_type) if body_type else msgspec.json.decode(response.body)
    except DECODE_ERRORS as exc:
        return unreadable(f"the response body of {line.custom_id!r} did not decode: {exc}")
    return result


def iter_batch_results(
    source: Source, *, endpoint: Optional[str] = None
) -> Iterator[Union[BatchResult, UnreadableLine]]:
    """The results of one output or error file, a line at a time (for files too big to hold):
    ``BatchResult`` per line, ``UnreadableLine`` for a line that could not be read. ``endpoint``
    (``batch.endpoint``) picks the body type; without it the body's ``object`` does."""
    if source is None:
        return
    for number, raw in enumerate(iter_lines(source), start=1):
        if raw.strip():
            yield _result(raw, number, endpoint)


class BatchResults(Mapping[str, BatchResult]):
    """Results keyed by ``custom_id`` (in file order), plus the lines that could not be read and any
    repeated ``custom_id``'s later results."""

    def __init__(self) -> None:
        self._results: Dict[str, BatchResult] = {}
        self.unreadable: List[UnreadableLine] = []
        self.duplicates: List[BatchResult] = []

    def add(self, item: Union[BatchResult, UnreadableLine]) -> None:
        if isinstance(item, UnreadableLine):
            self.unreadable.append(item)
        elif item.custom_id in self._results:
            self.duplicates.append(item)
        else:
            self._results[item.custom_id] = item

    def __getitem__(self, custom_id: str) -> BatchResult:
        return self._results[custom_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    def succeeded(self) -> List[BatchResult]:
        return [result for result in self._results.values() if result.ok]

    def failed(self) -> List[BatchResult]:
        return [result for result in self._results.values() if not result.ok]

    def missing(self, custom_ids: Iterable[str]) -> List[str]:
        """The ids among ``custom_ids`` (say ``writer.custom_ids``) that have no result."""
        return [custom_id for custom_id in custom_ids if custom_id not in self._results]

    def __repr__(self) -> str:
        return (f"<BatchResults {len(self.succeeded())} succeeded, {len(self.failed())} failed, "
                f"{len(self.unreadable)} unreadable lines>")


def read_batch_results(*sources: Source, endpoint: Optional[str] = None) -> BatchResults:
    """Read output and error files (paths, bytes, binary files, ``BinaryResponse``s; ``None`` is
    skipped, so a batch without an error file needs no special case) into one ``BatchResults``."""
    results = BatchResults()
    for source in sources:
        for item in iter_batch_results(source, endpoint=endpoint):
            results.add(item)
    return results
