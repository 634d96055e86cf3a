"""Vector stores, their files and file batches against a MockTransport: exact requests (method,
URL, headers, body, query), decoded results, cursor pagination, and the poll helpers with an
injected clock (``openai-poll-after-ms``, ``poll_interval_ms``, ``max_wait_seconds``).
The upload helpers are in ``test_vector_stores_upload.py``."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

import pytest

from openai_compat import Client, RetryPolicy, Session
from openai_compat.resources import vector_store_file_batches, vector_store_files, vector_stores
from openai_compat.testing import MockTransport, json_response, request_json
from openai_compat.types.vector_store_files import (
    OtherFileChunkingStrategyObject,
    StaticFileChunkingStrategyObject,
    UnknownFileChunkingStrategy,
    VectorStoreFile,
    VectorStoreFileBatch,
    VectorStoreFileDeleted,
    VectorStoreFileStatus,
)
from openai_compat.types.vector_store_params import (
    ComparisonOperator,
    all_of,
    any_of,
    auto_chunking,
    batch_file,
    compare,
    static_chunking,
)
from openai_compat.types.vector_stores import VectorStore, VectorStoreDeleted, VectorStoreStatus

BASE = "https://api.openai.com/v1"
STORE = {
    "id": "vs_1", "object": "vector_store", "created_at": 1700000000, "name": "docs", "usage_bytes": 2048,
    "file_counts": {"in_progress": 1, "completed": 2, "failed": 0, "cancelled": 0, "total": 3},
    "status": "in_progress", "expires_after": {"anchor": "last_active_at", "days": 7}, "expires_at": None,
    "last_active_at": 1700000100, "metadata": {"team": "search"},
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0
        self.sleeps: List[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def session_for(*responses: Any, clock: Optional[FakeClock] = None) -> Tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    policy = RetryPolicy(clock=clock.clock, sleep=clock.sleep) if clock else None
    return Session(api_key="sk-test", base_url=BASE, transport=transport, retry_policy=policy), transport


def vs_file(file_id: str = "file-1", status: str = "completed", **extra: Any) -> Dict[str, Any]:
    return {"id": file_id, "object": "vector_store.file", "usage_bytes": 10, "created_at": 1700000000,
            "vector_store_id": "vs_1", "status": status, "last_error": None, **extra}


def file_batch(status: str = "in_progress") -> Dict[str, Any]:
    counts = {"in_progress": 1, "completed": 1, "failed": 0, "cancelled": 0, "total": 2}
    return {"id": "vsfb_1", "object": "vector_store.files_batch", "created_at": 1700000000, "vector_store_id": "vs_1",
            "status": status, "file_counts": counts}


def page(items: List[Dict[str, Any]], has_more: bool) -> Dict[str, Any]:
    return {"object": "list", "data": items, "first_id": items[0]["id"], "last_id": items[-1]["id"],
            "has_more": has_more}


def query_of(url: str) -> List[Tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_create_sends_only_what_was_given_with_the_beta_header() -> None:
    session, transport = session_for(json_response(STORE), json_response(STORE))
    store = vector_stores.create(
        session, name="docs", file_ids=("file-1", "file-2"), chunking_strategy=static_chunking(400, 100),
        expires_after={"anchor": "last_active_at", "days": 7}, metadata={"team": "search"}, description="d",
    )
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/vector_stores")
    assert request.headers["OpenAI-Beta"] == "assistants=v2"
    assert request_json(request) == {
        "name": "docs", "file_ids": ["file-1", "file-2"], "description": "d", "metadata": {"team": "search"},
        "chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 400, "chunk_overlap_tokens": 100}},
        "expires_after": {"anchor": "last_active_at", "days": 7},
    }
    assert isinstance(store, VectorStore) and store.status == VectorStoreStatus.IN_PROGRESS
    assert (store.file_counts.completed, store.file_counts.total, store.usage_bytes) == (2, 3, 2048)
    assert store.expires_after is not None and store.expires_after.days == 7
    assert store.metadata == {"team": "search"} and store.expires_at is None
    vector_stores.create(session, extra_headers={"OpenAI-Beta": "assistants=v3"})
    assert request_json(transport.requests[1]) == {}
    assert transport.requests[1].headers["OpenAI-Beta"] == "assistants=v3"


def test_retrieve_update_delete() -> None:
    deleted = {"id": "vs_1", "object": "vector_store.deleted", "deleted": True}
    session, transport = session_for(json_response(STORE), json_response(STORE), json_response(deleted))
    assert vector_stores.retrieve(session, "vs_1").id == "vs_1"
    vector_stores.update(session, "vs_1", name="renamed", expires_after=None)
    result = vector_stores.delete(session, "vs_1")
    sent = [(r.method, r.url, r.body) for r in transport.requests]
    assert sent[0] == ("GET", f"{BASE}/vector_stores/vs_1", None)
    assert sent[1][:2] == ("POST", f"{BASE}/vector_stores/vs_1")
    assert request_json(transport.requests[1]) == {"name": "renamed", "expires_after": None}
    assert sent[2] == ("DELETE", f"{BASE}/vector_stores/vs_1", None)
    assert isinstance(result, VectorStoreDeleted) and result.deleted
    assert all(r.headers["OpenAI-Beta"] == "assistants=v2" for r in transport.requests)


def test_ids_are_escaped_and_checked() -> None:
    session, transport = session_for(json_response(vs_file()))
    vector_store_files.retrieve(session, "file 1", vector_store_id="vs/1")
    assert transport.last_request.url == f"{BASE}/vector_stores/vs%2F1/files/file%201"
    with pytest.raises(ValueError, match="vector_store_id"):
        vector_stores.retrieve(session, "")
    with pytest.raises(ValueError, match="batch_id"):
        vector_store_file_batches.retrieve(session, "..", vector_store_id="vs_1")
    assert len(transport.requests) == 1


def test_list_walks_the_pages_keeping_the_filters() -> None:
    first = page([{**STORE, "id": "vs_1"}, {**STORE, "id": "vs_2"}], has_more=True)
    second = page([{**STORE, "id": "vs_3"}], has_more=False)
    session, transport = session_for(json_response(first), json_response(second))
    listed = vector_stores.list(session, limit=2, order="asc", before="vs_9")
    assert [store.id for store in listed] == ["vs_1", "vs_2", "vs_3"]
    assert query_of(transport.requests[0].url) == [("before", "vs_9"), ("limit", "2"), ("order", "asc")]
    assert sorted(query_of(transport.requests[1].url)) == [("after", "vs_2"), ("before", "vs_9"), ("limit", "2"),
                                                           ("order", "asc")]
    assert transport.requests[1].headers["OpenAI-Beta"] == "assistants=v2"


def test_search_sends_filters_and_decodes_the_hits() -> None:
    hits = {
        "object": "vector_store.search_results.page", "search_query": ["refund policy"], "has_more": False,
        "next_page": None,
        "data": [{"file_id": "file-1", "filename": "policy.txt", "score": 0.91,
                  "attributes": {"region": "eu", "year": 2024, "draft": False},
                  "content": [{"type": "text", "text": "Refunds within 30 days."}]}],
    }
    session, transport = session_for(json_response(hits))
    filters = all_of(compare("region", ComparisonOperator.EQ, "eu"),
                     any_of(compare("year", "gte", 2024), compare("tag", ComparisonOperator.IN, ("a", "b"))))
    results = vector_stores.search(
        session, "vs_1", query=["refund policy"], filters=filters, max_num_results=5, rewrite_query=True,
        ranking_options={"ranker": "auto", "score_threshold": 0.5},
    )
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE}/vector_stores/vs_1/search")
    assert request_json(request) == {
        "query": ["refund policy"], "max_num_results": 5, "rewrite_query": True,
        "ranking_options": {"ranker": "auto", "score_threshold": 0.5},
        "filters": {"type": "and", "filters": [
            {"type": "eq", "key": "region", "value": "eu"},
            {"type": "or", "filters": [{"type": "gte", "key": "year", "value": 2024},
                                       {"type": "in", "key": "tag", "value": ["a", "b"]}]},
        ]},
    }
    [hit] = list(results)
    assert (hit.file_id, hit.filename, hit.score) == ("file-1", "policy.txt", 0.91)
    assert hit.attributes == {"region": "eu", "year": 2024, "draft": False}
    assert [part.text for part in hit.content] == ["Refunds within 30 days."]
    assert results.search_query == ["refund policy"] and results.has_more is False and not results.has_next_page()


def test_filter_helpers_refuse_what_the_spec_does_not_allow() -> None:
    with pytest.raises(ValueError, match="at least one"):
        all_of()
    with pytest.raises(TypeError, match="filter value"):
        compare("k", "eq", {"nested": 1})  # type: ignore[arg-type]
    assert auto_chunking() == {"type": "auto"}
    assert batch_file("file-1") == {"file_id": "file-1"}


def test_file_create_update_delete_content() -> None:
    content = {"object": "vector_store.file_content.page", "has_more": False, "next_page": None,
               "data": [{"type": "text", "text": "chunk one"}, {"type": "text", "text": "chunk two"}]}
    deleted = {"id": "file-1", "object": "vector_store.file.deleted", "deleted": True}
    session, transport = session_for(
        json_response(vs_file(status="in_progress")), json_response(vs_file(attributes={"a": 1})),
        json_response(deleted), json_response(content),
    )
    created = vector_store_files.create(session, "vs_1", file_id="file-1", attributes={"region": "eu", "n": 2},
                                        chunking_strategy=auto_chunking())
    assert request_json(transport.requests[0]) == {"file_id": "file-1", "attributes": {"region": "eu", "n": 2},
                                                   "chunking_strategy": {"type": "auto"}}
    assert transport.requests[0].url == f"{BASE}/vector_stores/vs_1/files"
    assert isinstance(created, VectorStoreFile) and created.status == VectorStoreFileStatus.IN_PROGRESS
    updated = vector_store_files.update(session, "file-1", vector_store_id="vs_1", attributes={"a": 1})
    assert (transport.requests[1].method, transport.requests[1].url) == (
        "POST", f"{BASE}/vector_stores/vs_1/files/file-1")
    assert request_json(transport.requests[1]) == {"attributes": {"a": 1}} and updated.attributes == {"a": 1}
    removed = vector_store_files.delete(session, "file-1", vector_store_id="vs_1")
    assert transport.requests[2].method == "DELETE" and isinstance(removed, VectorStoreFileDeleted) and removed.deleted
    pieces = vector_store_files.content(session, "file-1", vector_store_id="vs_1")
    assert transport.requests[3].url == f"{BASE}/vector_stores/vs_1/files/file-1/content"
    assert [piece.text for piece in pieces] == ["chunk one", "chunk two"] and pieces.next_page is None


def test_file_list_filters_and_pages() -> None:
    first = page([vs_file("file-1"), vs_file("file-2")], has_more=True)
    second = page([vs_file("file-3")], has_more=False)
    session, transport = session_for(json_response(first), json_response(second))
    files = list(vector_store_files.list(session, "vs_1", filter="completed", order="desc", after="file-0", limit=2))
    assert [file.id for file in files] == ["file-1", "file-2", "file-3"]
    assert urlsplit(transport.requests[0].url).path.endswith("/vector_stores/vs_1/files")
    assert query_of(transport.requests[0].url) == [("after", "file-0"), ("filter", "completed"), ("limit", "2"),
                                                   ("order", "desc")]
    assert ("after", "file-2") in query_of(transport.requests[1].url)
    assert ("filter", "completed") in query_of(transport.requests[1].url)


def test_chunking_strategy_and_last_error_decode() -> None:
    static = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
    failed = vs_file(status="failed", last_error={"code": "invalid_file", "message": "bad"}, chunking_strategy=static)
    session, _ = session_for(
        json_response(failed), json_response(vs_file(chunking_strategy={"type": "other"})),
        json_response(vs_file(chunking_strategy={"type": "semantic", "max_tokens": 9})),
    )
    first = vector_store_files.retrieve(session, "file-1", vector_store_id="vs_1")
    assert isinstance(first.chunking_strategy, StaticFileChunkingStrategyObject)
    assert first.chunking_strategy.static.max_chunk_size_tokens == 800
    assert first.last_error is not None and (first.last_error.code, first.last_error.message) == ("invalid_file", "bad")
    second = vector_store_files.retrieve(session, "file-1", vector_store_id="vs_1")
    assert isinstance(second.chunking_strategy, OtherFileChunkingStrategyObject)
    third = vector_store_files.retrieve(session, "file-1", vector_store_id="vs_1")
    assert isinstance(third.chunking_strategy, UnknownFileChunkingStrategy)
    assert third.chunking_strategy.raw == {"type": "semantic", "max_tokens": 9}
    assert third.to_dict()["chunking_strategy"] == {"type": "semantic", "max_tokens": 9}


def test_poll_follows_openai_poll_after_ms_and_sends_the_helper_header() -> None:
    clock = FakeClock()
    session, transport = session_for(
        json_response(vs_file(status="in_progress"), headers={"openai-poll-after-ms": "250"}),
        json_response(vs_file(status="in_progress")),  # no hint: the last one (250 ms) stays
        json_response(vs_file(status="in_progress"), headers={"openai-poll-after-ms": "2000"}),
        json_response(vs_file(status="completed")),
        clock=clock,
    )
    done = vector_store_files.poll(session, "file-1", vector_store_id="vs_1")
    assert done.status == VectorStoreFileStatus.COMPLETED
    assert clock.sleeps == [0.25, 0.25, 2.0]
    for request in transport.requests:
        assert (request.method, request.url) == ("GET", f"{BASE}/vector_stores/vs_1/files/file-1")
        assert request.headers["X-Stainless-Poll-Helper"] == "true"
        assert "X-Stainless-Custom-Poll-Interval" not in request.headers


def test_poll_waits_one_second_without_a_hint_and_the_callers_interval_wins() -> None:
    clock = FakeClock()
    session, transport = session_for(
        json_response(file_batch()), json_response(file_batch("failed")),
        json_response(file_batch(), headers={"openai-poll-after-ms": "5000"}), json_response(file_batch("cancelled")),
        clock=clock,
    )
    assert vector_store_file_batches.poll(session, "vsfb_1", vector_store_id="vs_1").status == "failed"
    assert clock.sleeps == [1.0]
    batch = vector_store_file_batches.poll(session, "vsfb_1", vector_store_id="vs_1", poll_interval_ms=40)
    assert batch.status == VectorStoreFileStatus.CANCELLED and clock.sleeps == [1.0, 0.04]
    assert transport.requests[2].headers["X-Stainless-Custom-Poll-Interval"] == "40"
    assert transport.requests[2].url == f"{BASE}/vector_stores/vs_1/file_batches/vsfb_1"


def test_poll_gives_up_at_max_wait_seconds() -> None:
    clock = FakeClock()
    busy = [json_response(vs_file(status="in_progress"), headers={"openai-poll-after-ms": "400"}) for _ in range(5)]
    session, transport = session_for(*busy, clock=clock)
    with pytest.raises(TimeoutError, match=r"file-1 of vector store vs_1 is still 'in_progress'.*max_wait_seconds"):
        vector_store_files.poll(session, "file-1", vector_store_id="vs_1", max_wait_seconds=1)
    # The last sleep is cut to the deadline, and one last get happens there.
    assert clock.sleeps == [0.4, 0.4, pytest.approx(0.2)]
    assert len(transport.requests) == 4 and clock.now == pytest.approx(51.0)


def test_poll_keeps_going_on_an_unknown_status_and_refuses_negative_waits() -> None:
    clock = FakeClock()
    session, transport = session_for(json_response(vs_file(status="queued")), json_response(vs_file()), clock=clock)
    assert vector_store_files.poll(session, "file-1", vector_store_id="vs_1").status == "completed"
    with pytest.raises(ValueError, match="poll_interval_ms"):
        vector_store_files.create_and_poll(session, "file-1", vector_store_id="vs_1", poll_interval_ms=-1)
    with pytest.raises(ValueError, match="max_wait_seconds"):
        vector_store_file_batches.create_and_poll(session, "vs_1", file_ids=["f"], max_wait_seconds=-1)
    assert len(transport.requests) == 2


def test_create_and_poll_returns_at_once_when_already_done() -> None:
    clock = FakeClock()
    session, transport = session_for(
        json_response(vs_file(status="completed")),
        json_response(vs_file(status="in_progress")), json_response(vs_file(status="failed")),
        clock=clock,
    )
    assert vector_store_files.create_and_poll(session, "file-1", vector_store_id="vs_1").status == "completed"
    assert len(transport.requests) == 1
    failed = vector_store_files.create_and_poll(session, "file-1", vector_store_id="vs_1", attributes={"a": True})
    assert failed.status == "failed"
    assert [(r.method, r.url) for r in transport.requests[1:]] == [
        ("POST", f"{BASE}/vector_stores/vs_1/files"), ("GET", f"{BASE}/vector_stores/vs_1/files/file-1"),
    ]
    assert request_json(transport.requests[1]) == {"file_id": "file-1", "attributes": {"a": True}}
    assert "X-Stainless-Poll-Helper" not in transport.requests[1].headers


def test_file_batch_create_retrieve_cancel_list_files() -> None:
    clock = FakeClock()
    listing = page([vs_file("file-1"), vs_file("file-2")], has_more=False)
    session, transport = session_for(
        json_response(file_batch()), json_response(file_batch()), json_response(file_batch("cancelled")),
        json_response(listing), json_response(file_batch()), json_response(file_batch("completed")),
        clock=clock,
    )
    batch = vector_store_file_batches.create(session, "vs_1", file_ids=["file-1", "file-2"], attributes={"k": "v"},
                                             chunking_strategy=static_chunking())
    assert isinstance(batch, VectorStoreFileBatch) and batch.file_counts.total == 2
    assert request_json(transport.requests[0]) == {"file_ids": ["file-1", "file-2"], "attributes": {"k": "v"},
                                                   "chunking_strategy": static_chunking()}
    per_file = [batch_file("file-1", attributes={"k": 1}, chunking_strategy=auto_chunking()), {"file_id": "file-2"}]
    vector_store_file_batches.create(session, "vs_1", files=per_file)
    assert request_json(transport.requests[1]) == {"files": [
        {"file_id": "file-1", "attributes": {"k": 1}, "chunking_strategy": {"type": "auto"}}, {"file_id": "file-2"},
    ]}
    cancelled = vector_store_file_batches.cancel(session, "vsfb_1", vector_store_id="vs_1")
    assert (transport.requests[2].method, transport.requests[2].url, transport.requests[2].body) == (
        "POST", f"{BASE}/vector_stores/vs_1/file_batches/vsfb_1/cancel", None)
    assert cancelled.status == "cancelled"
    files = vector_store_file_batches.list_files(session, "vsfb_1", vector_store_id="vs_1", filter="failed", limit=5)
    assert [file.id for file in files] == ["file-1", "file-2"]
    assert urlsplit(transport.requests[3].url).path == "/v1/vector_stores/vs_1/file_batches/vsfb_1/files"
    assert query_of(transport.requests[3].url) == [("filter", "failed"), ("limit", "5")]
    done = vector_store_file_batches.create_and_poll(session, "vs_1", file_ids=["file-1"])
    assert done.status == "completed" and clock.sleeps == []  # the first get follows the create at once
    assert (transport.requests[5].method, transport.requests[5].url) == (
        "GET", f"{BASE}/vector_stores/vs_1/file_batches/vsfb_1")
    with pytest.raises(ValueError, match="file_ids or files"):
        vector_store_file_batches.create(session, "vs_1")
    assert len(transport.requests) == 6


def test_client_namespaces_are_imported_lazily() -> None:
    code = (
        "import sys, openai_compat\n"
        "assert 'openai_compat.resources.vector_stores' not in sys.modules\n"
        "client = openai_compat.Client(api_key='sk-test')\n"
        "batches = client.vector_stores.file_batches\n"
        "assert client.vector_stores.files is client.vector_stores.files\n"
        "assert 'openai_compat.resources.vector_store_file_batches' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_facade_calls_reach_the_resource_functions() -> None:
    transport = MockTransport(responses=[json_response(STORE), json_response(vs_file()), json_response(file_batch())])
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    assert client.vector_stores.retrieve("vs_1").name == "docs"
    assert client.vector_stores.files.retrieve("file-1", vector_store_id="vs_1").id == "file-1"
    assert client.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1").id == "vsfb_1"
    assert [r.url.rsplit("/v1/", 1)[1] for r in transport.requests] == [
        "vector_stores/vs_1", "vector_stores/vs_1/files/file-1", "vector_stores/vs_1/file_batches/vsfb_1",
    ]
