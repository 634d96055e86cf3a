"""API conformance of the Files and Uploads APIs: every ``/files`` and ``/uploads`` endpoint against
the Steady mock, with zero spec diagnostics.

The mock validates multipart field names and types and JSON bodies, and answers with values
generated from the schemas (random ids and statuses), so the results prove the types decode what
the spec allows; ``/files/{id}/content`` answers a few bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mock_api import MockAPICheck

from openai_compat import BinaryResponse, FileUpload, SyncCursorPage
from openai_compat.resources import files, uploads, uploads_chunked
from openai_compat.types.files import FileDeleted, FileObject, expires_after
from openai_compat.types.uploads import Upload, UploadPart

pytestmark = pytest.mark.mock_api

JSONL = b'{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n'


def assert_file(result: object) -> None:
    assert isinstance(result, FileObject) and isinstance(result.id, str) and isinstance(result.bytes, int)


def assert_upload(result: object) -> None:
    assert isinstance(result, Upload) and isinstance(result.id, str)
    assert result.file is None or isinstance(result.file, FileObject)


def test_files_create(mock_api: MockAPICheck, tmp_path: Path) -> None:
    session = mock_api.session()
    path = tmp_path / "batch.jsonl"
    path.write_bytes(JSONL)
    progress: list[int] = []
    assert_file(files.create(session, file=path, purpose="batch", on_progress=lambda d, t: progress.append(d)))
    assert_file(files.create(session, file=("a.jsonl", JSONL, "application/jsonl"), purpose="fine-tune",
                             expires_after=expires_after(3600)))
    assert_file(files.create(session, file=FileUpload.from_path(str(path)), purpose="user_data"))
    assert progress and progress[-1] > len(JSONL)
    mock_api.assert_valid()


def test_files_list(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    page = files.list(session)
    assert isinstance(page, SyncCursorPage)
    for item in page.data:
        assert_file(item)
    files.list(session, purpose="batch", limit=20, order="asc", after="file-abc")
    mock_api.assert_valid()


def test_files_retrieve_and_delete(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_file(files.retrieve(session, "file-abc"))
    deleted = files.delete(session, "file-abc")
    assert isinstance(deleted, FileDeleted) and isinstance(deleted.deleted, bool)
    mock_api.assert_valid()


def test_files_content(mock_api: MockAPICheck, tmp_path: Path) -> None:
    session = mock_api.session()
    with files.content(session, "file-abc") as content:
        assert isinstance(content, BinaryResponse) and content.status_code == 200
        written = content.write_to_file(tmp_path / "content.bin")
    assert (tmp_path / "content.bin").stat().st_size == written
    assert isinstance(files.content(session, "file-abc").content, bytes)
    with pytest.warns(DeprecationWarning):
        assert isinstance(files.retrieve_content(session, "file-abc"), str)
    mock_api.assert_valid()


def test_uploads_endpoints(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_upload(uploads.create(session, bytes=len(JSONL), filename="batch.jsonl", mime_type="text/jsonl",
                                 purpose="batch"))
    assert_upload(uploads.create(session, bytes=10, filename="a.jsonl", mime_type="text/jsonl", purpose="fine-tune",
                                 expires_after=expires_after(7200)))
    part = uploads.create_part(session, "upload_abc", data=JSONL)
    assert isinstance(part, UploadPart) and isinstance(part.id, str)
    assert_upload(uploads.complete(session, "upload_abc", part_ids=["part_1", "part_2"], md5="d41d8cd98f00b204"))
    assert_upload(uploads.complete(session, "upload_abc", part_ids=["part_1"]))
    assert_upload(uploads.cancel(session, "upload_abc"))
    mock_api.assert_valid()


def test_upload_file_chunked(mock_api: MockAPICheck, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(JSONL * 40)
    progress: list[int] = []
    done = uploads_chunked.upload_file_chunked(
        mock_api.session(), file=path, mime_type="text/jsonl", purpose="fine-tune", part_size=1024,
        on_progress=lambda d, t: progress.append(d),
    )
    assert_upload(done)
    assert progress[0] == 0 and progress[-1] == len(JSONL) * 40
    mock_api.assert_valid()
