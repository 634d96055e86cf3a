"""``bulk.run(via="batch")``: the same job through the Batch API, into the same output file.

The pending requests are written to input files, one endpoint per file and at most 50,000 requests
or 200 MB each (the Batch API's limits, https://platform.openai.com/docs/guides/batch), each
uploaded and started as a batch. The job then polls its batches (with progress) and, as each ends,
downloads its output and error files and appends their lines to ``output``.

Resumable like a live job: the batches started are recorded in ``<output>.batches/state.json``
the moment each is created, so a rerun after a crash or an interrupt waits for those same batches
rather than starting them again, and sends only what no batch holds. Requests a batch did not run
(it expired or was cancelled) get no line, so the next run sends them again. The state folder is
removed once every batch is in the output.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

import msgspec

from .. import Client
from ._call import tokens_used
from ._input import PendingRequest, Requests, open_requests
from ._output import ResultLog, custom_id_of
from ._report import Progress, Summary

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_REQUESTS", "run_batch"]

logger = logging.getLogger("openai_compat.bulk")
MAX_FILE_REQUESTS = 50_000
MAX_FILE_BYTES = 200 * 1024 * 1024
POLL_INTERVAL = 10.0
# Error codes of requests a batch never ran: no line is written, so the next run sends them again.
NOT_RUN = ("batch_expired", "batch_cancelled")
_DONE_STATUSES = ("completed", "failed", "expired", "cancelled")


class _Status(msgspec.Struct):
    status_code: Any = None
    body: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"null"))


class _Error(msgspec.Struct):
    code: Any = None


class _ResultPeek(msgspec.Struct):
    response: Optional[_Status] = None
    error: Optional[_Error] = None


_peek_result = msgspec.json.Decoder(_ResultPeek).decode


class _State:
    """The batches a job started, kept in ``state.json`` next to their input files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.batches: List[Dict[str, Any]] = []
        path = folder / "state.json"
        if path.exists():
            self.batches = json.loads(path.read_text(encoding="utf-8"))["batches"]

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / "state.json.part"
        temporary.write_text(json.dumps({"batches": self.batches}, indent=1), encoding="utf-8")
        os.replace(temporary, self.folder / "state.json")  # a crash leaves the old state or the new, whole

    def open_batches(self) -> List[Dict[str, Any]]:
        return [batch for batch in self.batches if not batch.get("merged")]

    def held_ids(self) -> Set[str]:
        """The ``custom_id``s in the input files of batches not yet merged into the output."""
        held: Set[str] = set()
        for batch in self.open_batches():
            with open(self.folder / batch["file"], "rb") as handle:
                held.update(custom_id for custom_id in map(custom_id_of, handle) if custom_id)
        return held


def _chunks(requests: Iterator[PendingRequest], folder: Path, first: int) -> Iterator[Tuple[str, str, int]]:
    """Write the requests into input files; yields (file name, endpoint, requests) as each is full."""
    files: Dict[str, Tuple[str, Any, int, int]] = {}  # endpoint -> (name, handle, requests, bytes)
    number = first
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for request in requests:
            line = msgspec.json.encode(request) + b"\n"
            name, handle, count, size = files.get(request.url, ("", None, 0, 0))
            if handle is not None and (count >= MAX_FILE_REQUESTS or size + len(line) > MAX_FILE_BYTES):
                handle.close()
                del files[request.url]
                yield name, request.url, count
                handle = None
            if handle is None:
                number += 1
                name, count, size = f"input-{number:04d}.jsonl", 0, 0
                handle = open(folder / name, "wb")  # noqa: SIM115 - closed when full or at the end
            handle.write(line)
            files[request.url] = (name, handle, count + 1, size + len(line))
        for endpoint, (name, handle, count, _) in list(files.items()):
            handle.close()
            del files[endpoint]
            yield name, endpoint, count
    finally:
        for _, handle, _, _ in files.values():
            handle.close()


class BatchJob:
    """Starts, waits for and merges the batches of one ``via="batch"`` job."""

    def __init__(self, client: Client, log: ResultLog, done: Set[str], state: _State, summary: Summary, *,
                 poll_interval: float, sleep: Callable[[float], None]) -> None:
        self.client = client
        self.log = log
        self.done = done
        self.state = state
        self.summary = summary
        self.poll_interval = poll_interval
        self.sleep = sleep
        self.not_run = 0
        self.kept_downloads = False

    def start(self, name: str, endpoint: str, count: int) -> None:
        uploaded = self.client.files.create(file=self.state.folder / name, purpose="batch")
        batch = self.client.batches.create(input_file_id=uploaded.id, endpoint=endpoint, completion_window="24h",
                                           metadata={"openai_compat_bulk": os.path.basename(self.log.path)})
        self.state.batches.append({"id": batch.id, "file": name, "endpoint": endpoint, "requests": count,
                                   "input_file_id": uploaded.id})
        self.state.save()

    def wait(self, progress: Progress) -> None:
        """Poll the open batches until each has ended and is merged into the output."""
        while True:
            shown = Summary(output=self.summary.output, succeeded=self.summary.succeeded, failed=self.summary.failed)
            for record in self.state.open_batches():
                batch = self.client.batches.retrieve(record["id"])
                counts = batch.request_counts
                if counts is not None:
                    shown.succeeded += counts.completed or 0
                    shown.failed += counts.failed or 0
                if batch.status in _DONE_STATUSES:
                    self.merge(record, batch)
            if not self.state.open_batches():
                return
            progress.update(shown, len(self.state.open_batches()), note=" (batches running)")
            self.sleep(self.poll_interval)

    def merge(self, record: Dict[str, Any], batch: Any) -> None:
        """Append a finished batch's output and error lines (those not in the output yet)."""
        if batch.status == "failed":
            errors = batch.errors.data if batch.errors is not None else []
            reasons = "; ".join(f"{error.code}: {error.message}" for error in errors)
            self.summary.stopped = f"batch {batch.id} failed: {reasons or 'no reason given'}"
        for kind, file_id in (("output", batch.output_file_id), ("errors", batch.error_file_id)):
            if file_id:
                target = self.state.folder / f"{record['id']}-{kind}.jsonl"
                self.client.files.content(file_id).write_to_file(target)
                self._append_lines(target)
        record["merged"] = True
        record["status"] = batch.status
        self.state.save()

    def _append_lines(self, path: Path) -> None:
        unreadable = 0
        with open(path, "rb") as handle:
            for raw in handle:
                line = raw.rstrip(b"\r\n")
                if not line.strip():
                    continue
                custom_id = custom_id_of(line)
                if custom_id is None:
                    unreadable += 1
                    continue
                if custom_id in self.done:
                    continue
                result = _peek_result(line)
                if result.error is not None and result.error.code in NOT_RUN:
                    self.not_run += 1
                    continue
                status = result.response.status_code if result.response is not None else None
                if isinstance(status, int) and 200 <= status < 300 and result.error is None:
                    self.summary.succeeded += 1
                    self.summary.tokens_used += tokens_used(bytes(result.response.body))  # type: ignore[union-attr]
                else:
                    self.summary.failed += 1
                self.log.append(line + b"\n")
                self.done.add(custom_id)
        if unreadable:
            self.kept_downloads = True
            logger.warning("%d line(s) of %s are not result lines; the file is kept there", unreadable, path)


def run_batch(
    client: Client,
    requests: Requests,
    *,
    output: str,
    progress: bool = True,
    poll_interval: Optional[float] = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Summary:
    """Send the pending requests as batches, wait for them, and merge their results into ``output``."""
    started = clock()
    summary = Summary(output=output, via="batch")
    with ResultLog(output) as log:
        done = log.open()
        state = _State(Path(output + ".batches"))
        held = state.held_ids()
        with open_requests(requests, done, held) as source:
            summary.total, summary.skipped = source.total, source.already_done
            job = BatchJob(client, log, done, state, summary, sleep=sleep,
                           poll_interval=POLL_INTERVAL if poll_interval is None else poll_interval)
            shown = Progress(progress, source.total - source.already_done, clock=clock)
            try:
                for name, endpoint, count in _chunks(source.pending(), state.folder, len(state.batches)):
                    job.start(name, endpoint, count)
                    shown.write(f"bulk: started batch {state.batches[-1]['id']} ({count:,} requests to {endpoint})")
                summary.batch_ids = [batch["id"] for batch in state.batches]
                job.wait(shown)
                if job.not_run and summary.stopped is None:
                    summary.stopped = f"{job.not_run:,} request(s) were not run by their batch (expired or cancelled)"
            except KeyboardInterrupt:
                shown.write(f"bulk: interrupted; the batches keep running, and running this job again collects "
                            f"them (state in {state.folder})")
                raise
            finally:
                summary.elapsed = clock() - started
                shown.close(summary)
    if not state.open_batches() and not job.kept_downloads:
        shutil.rmtree(state.folder, ignore_errors=True)
    return summary
