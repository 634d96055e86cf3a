"""``upload_file_chunked``: a large file through ``/uploads`` in parts, with progress and resume.

The file is split into ``part_size`` ranges (64 MiB by default, as openai-python) that are streamed
from disk one after another (``FileUpload.part``: never more than a read chunk in memory), then
the upload is completed with the part ids and the md5 of the whole file, computed from the bytes
as they are sent (no second pass over the file).

Resume: when a part still fails after the session's retries, or ``on_progress`` raises (to cancel),
or the completion fails, the call raises ``UploadInterruptedError`` (that error as its cause) whose
``.state`` (a ``ChunkedUploadState``, JSON-serialisable) records the upload id and the parts
already sent; ``upload_file_chunked(..., resume=state)`` carries on from the next part. With
``state_path=`` the same state is also kept in a small JSON sidecar file, rewritten atomically
after every part, read at the start when it exists (so simply running the same call again
resumes, even after the process was killed) and removed on success.
Uploads expire an hour after creation; a resume after that fails with the server's error.
"""

from __future__ import annotations

import builtins
import hashlib
import os
from typing import TYPE_CHECKING, Any, Iterator, List, Mapping, Optional, Tuple, Union

import msgspec
from msgspec import UNSET, UnsetType

from .._errors import OpenAIError
from .._uploads.files import CHUNK_SIZE, FileUpload, to_file_upload
from ._params import SessionLike
from .uploads import complete, create, create_part

if TYPE_CHECKING:
    from .._uploads.progress import ProgressCallback
    from ..types.uploads import Upload

__all__ = ["DEFAULT_PART_SIZE", "ChunkedUploadState", "UploadInterruptedError", "upload_file_chunked"]

DEFAULT_PART_SIZE = 64 * 1024 * 1024  # openai-python's 67108864; the API's part limit


class ChunkedUploadState(msgspec.Struct, kw_only=True):
    """Where a chunked upload stands: enough to carry on without re-sending finished parts.

    ``msgspec.json.encode(state)`` / ``ChunkedUploadState.from_json(data)`` (or ``to_json``) round-trip it.
    ``sent_md5`` is the md5 of the bytes the finished parts hold: a resume checks the file still has
    them (``None`` in a state saved before it was kept: not checked).
    """

    upload_id: str
    file_size: int
    part_size: int
    part_ids: List[str] = msgspec.field(default_factory=list)
    filename: Optional[str] = None
    sent_md5: Optional[str] = None

    @property
    def bytes_sent(self) -> int:
        """Bytes of the file covered by the finished parts."""
        return min(len(self.part_ids) * self.part_size, self.file_size)

    def to_json(self) -> bytes:
        return msgspec.json.encode(self)

    @classmethod
    def from_json(cls, data: Union[bytes, str]) -> ChunkedUploadState:
        return msgspec.json.decode(data, type=cls)


class UploadInterruptedError(OpenAIError):
    """A chunked upload stopped part-way; ``state`` resumes it (``resume=err.state``).
    ``__cause__`` is the error that stopped it."""

    def __init__(self, message: str, *, state: ChunkedUploadState) -> None:
        super().__init__(message)
        self.state = state


class _HashedPart(FileUpload):
    """A part that, as it is sent, feeds the whole file's md5 (started from ``seed``, the hash of
    the parts before it) and reports progress across the whole file. Each attempt starts from the
    seed again, so a retried part is hashed once; ``digest`` is the last complete attempt's."""

    __slots__ = ("_seed", "_offset", "_file_size", "_on_progress", "digest")
    _seed: Any  # a hashlib object (its type is private before 3.11)
    _offset: int
    _file_size: int
    _on_progress: Optional[ProgressCallback]
    digest: Any

    @classmethod
    def of(
        cls, piece: FileUpload, seed: Any, offset: int, file_size: int, on_progress: Optional[ProgressCallback]
    ) -> _HashedPart:
        part = object.__new__(cls)
        for slot in FileUpload.__slots__:
            setattr(part, slot, getattr(piece, slot))
        part._seed, part._offset, part._file_size, part._on_progress = seed, offset, file_size, on_progress
        part.digest = None
        return part

    def chunks(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        running = self._seed.copy()
        done = self._offset
        for chunk in super().chunks(chunk_size):
            running.update(chunk)
            yield chunk  # resumed once the transport has taken it
            done += len(chunk)
            if self._on_progress is not None:
                self._on_progress(done, self._file_size)
        self.digest = running


def upload_file_chunked(
    session: SessionLike,
    /,
    *,
    file: Union[str, os.PathLike[str], builtins.bytes, FileUpload],
    mime_type: str,
    purpose: str,
    filename: Optional[str] = None,
    bytes: Optional[int] = None,
    part_size: Optional[int] = None,
    md5: Union[str, UnsetType, None] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    resume: Optional[ChunkedUploadState] = None,
    state_path: Union[str, os.PathLike[str], None] = None,
    expires_after: Union[Mapping[str, Any], UnsetType] = UNSET,
) -> Upload:
    """Upload ``file`` (a path, ``str`` or ``Path``; bytes; or a ``FileUpload``) through ``/uploads``
    in parts of ``part_size`` bytes (default 64 MiB), sent one after another, and complete it.

    ``md5``: left out, the md5 of the whole file is computed while sending and passed to
    ``complete``; a str is sent as given; ``None`` sends none. ``on_progress(sent, total)`` counts
    file bytes across all parts. ``resume=`` (a ``ChunkedUploadState`` from
    ``UploadInterruptedError.state``) or ``state_path=`` (a JSON sidecar, see the module docs)
    carry on an interrupted upload of the same file; the file size, the part size and the bytes
    already sent must match (``ValueError`` otherwise).
    Returns the completed ``Upload`` (its ``file`` is the new file).
    """
    upload = FileUpload.from_path(file) if isinstance(file, str) else to_file_upload(file, "file")
    if isinstance(file, builtins.bytes) and filename is None:
        raise TypeError("The `filename` argument must be given for in-memory files")
    size = upload.size
    if bytes is not None and bytes != size:
        raise ValueError(f"bytes={bytes} does not match the file's size of {size} bytes")
    sidecar = None if state_path is None else os.fspath(state_path)
    if resume is None and sidecar is not None and os.path.exists(sidecar):
        with open(sidecar, "rb") as handle:
            resume = ChunkedUploadState.from_json(handle.read())
    if part_size is None:
        part_size = resume.part_size if resume is not None else DEFAULT_PART_SIZE
    if part_size <= 0:
        raise ValueError("part_size must be a positive number of bytes")
    if resume is None:
        name = filename or upload.filename
        created = create(
            session, bytes=size, filename=name, mime_type=mime_type, purpose=purpose, expires_after=expires_after
        )
        running = _hash_prefix(upload, 0)
        state = ChunkedUploadState(
            upload_id=created.id, file_size=size, part_size=part_size, filename=name, sent_md5=running.hexdigest()
        )
        _save(sidecar, state)
    else:
        state, running = _resumed(resume, upload, part_size)
    running = _send_parts(session, upload, state, running, sidecar=sidecar, on_progress=on_progress)
    checksum = running.hexdigest() if md5 is UNSET else md5
    try:
        done = complete(session, state.upload_id, part_ids=state.part_ids,
                        md5=UNSET if checksum is None else checksum)
    except OpenAIError as exc:
        raise _interrupted(state, "completing the upload failed") from exc
    if sidecar is not None and os.path.exists(sidecar):
        os.remove(sidecar)
    return done


def _resumed(resume: ChunkedUploadState, upload: FileUpload, part_size: int) -> Tuple[ChunkedUploadState, Any]:
    """The state to carry on from, checked against the file, and the md5 of the bytes already sent."""
    state = _checked_resume(resume, upload.size, part_size)
    running = _hash_prefix(upload, state.bytes_sent)  # from disk: no network
    if state.sent_md5 is not None and running.hexdigest() != state.sent_md5:
        # The server holds the old bytes of the finished parts: carrying on would complete a
        # file made of two versions (silently so with md5=None).
        raise ValueError(
            f"cannot resume upload {state.upload_id}: the file's first {state.bytes_sent} bytes have "
            "changed since they were sent; start a new upload"
        )
    return state, running


def _send_parts(
    session: SessionLike,
    upload: FileUpload,
    state: ChunkedUploadState,
    running: Any,
    *,
    sidecar: Optional[str],
    on_progress: Optional[ProgressCallback],
) -> Any:
    """Send the parts after ``state.bytes_sent``, recording each in ``state`` (and the sidecar);
    returns the md5 of the whole file."""
    size = upload.size
    if on_progress is not None:
        on_progress(state.bytes_sent, size)
    offset = state.bytes_sent
    while offset < size:
        length = min(state.part_size, size - offset)
        part = _HashedPart.of(upload.part(offset, length), running, offset, size, on_progress)
        try:
            sent = create_part(session, state.upload_id, data=part)
        except Exception as exc:  # also on_progress raising to cancel: the state is what resumes it
            raise _interrupted(state, f"part {len(state.part_ids) + 1} failed") from exc
        running = part.digest
        state.part_ids.append(sent.id)
        state.sent_md5 = running.hexdigest()
        _save(sidecar, state)
        offset += length
    return running


def _hash_prefix(upload: FileUpload, length: int) -> Any:
    """The md5 of the file's first ``length`` bytes, read from its source."""
    # ``usedforsecurity=False``: an integrity check, which FIPS builds allow (they refuse plain md5).
    digest = hashlib.md5(usedforsecurity=False)
    if length:
        for chunk in upload.part(0, length).chunks():
            digest.update(chunk)
    return digest


def _checked_resume(resume: ChunkedUploadState, size: int, part_size: int) -> ChunkedUploadState:
    if resume.file_size != size:
        raise ValueError(
            f"cannot resume upload {resume.upload_id}: it was started for {resume.file_size} bytes, "
            f"the file now has {size}"
        )
    if resume.part_size != part_size:
        raise ValueError(
            f"cannot resume upload {resume.upload_id} with part_size={part_size}: it was started with "
            f"part_size={resume.part_size}"
        )
    if len(resume.part_ids) > -(-size // part_size):  # more parts than the file can have
        raise ValueError(f"cannot resume upload {resume.upload_id}: it records more parts than the file has")
    return msgspec.structs.replace(resume, part_ids=builtins.list(resume.part_ids))


def _interrupted(state: ChunkedUploadState, what: str) -> UploadInterruptedError:
    copy = msgspec.structs.replace(state, part_ids=builtins.list(state.part_ids))
    return UploadInterruptedError(
        f"Upload {state.upload_id} interrupted: {what} after {len(state.part_ids)} part(s) "
        f"({state.bytes_sent} of {state.file_size} bytes) were sent; pass resume=error.state to carry on.",
        state=copy,
    )


def _save(sidecar: Optional[str], state: ChunkedUploadState) -> None:
    """Write the state next to where it is kept, then rename: a crash never leaves half a file."""
    if sidecar is None:
        return
    partial = f"{sidecar}.tmp"
    with open(partial, "wb") as handle:
        handle.write(state.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, sidecar)
