"""Reading a bulk job's requests: Batch-API input lines from a JSONL file or from any iterable.

Each request is ``{"custom_id", "method": "POST", "url", "body"}``, the Batch API's input format
(https://platform.openai.com/docs/api-reference/batch/request-input), as
``batch_jsonl.BatchInputWriter`` writes it. Nothing is held in memory but the ``custom_id``s:

- a path is read twice, line by line: once up front to validate every line and refuse repeated
  ``custom_id``s before a single request is sent, then again as the job runs;
- any other iterable (a list, a generator of dicts or ``BatchInputLine``s) is written to an anonymous
  temporary file while it is validated, and the job then reads that file, so a generator is
  consumed exactly once and its duplicates are still refused before anything is sent.
"""

from __future__ import annotations

import os
import tempfile
from typing import IO, AbstractSet, Any, Dict, Iterable, Iterator, List, Tuple, Union

import msgspec

__all__ = [
    "BulkInputError",
    "DuplicateCustomIdError",
    "ENDPOINTS",
    "PendingRequest",
    "RequestFile",
    "Requests",
    "open_requests",
    "parse_request",
]

Requests = Union[str, "os.PathLike[str]", Iterable[Any]]

# The endpoints the Batch API runs (the BatchEndpoint values that take a JSON body); a bulk job
# sends each line to the same path, relative to the client's base_url.
ENDPOINTS = ("/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/completions", "/v1/moderations")
_BOM = b"\xef\xbb\xbf"
_SHOWN_DUPLICATES = 5


class BulkInputError(ValueError):
    """A request line that cannot be sent: says which line and what to change."""


class DuplicateCustomIdError(BulkInputError):
    """Two requests share a ``custom_id``: results are matched to requests by it, so each must be unique."""

    def __init__(self, message: str, duplicates: List[str]) -> None:
        super().__init__(message)
        self.duplicates = duplicates


class _ScanLine(msgspec.Struct):
    # Any: checked by hand, for a message that names the field. The body stays raw on the first pass.
    custom_id: Any = None
    method: Any = "POST"
    url: Any = None
    body: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"null"))


class _StreamFlag(msgspec.Struct):
    stream: Any = None


class PendingRequest(msgspec.Struct):
    """One request to send: its ``custom_id``, endpoint and body (plain JSON builtins)."""

    custom_id: str
    url: str
    body: Dict[str, Any]
    method: str = "POST"


_decode_scan = msgspec.json.Decoder(_ScanLine).decode
_decode_stream_flag = msgspec.json.Decoder(_StreamFlag).decode
_decode_request = msgspec.json.Decoder(PendingRequest).decode


def _check(line: _ScanLine, where: str) -> Tuple[str, str]:
    """The line's ``custom_id`` and ``url``, once every field has been checked."""
    if not isinstance(line.custom_id, str) or not line.custom_id:
        raise BulkInputError(f"{where}: custom_id must be a non-empty string, got {line.custom_id!r}")
    if line.method != "POST":
        raise BulkInputError(f"{where}: method must be \"POST\" (the Batch API's only method), got {line.method!r}")
    if line.url not in ENDPOINTS:
        raise BulkInputError(f"{where}: url {line.url!r} is not an endpoint a bulk job runs; use one of "
                             f"{', '.join(ENDPOINTS)}")
    raw = bytes(line.body).lstrip()
    if not raw.startswith(b"{"):
        raise BulkInputError(f"{where}: body must be a JSON object (the endpoint's parameters)")
    if _decode_stream_flag(raw).stream is True:
        raise BulkInputError(f"{where}: a bulk request cannot stream: leave `stream` out of the body (or False)")
    return line.custom_id, line.url


def _scan(raw: bytes, where: str) -> Tuple[str, str]:
    try:
        line = _decode_scan(raw)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise BulkInputError(f"{where} is not a request line ({{\"custom_id\", \"method\", \"url\", "
                             f"\"body\"}}): {exc}") from exc
    return _check(line, where)


def _lines(handle: IO[bytes]) -> Iterator[Tuple[int, bytes]]:
    """(line number, line) for every non-blank line, without its end or a leading UTF-8 BOM."""
    for number, read in enumerate(handle, start=1):
        line = read[len(_BOM):] if number == 1 and read.startswith(_BOM) else read
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield number, line


class RequestFile:
    """A validated JSONL file of requests: how many there are, and the ones still to send.

    ``total`` counts every request; ``already_done`` those whose ``custom_id`` was in the ``done``
    set given to ``open_requests``, ``elsewhere`` those in its ``elsewhere`` set (sent in a batch
    still running, say). Iterate ``pending()`` (any number of times) for the others.
    """

    def __init__(self, handle: IO[bytes], name: str, counts: Tuple[int, int, int], skip: AbstractSet[str]) -> None:
        self._handle = handle
        self.name = name
        self.total, self.already_done, self.elsewhere = counts
        self._skip = skip

    def pending(self) -> Iterator[PendingRequest]:
        """The requests whose ``custom_id`` is not done yet, in file order, decoded one at a time."""
        self._handle.seek(0)
        for number, raw in _lines(self._handle):
            try:
                request = _decode_request(raw)
            except (msgspec.DecodeError, msgspec.ValidationError) as exc:  # the file changed since it was checked
                raise BulkInputError(f"{self.name} line {number} changed while the job ran: {exc}") from exc
            if request.custom_id not in self._skip:
                yield request

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> RequestFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _as_json(item: Any, where: str) -> bytes:
    to_json = getattr(item, "to_json", None)
    if callable(to_json) and isinstance(item, msgspec.Struct):  # a batch_jsonl.BatchInputLine
        data = to_json()
        if isinstance(data, bytes):
            return data
    if isinstance(item, (bytes, str)):
        data = item.encode("utf-8") if isinstance(item, str) else item
        return data.strip()
    try:
        return msgspec.json.encode(item)
    except (TypeError, msgspec.EncodeError) as exc:
        raise BulkInputError(f"{where} cannot be encoded as JSON ({type(item).__name__}): {exc}") from exc


def _spool(requests: Iterable[Any]) -> IO[bytes]:
    """Write the iterable's requests to an anonymous temporary file, one JSON line each."""
    spool = tempfile.TemporaryFile(prefix="openai-compat-bulk-")  # noqa: SIM115 - owned by the RequestFile
    try:
        for number, item in enumerate(requests, start=1):
            data = _as_json(item, f"request #{number}")
            if b"\n" in data or b"\r" in data:
                data = msgspec.json.encode(msgspec.json.decode(data))  # one line, whatever the formatting
            spool.write(data + b"\n")
    except BaseException:
        spool.close()
        raise
    return spool


def open_requests(requests: Requests, done: AbstractSet[str], elsewhere: AbstractSet[str] = frozenset()) -> RequestFile:
    """Validate every request and refuse repeated ``custom_id``s, before anything is sent;
    ``pending()`` then skips the ids in ``done`` and ``elsewhere``.

    Raises ``BulkInputError`` for a line that cannot be sent (naming it) and
    ``DuplicateCustomIdError`` listing the repeated ids.
    """
    if isinstance(requests, (str, os.PathLike)):
        name = os.fspath(requests)
        handle: IO[bytes] = open(name, "rb")  # noqa: SIM115 - owned by the RequestFile
        describe = f"{name} line {{}}"
    elif isinstance(requests, (bytes, bytearray)) or not hasattr(requests, "__iter__"):
        raise TypeError(f"requests must be a path to a JSONL file or an iterable of request lines, got "
                        f"{type(requests).__name__}")
    else:
        handle, name = _spool(requests), "the requests"
        describe = "request #{}"
    try:
        counts = _validate(handle, describe, done, elsewhere)
    except BaseException:
        handle.close()
        raise
    return RequestFile(handle, name, counts, done | elsewhere if elsewhere else done)


def _validate(handle: IO[bytes], describe: str, done: AbstractSet[str], elsewhere: AbstractSet[str],
              ) -> Tuple[int, int, int]:
    seen: Dict[str, int] = {}
    repeated: Dict[str, List[int]] = {}
    already_done = in_elsewhere = 0
    handle.seek(0)
    for number, raw in _lines(handle):
        custom_id = _scan(raw, describe.format(number))[0]
        first = seen.setdefault(custom_id, number)
        if first != number:
            repeated.setdefault(custom_id, [first]).append(number)
        elif custom_id in done:
            already_done += 1
        elif custom_id in elsewhere:
            in_elsewhere += 1
    if repeated:
        shown = list(repeated.items())[:_SHOWN_DUPLICATES]
        listed = "; ".join(f"{custom_id!r} at lines {', '.join(map(str, at))}" for custom_id, at in shown)
        more = f" (and {len(repeated) - len(shown)} more)" if len(repeated) > len(shown) else ""
        raise DuplicateCustomIdError(
            f"{len(repeated)} custom_id(s) appear more than once: {listed}{more}. Results are matched to requests "
            "by custom_id, so each request needs its own; nothing was sent.",
            list(repeated),
        )
    return len(seen), already_done, in_elsewhere


def parse_request(item: Any, where: str) -> PendingRequest:
    """One request from a dict, a ``BatchInputLine`` or a JSON line, checked like a file's lines."""
    raw = _as_json(item, where)
    _scan(raw, where)
    return _decode_request(raw)

