"""Deterministic stand-ins for the bulk tests: a clock that moves only when waited on, an executor
that runs each call at once, and helpers to build requests and read an output file."""

from __future__ import annotations

import concurrent.futures
import json
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Set

from openai_compat._internals import BulkClock as Clock


class FakeClock(Clock):
    """Starts at 0; ``sleep`` and a ``wait`` that finds nothing done move it forward instantly."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)

    def wait(self, futures: Iterable[Any], timeout: float) -> Set[Any]:
        done = {future for future in futures if future.done()}
        if not done:
            self.t += max(0.0, timeout)
        return done


class InlineExecutor(concurrent.futures.Executor):
    """Runs each submitted call in the caller's thread, before ``submit`` returns."""

    def __init__(self) -> None:
        self.calls = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        self.calls += 1
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def chat_request(custom_id: str, text: str = "", **body: Any) -> Dict[str, Any]:
    return {"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text or custom_id}], **body}}


def write_jsonl(path: Path, rows: Iterable[Dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def output_lines(path: Path) -> List[Dict[str, Any]]:
    """Every line of an output file, decoded; fails on a line that is not JSON or lacks its newline."""
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), "the output ends in a cut-off line"
    return [json.loads(line) for line in data.splitlines()]


def ids_of(path: Path) -> List[str]:
    return [line["custom_id"] for line in output_lines(path)]
