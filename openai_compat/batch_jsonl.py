"""Batch API files: write the input JSONL from typed requests, read the output and error files back.

Writing streams one line per request to a path or a binary file object, so a file of 50,000
requests never sits in memory::

    with BatchInputWriter("requests.jsonl") as writer:
        writer.add_chat_completion(ChatCompletionRequest(model="gpt-4o-mini", messages=[...]), custom_id="q1")
        generated_id = writer.add_chat_completion({"model": "gpt-4o-mini", "messages": [...]})
    batch = client.batches.create(input_file_id=uploaded.id, endpoint=writer.endpoint, completion_window="24h")

Each line is ``{"custom_id", "method": "POST", "url", "body"}`` (the documented input format,
https://platform.openai.com/docs/api-reference/batch/request-input). A ``custom_id`` left out is
generated and returned; a repeated one is refused, as is mixing endpoints in one file (a batch runs
against one endpoint) or ``stream=True`` (a batch cannot stream).

``iter_batch_input`` reads an input file back (to resubmit the requests that failed, say).
Reading results (``read_batch_results``, ``iter_batch_results``) turns output and error files (a path,
bytes, a binary file, or the ``BinaryResponse`` of ``client.files.content(...)``) into
``BatchResult`` objects keyed by ``custom_id``, each body decoded as its endpoint's type.
"""

from __future__ import annotations

import os
import uuid
from types import TracebackType
from typing import IO, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Set, Union

import msgspec
from msgspec import UNSET, UnsetType

from ._uploads.batch_results import (
    BatchRequestError,
    BatchResult,
    BatchResults,
    Source,
    UnreadableLine,
    iter_batch_results,
    iter_lines,
    read_batch_results,
)
from .types._codec import encode_json
from .types.batches import BatchEndpoint
from .types.chat_params import ChatCompletionRequest
from .types.completions import CompletionRequest

__all__ = [
    "BatchInputLine",
    "BatchInputWriter",
    "BatchRequestError",
    "BatchResult",
    "BatchResults",
    "UnreadableLine",
    "iter_batch_input",
    "iter_batch_results",
    "read_batch_results",
    "write_batch_input",
]

RequestBody = Union[Mapping[str, Any], msgspec.Struct]
Destination = Union[str, "os.PathLike[str]", IO[bytes]]

# Parameters each endpoint requires (CreateChatCompletionRequest, CreateEmbeddingRequest,
# CreateCompletionRequest, CreateModerationRequest); checked here, since a bad line fails only hours
# later. CreateResponse requires none: a stored ``prompt`` can name the model.
_REQUIRED: Dict[str, tuple[str, ...]] = {
    BatchEndpoint.CHAT_COMPLETIONS: ("model", "messages"),
    BatchEndpoint.EMBEDDINGS: ("model", "input"),
    BatchEndpoint.COMPLETIONS: ("model", "prompt"),
    BatchEndpoint.MODERATIONS: ("input",),
}

_LISTS = ("messages", "input", "prompt", "tools")


def _body_dict(body: RequestBody) -> Dict[str, Any]:
    if isinstance(body, msgspec.Struct):
        pairs = zip(body.__struct_fields__, body.__struct_encode_fields__)
        fields = {name: getattr(body, attr) for attr, name in pairs}
        fields.update({k: v for k, v in getattr(body, "__dict__", {}).items() if not k.startswith("_")})
    elif isinstance(body, Mapping):
        fields = dict(body)
    else:
        raise TypeError(f"a request body must be a request Struct or a mapping, got {type(body).__name__}")
    return {name: value for name, value in fields.items() if value is not UNSET}


class BatchInputLine(msgspec.Struct, kw_only=True):
    """One line of a Batch input file: a request, the endpoint it goes to, and its ``custom_id``."""

    custom_id: str
    url: str
    body: Dict[str, Any]
    method: str = "POST"

    @classmethod
    def create(cls, url: str, body: RequestBody, *, custom_id: Optional[str] = None) -> BatchInputLine:
        """A line for ``url`` (a ``BatchEndpoint`` value); checks the endpoint's required parameters."""
        fields = _body_dict(body)
        missing = [name for name in _REQUIRED.get(url, ()) if name not in fields]
        if missing:
            raise TypeError(f"a {url} batch request is missing the required parameter(s): {', '.join(missing)}")
        for name in _LISTS:  # a generator of messages or inputs becomes a list
            value = fields.get(name)
            if value is not None and not isinstance(value, (str, bytes, list, tuple, Mapping, msgspec.Struct)):
                fields[name] = [*value]
        if fields.get("stream") is True:
            raise ValueError("batch requests cannot stream: leave `stream` out (or False)")
        if custom_id is None:
            custom_id = f"request-{uuid.uuid4().hex}"
        elif not isinstance(custom_id, str) or not custom_id:
            raise ValueError(f"custom_id must be a non-empty string, got {custom_id!r}")
        return cls(custom_id=custom_id, url=url, body=fields)

    @classmethod
    def chat_completion(
        cls, request: Union[ChatCompletionRequest, Mapping[str, Any]], *, custom_id: Optional[str] = None
    ) -> BatchInputLine:
        """A ``/v1/chat/completions`` request; the result's body decodes as ``ChatCompletion``."""
        return cls.create(BatchEndpoint.CHAT_COMPLETIONS, request, custom_id=custom_id)

    @classmethod
    def completion(
        cls, request: Union[CompletionRequest, Mapping[str, Any]], *, custom_id: Optional[str] = None
    ) -> BatchInputLine:
        """A legacy ``/v1/completions`` request; the result's body decodes as ``Completion``."""
        return cls.create(BatchEndpoint.COMPLETIONS, request, custom_id=custom_id)

    @classmethod
    def response(cls, request: Mapping[str, Any], *, custom_id: Optional[str] = None) -> BatchInputLine:
        """A ``/v1/responses`` request (``responses.create``'s parameters as a dict); the result's
        body decodes as ``Response``."""
        return cls.create(BatchEndpoint.RESPONSES, request, custom_id=custom_id)

    @classmethod
    def embedding(
        cls,
        *,
        input: Union[str, List[str], List[int], List[List[int]]],
        model: str,
        dimensions: Union[int, UnsetType] = UNSET,
        encoding_format: Union[str, UnsetType] = UNSET,
        user: Union[str, UnsetType] = UNSET,
        custom_id: Optional[str] = None,
    ) -> BatchInputLine:
        """A ``/v1/embeddings`` request (``embeddings.create``'s parameters); the result's body
        decodes as ``CreateEmbeddingResponse``. Vectors come back as float lists unless
        ``encoding_format="base64"`` (then ``embeddings.decode_base64_embedding`` decodes them)."""
        body = {"input": input, "model": model, "dimensions": dimensions, "encoding_format": encoding_format,
                "user": user}
        return cls.create(BatchEndpoint.EMBEDDINGS, body, custom_id=custom_id)

    def to_json(self) -> bytes:
        """The line as compact JSON (without the newline)."""
        return encode_json({"custom_id": self.custom_id, "method": self.method, "url": self.url, "body": self.body})


class BatchInputWriter:
    """Writes a Batch input file line by line; use it as a context manager (or call ``close``).

    A path is written to ``<path>.part`` and renamed when closed without an error, so a failed run
    never leaves a half-written file under the final name; a file object is written as is and left
    open. ``custom_ids`` lists the ids in file order, ``endpoint`` the one endpoint of the file.
    """

    def __init__(self, destination: Destination) -> None:
        self._path: Optional[str] = None
        if isinstance(destination, (str, os.PathLike)):
            self._path = os.fspath(destination)
            self._file: IO[bytes] = open(self._path + ".part", "wb")  # noqa: SIM115 - closed in close()
        elif hasattr(destination, "write"):
            self._file = destination
        else:
            raise TypeError(f"destination must be a path or a binary file object, got {type(destination).__name__}")
        self._seen: Set[str] = set()
        self.custom_ids: List[str] = []
        self._endpoint: Optional[str] = None
        self.bytes_written = 0
        self._closed = False

    def write(self, line: BatchInputLine) -> str:
        """Write one line; returns its ``custom_id``. Refuses a repeated id or a second endpoint."""
        if self._closed:
            raise ValueError("the batch input writer is closed")
        if line.custom_id in self._seen:
            raise ValueError(f"duplicate custom_id {line.custom_id!r}: every request in a batch needs its own")
        if self._endpoint is not None and line.url != self._endpoint:
            raise ValueError(
                f"a batch runs against one endpoint: this file is for {self._endpoint}, not {line.url}"
            )
        data = line.to_json() + b"\n"
        self._file.write(data)
        self._endpoint = line.url
        self._seen.add(line.custom_id)
        self.custom_ids.append(line.custom_id)
        self.bytes_written += len(data)
        return line.custom_id

    @property
    def endpoint(self) -> str:
        """The endpoint of the file's requests, for ``batches.create(endpoint=...)``."""
        if self._endpoint is None:
            raise ValueError("no request was written yet, so the batch has no endpoint")
        return self._endpoint

    def add_chat_completion(
        self, request: Union[ChatCompletionRequest, Mapping[str, Any]], *, custom_id: Optional[str] = None
    ) -> str:
        return self.write(BatchInputLine.chat_completion(request, custom_id=custom_id))

    def add_completion(
        self, request: Union[CompletionRequest, Mapping[str, Any]], *, custom_id: Optional[str] = None
    ) -> str:
        return self.write(BatchInputLine.completion(request, custom_id=custom_id))

    def add_response(self, request: Mapping[str, Any], *, custom_id: Optional[str] = None) -> str:
        return self.write(BatchInputLine.response(request, custom_id=custom_id))

    def add_embedding(
        self,
        *,
        input: Union[str, List[str], List[int], List[List[int]]],
        model: str,
        dimensions: Union[int, UnsetType] = UNSET,
        encoding_format: Union[str, UnsetType] = UNSET,
        user: Union[str, UnsetType] = UNSET,
        custom_id: Optional[str] = None,
    ) -> str:
        return self.write(BatchInputLine.embedding(
            input=input, model=model, dimensions=dimensions, encoding_format=encoding_format, user=user,
            custom_id=custom_id,
        ))

    def close(self, *, discard: bool = False) -> None:
        """Finish the file (rename ``.part`` into place), or with ``discard`` delete it."""
        if self._closed:
            return
        self._closed = True
        if self._path is None:
            self._file.flush()
            return
        self._file.close()
        if discard:
            os.unlink(self._path + ".part")
        else:
            os.replace(self._path + ".part", self._path)

    def __enter__(self) -> BatchInputWriter:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close(discard=exc_type is not None)


def write_batch_input(destination: Destination, lines: Iterable[BatchInputLine]) -> List[str]:
    """Write ``lines`` (a list or a generator, consumed one at a time) as a Batch input file;
    returns the ``custom_id`` of each line in order."""
    with BatchInputWriter(destination) as writer:
        for line in lines:
            writer.write(line)
    return writer.custom_ids


_decode_input_line = msgspec.json.Decoder(BatchInputLine).decode


def iter_batch_input(source: Source) -> Iterator[BatchInputLine]:
    """The lines of a Batch input file (a path, bytes, a binary file or a ``BinaryResponse``), one at
    a time; a line that is not a valid input line raises ``ValueError`` naming its line number."""
    if source is None:
        return
    for number, raw in enumerate(iter_lines(source), start=1):
        if raw.strip():
            try:
                yield _decode_input_line(raw)
            except msgspec.MsgspecError as exc:
                raise ValueError(f"line {number} is not a batch input line: {exc}") from exc
