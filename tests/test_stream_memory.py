"""Streams in bounded memory whatever the server sends: 256 MiB of valid 4 KB chat chunks from a
loopback server, read by a fresh interpreter on each transport, grow its peak RSS by under 64 MiB.

The body is generated as it is sent (a few KiB built once, sent again and again), never whole in
memory. ``content`` chunks carry about 4 KB of text each, so the answer outgrows the snapshot
limit (``max_snapshot_size``, 32 MiB): the stream is read on and asking for the final completion
raises ``SnapshotTooLargeError``. ``envelope`` chunks carry four characters of text in 4 KB of
envelope (a long ``obfuscation`` field), as a chunk's envelope is usually tens of times its text:
the final completion is then small and whole. An error event after the 256 MiB raises
``APIStreamError`` with the partial answer as ``snapshot``, built once, the stream never decoded again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Optional

import pytest
from _servers import CLOSE, Conn, Recorded, ScriptedServer, chunk, head

CHILD = Path(__file__).with_name("_stream_memory_child.py")
TOTAL = 256 * 1024 * 1024
EVENT_SIZE = 4096
RSS_LIMIT_MIB = 64
# Building the answer from a snapshot at its 32 MiB limit holds its text twice for a moment (the
# pieces and the joined string): what the final completion, or an error's snapshot, may cost.
MATERIALIZED_LIMIT_MIB = 2 * 32 + 8
SSE = {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}


def chunk_event(content: str) -> bytes:
    """One ``data:`` event of a chat chunk, padded with ``obfuscation`` to exactly ``EVENT_SIZE`` bytes."""
    body: Dict[str, Any] = {
        "id": "chatcmpl-big", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-test",
        "service_tier": "default", "system_fingerprint": "fp_1",
        "choices": [{"index": 0, "delta": {"content": content}, "logprobs": None, "finish_reason": None}],
        "obfuscation": "",
    }
    short = len(b"data: " + json.dumps(body, separators=(",", ":")).encode() + b"\n\n")
    body["obfuscation"] = "x" * (EVENT_SIZE - short)
    event = b"data: " + json.dumps(body, separators=(",", ":")).encode() + b"\n\n"
    assert len(event) == EVENT_SIZE
    return event


def big_stream(conn: Conn, request: Recorded) -> Optional[str]:
    """The stream the request's model names: ``warm`` (small), else ``SHAPE-256[-error][-final]``."""
    model = json.loads(request.body)["model"]
    first = b'data: {"id":"chatcmpl-big","object":"chat.completion.chunk","created":1700000000,' \
            b'"model":"gpt-test","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n'
    if not conn.send(head(200, SSE)) or not conn.send(chunk(first)):
        return CLOSE
    shape = model.split("-")[0]
    if model == "warm":
        event, total = chunk_event("x" * 3800), 4 * 1024 * 1024
    elif shape == "content":
        event, total = chunk_event("y" * 3800), TOTAL  # 3,800 characters of text per chunk
    else:
        event, total = chunk_event("abcd"), TOTAL  # four characters of text per 4 KB chunk
    block = chunk(event * 16)
    for _ in range(total // (len(event) * 16)):
        if not conn.send(block):
            return CLOSE
    end = b'data: {"error": {"message": "The model got stuck.", "type": "server_error"}}\n\n' if "error" in model \
        else b'data: {"id":"chatcmpl-big","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test",' \
             b'"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\ndata: [DONE]\n\n'
    return None if conn.send(chunk(end) + b"0\r\n\r\n") else CLOSE


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        srv.script(big_stream)
        yield srv


def read_in_child(server: ScriptedServer, kind: str, model: str) -> Dict[str, Any]:
    done = subprocess.run([sys.executable, str(CHILD), server.url, kind, model], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{kind} {model}: {report}")  # the figures, for the record (pytest -s shows them)
    return report


@pytest.mark.parametrize("kind", ["requests", "urllib3"])
def test_a_256_mib_stream_of_text_grows_rss_by_under_64_mib(server: ScriptedServer, kind: str) -> None:
    report = read_in_child(server, kind, "content-256-final")
    assert report["chunks"] == TOTAL // EVENT_SIZE + 2
    assert report["read_rss_growth_mib"] < RSS_LIMIT_MIB  # read to its end, nothing kept by the caller
    assert report["outcome"].startswith("SnapshotTooLargeError, snapshot of ")
    kept = int(report["outcome"].split()[-2])
    assert 32 * 1024 * 1024 < kept <= 32 * 1024 * 1024 + 3800  # up to the chunk that went past the limit
    assert report["rss_growth_mib"] < MATERIALIZED_LIMIT_MIB


@pytest.mark.parametrize("kind", ["requests", "urllib3"])
def test_a_256_mib_stream_of_envelopes_gives_its_final_completion(server: ScriptedServer, kind: str) -> None:
    report = read_in_child(server, kind, "envelope-256-final")
    assert report["outcome"] == f"final of {4 * (TOTAL // EVENT_SIZE)} characters"
    assert report["rss_growth_mib"] < RSS_LIMIT_MIB


@pytest.mark.parametrize("kind", ["requests", "urllib3"])
def test_an_error_after_256_mib_carries_the_snapshot_without_decoding_again(server: ScriptedServer, kind: str) -> None:
    report = read_in_child(server, kind, "content-256-error")
    assert report["outcome"].startswith("APIStreamError 'The model got stuck.', 0 items, snapshot of ")
    assert report["rss_growth_mib"] < MATERIALIZED_LIMIT_MIB
