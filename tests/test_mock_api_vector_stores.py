"""API conformance of the Vector Stores API: every ``/vector_stores`` endpoint (stores, search, files,
file content, file batches and their files) against the Steady mock, with zero spec diagnostics.

The mock answers with bodies generated from the spec (random values, random statuses), so the poll
helpers run on an injected clock with a small ``max_wait_seconds``: they end at a terminal status
or with ``TimeoutError``, and either way every request they sent must match the spec.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, List, Tuple

import pytest
from mock_api import MockAPICheck

from openai_compat import Client, RetryPolicy, Session, SyncCursorPage
from openai_compat.resources import vector_store_file_batches, vector_store_files, vector_stores
from openai_compat.types.vector_store_files import (
    TERMINAL_STATUSES,
    FileChunkingStrategy,
    UnknownFileChunkingStrategy,
    VectorStoreFile,
    VectorStoreFileBatch,
    VectorStoreFileContentPage,
    VectorStoreFileDeleted,
)
from openai_compat.types.vector_store_params import (
    ComparisonOperator,
    ComparisonValue,
    auto_chunking,
    batch_file,
    compare,
    static_chunking,
)
from openai_compat.types.vector_stores import VectorStore, VectorStoreDeleted, VectorStoreSearchPage

pytestmark = pytest.mark.mock_api

KNOWN_STRATEGIES = tuple(FileChunkingStrategy.members.values())  # type: ignore[attr-defined]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def polling_session(mock_api: MockAPICheck) -> Session:
    clock = FakeClock()
    session: Session = mock_api.session(retry_policy=RetryPolicy(clock=clock.clock, sleep=clock.sleep))
    return session


def assert_store(store: object) -> None:
    assert isinstance(store, VectorStore) and isinstance(store.id, str)
    assert isinstance(store.file_counts.total, int) and isinstance(store.status, str)


def assert_files(files: List[VectorStoreFile]) -> None:
    for file in files:
        assert isinstance(file, VectorStoreFile) and isinstance(file.status, str)
        if file.chunking_strategy is not None:
            assert isinstance(file.chunking_strategy, (*KNOWN_STRATEGIES, UnknownFileChunkingStrategy))


def test_vector_stores_create(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_store(vector_stores.create(session))
    assert_store(vector_stores.create(
        session, name="docs", description="Product docs", file_ids=["file-abc"], chunking_strategy=static_chunking(),
        expires_after={"anchor": "last_active_at", "days": 7}, metadata={"team": "search"},
    ))
    assert_store(vector_stores.create(session, file_ids=["file-abc"], chunking_strategy=auto_chunking(), metadata=None))
    mock_api.assert_valid()


def test_vector_stores_retrieve_update_delete(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_store(vector_stores.retrieve(session, "vs_abc123"))
    assert_store(vector_stores.update(session, "vs_abc123", name="renamed", metadata={"a": "b"},
                                      expires_after={"anchor": "last_active_at", "days": 30}))
    # ``expires_after=None`` is left out: the spec marks it nullable through ``allOf`` + ``nullable``,
    # which the mock does not read as nullable (warning E5001); the unit tests check it is sent as null.
    assert_store(vector_stores.update(session, "vs_abc123", name=None, metadata=None))
    deleted = vector_stores.delete(session, "vs_abc123")
    assert isinstance(deleted, VectorStoreDeleted) and isinstance(deleted.deleted, bool)
    mock_api.assert_valid()


def test_vector_stores_list(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    page = vector_stores.list(session, limit=2, order="asc", after="vs_a", before="vs_z")
    assert isinstance(page, SyncCursorPage)
    for store in page.data:
        assert_store(store)
    if page.has_next_page():  # the mock's has_more is random
        for store in page.get_next_page().data:
            assert_store(store)
    mock_api.assert_valid()


def test_vector_stores_search(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    # Only comparison filters here: the spec's CompoundFilter discriminates its nested filters by
    # ``type`` without a mapping, so the mock wants the schema names ("ComparisonFilter") as types
    # and answers every real compound filter ("eq" inside "and") with E3011. The unit tests check
    # the compound shapes (``all_of``/``any_of``).
    results = vector_stores.search(
        session, "vs_abc123", query="refund policy", filters=compare("region", ComparisonOperator.EQ, "eu"),
        max_num_results=5, rewrite_query=True, ranking_options={"ranker": "auto", "score_threshold": 0.2},
    )
    assert isinstance(results, VectorStoreSearchPage)
    for hit in results:
        assert isinstance(hit.score, float) and all(isinstance(part.text, str) for part in hit.content)
    assert isinstance(vector_stores.search(session, "vs_abc123", query=["a", "b"]), VectorStoreSearchPage)
    cases: List[Tuple[str, ComparisonValue]] = [(ComparisonOperator.LT, 3.5), (ComparisonOperator.NIN, ["a", 1]),
                                                ("ne", True)]
    for operator, value in cases:
        filters = compare("n", operator, value)
        assert isinstance(vector_stores.search(session, "vs_abc123", query="q", filters=filters), VectorStoreSearchPage)
    mock_api.assert_valid()


def test_vector_store_files_endpoints(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    created = vector_store_files.create(session, "vs_abc123", file_id="file-abc123", attributes={"lang": "en", "v": 2,
                                        "draft": True}, chunking_strategy=static_chunking(400, 100))
    assert_files([created, vector_store_files.create(session, "vs_abc123", file_id="file-abc123")])
    assert_files([vector_store_files.retrieve(session, "file-abc123", vector_store_id="vs_abc123")])
    assert_files([vector_store_files.update(session, "file-abc123", vector_store_id="vs_abc123", attributes={"k": 1})])
    assert_files([vector_store_files.update(session, "file-abc123", vector_store_id="vs_abc123", attributes=None)])
    deleted = vector_store_files.delete(session, "file-abc123", vector_store_id="vs_abc123")
    assert isinstance(deleted, VectorStoreFileDeleted)
    page = vector_store_files.list(session, "vs_abc123", filter="completed", order="desc", limit=3, after="file-a",
                                   before="file-z")
    assert_files(page.data)
    content = vector_store_files.content(session, "file-abc123", vector_store_id="vs_abc123")
    assert isinstance(content, VectorStoreFileContentPage)
    assert all(piece.text is None or isinstance(piece.text, str) for piece in content)
    mock_api.assert_valid()


def test_vector_store_files_poll_helpers(mock_api: MockAPICheck) -> None:
    session = polling_session(mock_api)
    calls: List[Callable[[], Any]] = [
        lambda: vector_store_files.poll(session, "file-abc123", vector_store_id="vs_abc123", max_wait_seconds=3),
        lambda: vector_store_files.create_and_poll(session, "file-abc123", vector_store_id="vs_abc123",
                                                   poll_interval_ms=500, max_wait_seconds=2),
        lambda: vector_store_files.upload_and_poll(session, vector_store_id="vs_abc123", file=("notes.txt", b"Hello"),
                                                   attributes={"lang": "en"}, max_wait_seconds=2),
    ]
    for call in calls:
        # A TimeoutError means the mock's status stayed non-terminal: fine, the requests were checked.
        with contextlib.suppress(TimeoutError):
            assert call().status in TERMINAL_STATUSES
    assert_files([vector_store_files.upload(session, vector_store_id="vs_abc123", file=("a.md", b"# A"))])
    mock_api.assert_valid()


def test_vector_store_file_batches_endpoints(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    batch = vector_store_file_batches.create(session, "vs_abc123", file_ids=["file-a", "file-b"],
                                             attributes={"k": "v"}, chunking_strategy=auto_chunking())
    assert isinstance(batch, VectorStoreFileBatch) and isinstance(batch.file_counts.total, int)
    per_file = [batch_file("file-a", attributes={"k": 1}, chunking_strategy=static_chunking()), batch_file("file-b")]
    assert isinstance(vector_store_file_batches.create(session, "vs_abc123", files=per_file), VectorStoreFileBatch)
    assert isinstance(vector_store_file_batches.retrieve(session, "vsfb_abc123", vector_store_id="vs_abc123"),
                      VectorStoreFileBatch)
    assert isinstance(vector_store_file_batches.cancel(session, "vsfb_abc123", vector_store_id="vs_abc123"),
                      VectorStoreFileBatch)
    files = vector_store_file_batches.list_files(session, "vsfb_abc123", vector_store_id="vs_abc123", filter="failed",
                                                 limit=2, order="asc", after="file-a", before="file-z")
    assert_files(files.data)
    mock_api.assert_valid()


def test_vector_store_file_batches_poll_helpers(mock_api: MockAPICheck) -> None:
    session = polling_session(mock_api)
    calls: List[Callable[[], Any]] = [
        lambda: vector_store_file_batches.poll(session, "vsfb_abc123", vector_store_id="vs_abc123", max_wait_seconds=3),
        lambda: vector_store_file_batches.create_and_poll(session, "vs_abc123", file_ids=["file-a"],
                                                          max_wait_seconds=2),
        lambda: vector_store_file_batches.upload_and_poll(
            session, "vs_abc123", files=[("a.txt", b"A"), ("b.txt", b"B"), ("c.txt", b"C")], max_concurrency=2,
            file_ids=["file-old"], max_wait_seconds=2,
        ),
    ]
    for call in calls:
        with contextlib.suppress(TimeoutError):
            assert call().status in TERMINAL_STATUSES
    mock_api.assert_valid()


def test_vector_stores_through_the_client(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    assert_store(client.vector_stores.retrieve("vs_abc123"))
    assert_files(client.vector_stores.files.list("vs_abc123", limit=1).data)
    assert isinstance(client.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_abc123"),
                      VectorStoreFileBatch)
    mock_api.assert_valid()
