"""File inputs for uploads: a ``FileUpload`` reads its bytes when the request is sent, in chunks.

Accepted everywhere a file goes (``file=``, ``image=``, ...):

- ``pathlib.Path`` (any ``os.PathLike``) or ``FileUpload.from_path("a.jsonl")``: opened when sent,
  read in chunks, closed after; a retry opens it again. A path that is not a regular file (a named
  pipe, ``/dev/stdin``) is read into memory once, like a file object that cannot seek.
- ``bytes``: sent as is, with the filename ``upload``.
- a binary file object (``open(p, "rb")``, ``io.BytesIO``): read from its current position; a
  retry seeks back there. One that cannot seek (a pipe) is read into memory once, since its size
  must be known up front and a retry must send it again.
- a tuple ``(filename, content[, content_type[, headers]])`` with any of the above as content.

A plain ``str`` is refused: it could be a path or the content, and guessing wrong uploads the
wrong thing. The part's content type comes from the filename (``mimetypes``).
"""

from __future__ import annotations

import io
import mimetypes
import os
import stat
from typing import IO, Dict, Iterator, Mapping, Optional, Tuple, Union

from .._errors import OpenAIError

__all__ = [
    "CHUNK_SIZE",
    "FileChangedError",
    "FileContent",
    "FileInput",
    "FileUpload",
    "file_from_path",
    "to_file_upload",
]

# Big enough that a 1 GiB upload is a few thousand socket writes, small enough to keep memory flat.
CHUNK_SIZE = 256 * 1024

FileContent = Union[bytes, bytearray, memoryview, IO[bytes], "os.PathLike[str]", "FileUpload"]
FileInput = Union[
    FileContent,
    Tuple[str, FileContent],
    Tuple[str, FileContent, Optional[str]],
    Tuple[str, FileContent, Optional[str], Mapping[str, str]],
]


class FileChangedError(OpenAIError):
    """A file being uploaded shrank or vanished after its size was taken.

    Not an ``OSError`` on purpose: the HTTP libraries would take that for a network failure and
    the call would be retried, re-reading a file that is still wrong. The request is abandoned
    before its (short) body is complete, so the server never sees a truncated upload as whole.
    """


class FileUpload:
    """One file to upload, or a byte range of one (an upload part).

    Nothing is read until the request is sent; ``size`` is known up front.
    """

    __slots__ = ("filename", "content_type", "headers", "_path", "_data", "_file", "_start", "_size", "_to_end")

    def __init__(
        self,
        content: Union[bytes, bytearray, memoryview, IO[bytes], os.PathLike[str]],
        *,
        filename: Optional[str] = None,
        content_type: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self._path: Optional[str] = None
        self._data: Optional[bytes] = None
        self._file: Optional[IO[bytes]] = None
        self._start = 0
        self._to_end = True  # the bytes run to the end of the file: more there means it grew
        if isinstance(content, (bytes, bytearray, memoryview)):
            self._data = bytes(content)
            self._size = len(self._data)
            default_name = "upload"
        elif isinstance(content, os.PathLike):
            path = os.fspath(content)
            default_name = os.path.basename(path)
            info = os.stat(path)
            if stat.S_ISREG(info.st_mode):
                self._path = path
                self._size = info.st_size
            else:
                # A pipe or device (``/dev/stdin`` fed by a pipe) has no size and cannot be read
                # twice: it is read once, as a file object that cannot seek is.
                with open(path, "rb") as handle:
                    self._data = _read_all(handle)
                self._size = len(self._data)
        elif hasattr(content, "read"):
            default_name = _file_name(content)
            if _seekable(content):
                self._file = content
                self._start = content.tell()
                self._size = content.seek(0, io.SEEK_END) - self._start
                content.seek(self._start)
            else:
                self._data = _read_all(content)
                self._size = len(self._data)
        else:
            raise TypeError(
                f"cannot upload a {type(content).__name__}: give bytes, a binary file object, a pathlib.Path "
                "or FileUpload.from_path(...)"
            )
        self.filename = filename if filename is not None else default_name
        self.content_type = content_type or guess_content_type(self.filename)
        self.headers: Dict[str, str] = dict(headers or {})

    @classmethod
    def from_path(
        cls, path: Union[str, os.PathLike[str]], *, filename: Optional[str] = None, content_type: Optional[str] = None
    ) -> FileUpload:
        """A file on disk, by ``str`` or ``Path``; opened when the request is sent."""
        return cls(_AsPath(os.fspath(path)), filename=filename, content_type=content_type)

    @property
    def size(self) -> int:
        """The number of bytes that will be sent."""
        return self._size

    def part(self, offset: int, length: int) -> FileUpload:
        """The bytes ``[offset, offset + length)`` of this file, as a file of their own (same name
        and type); nothing is read until it is sent."""
        if offset < 0 or length < 0 or offset + length > self._size:
            raise ValueError(f"part [{offset}, {offset + length}) lies outside the file's {self._size} bytes")
        piece = object.__new__(FileUpload)
        piece.filename, piece.content_type, piece.headers = self.filename, self.content_type, dict(self.headers)
        piece._path, piece._file = self._path, self._file
        piece._data = None if self._data is None else self._data[offset : offset + length]
        piece._start = self._start + offset if self._data is None else 0
        piece._size = length
        piece._to_end = self._to_end and offset + length == self._size
        return piece

    def renamed(
        self, filename: str, *, content_type: Optional[str] = None, headers: Optional[Mapping[str, str]] = None
    ) -> FileUpload:
        """The same bytes under another filename (the content type follows the new name unless given)."""
        copy = self.part(0, self._size)
        copy.filename = filename
        copy.content_type = content_type or guess_content_type(filename)
        copy.headers.update(headers or {})
        return copy

    def chunks(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The bytes, from the start, in chunks of at most ``chunk_size``. Raises ``FileChangedError``
        if the file has shrunk or grown (or a path vanished) since its size was taken, rather than
        send a short or cut body."""
        if self._data is not None:
            view = memoryview(self._data)
            for offset in range(0, self._size, chunk_size):
                yield bytes(view[offset : offset + chunk_size])
            return
        if self._path is not None:
            try:
                handle = open(self._path, "rb")  # noqa: SIM115 (closed by the ``with`` below)
            except OSError as exc:
                raise FileChangedError(f"{self.filename!r} could not be opened for the upload: {exc}") from exc
            with handle:
                yield from self._read_range(handle, chunk_size)
            return
        assert self._file is not None
        yield from self._read_range(self._file, chunk_size)

    def _read_range(self, handle: IO[bytes], chunk_size: int) -> Iterator[bytes]:
        handle.seek(self._start)
        remaining = self._size
        while remaining:
            chunk = handle.read(min(chunk_size, remaining))
            if not chunk:
                raise FileChangedError(
                    f"{self.filename!r} ended {remaining} bytes early: the file changed while it was being uploaded"
                )
            remaining -= len(chunk)
            yield chunk
        if self._to_end and handle.read(1):
            # Sending the old length would cut the file silently (a log still being written, a
            # /proc file that reports size 0): say so instead.
            raise FileChangedError(
                f"{self.filename!r} grew while it was being uploaded (more than the {self._size} bytes it had "
                "when the upload began); upload it once it is complete, or read it into bytes first"
            )

    def read(self) -> bytes:
        """All the bytes in memory (small files and tests)."""
        return b"".join(self.chunks())

    def __repr__(self) -> str:
        return f"<FileUpload {self.filename!r} {self._size} bytes {self.content_type}>"


class _AsPath(os.PathLike):  # type: ignore[type-arg]
    """A ``str`` path the caller declared a path (through ``from_path``), so it is not refused."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return self.path


def file_from_path(path: Union[str, os.PathLike[str]]) -> FileUpload:
    """openai-python's helper of the same name: a file on disk, streamed when sent."""
    return FileUpload.from_path(path)


def to_file_upload(value: object, field: str) -> FileUpload:
    """Turn any accepted file input into a ``FileUpload``; a clear ``TypeError`` names the field otherwise."""
    if isinstance(value, FileUpload):
        return value
    if isinstance(value, tuple) and 2 <= len(value) <= 4 and isinstance(value[0], str):
        filename, content = value[0], value[1]
        content_type = value[2] if len(value) > 2 else None
        headers = value[3] if len(value) > 3 else None
        if isinstance(content, FileUpload):
            return content.renamed(filename, content_type=content_type, headers=headers)
        return FileUpload(_checked(content, field), filename=filename, content_type=content_type, headers=headers)
    return FileUpload(_checked(value, field))


def _checked(value: object, field: str) -> Union[bytes, IO[bytes], os.PathLike[str]]:
    if isinstance(value, str):
        raise TypeError(
            f"{field!r} got a str: pass pathlib.Path(...) or FileUpload.from_path(...) for a file on disk, "
            "or bytes (text.encode()) for content in memory"
        )
    if isinstance(value, io.TextIOBase):
        raise TypeError(f"{field!r} got a file opened in text mode: open it with 'rb'")
    if isinstance(value, (bytes, bytearray, memoryview, os.PathLike)) or hasattr(value, "read"):
        return value  # type: ignore[return-value]
    raise TypeError(
        f"{field!r} must be bytes, a binary file object, a pathlib.Path, a FileUpload or a "
        f"(filename, content[, content_type]) tuple, not {type(value).__name__}"
    )


def guess_content_type(filename: str) -> str:
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"


def _file_name(handle: object) -> str:
    name = getattr(handle, "name", None)
    return os.path.basename(name) if isinstance(name, str) and name else "upload"


def _seekable(handle: IO[bytes]) -> bool:
    try:
        return bool(handle.seekable())
    except (AttributeError, ValueError, OSError):
        return False


def _read_all(handle: IO[bytes]) -> bytes:
    data: object = handle.read()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("the file object returned str: open it in binary mode ('rb')")
    return bytes(data)
