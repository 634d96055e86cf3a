"""``bulk.run_dask``: a Dask bag of requests run on a cluster's workers, into one output file.

Each partition runs on a worker as a small live job of its own (threads, the same retries and
limits) and appends its results to ``<output>.parts/part-NNNNN.jsonl``; when every partition is
done the parts are merged into ``output`` and removed. So the workers must see the driver's file
system at ``output`` (a ``LocalCluster``, or a cluster on shared storage).

- Limits are shared out: each worker process gets ``1 / workers`` of the requests and tokens per
  minute, one limiter shared by the partitions it runs at the same time, and reads the server's
  ``x-ratelimit-remaining-*`` scaled to its share. ``concurrency`` is divided among the
  cluster's threads.
- Resumable per partition: a rerun first merges the parts a stopped run left, and each partition
  skips the ``custom_id``s already in ``output`` or in its own part file.
- The bag is computed twice: once up front to check every request and refuse repeated
  ``custom_id``s before anything is sent, once to run it.

The client travels to the workers by pickle, which leaves out a string API key unless the client was
made with ``pickle_api_key=True``; otherwise the workers read ``OPENAI_API_KEY`` from their environment.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set, Tuple

from .. import Client
from ._input import DuplicateCustomIdError, PendingRequest, parse_request
from ._limits import RateLimiter
from ._output import ResultLog, custom_id_of
from ._report import Progress, Summary

__all__ = ["run_dask"]

_limiters: Dict[str, RateLimiter] = {}  # one per job in each worker process, shared by its partitions
_limiters_lock = threading.Lock()
_WATCH_EVERY = 0.25  # seconds between looks at the partitions' futures and part files


def _partition_ids(items: Iterable[Any], index: int) -> List[str]:
    """Runs on a worker: check a partition's requests; returns their ``custom_id``s."""
    return [parse_request(item, f"partition {index}, item {number}").custom_id
            for number, item in enumerate(items, start=1)]


def _shared_limiter(job: str, settings: Dict[str, Any]) -> RateLimiter:
    with _limiters_lock:
        if job not in _limiters:
            _limiters[job] = RateLimiter(settings["rpm"], settings["tpm"], share=settings["share"])
        return _limiters[job]


def _run_partition(items: Iterable[Any], index: int, done: Set[str], client: Client,
                   settings: Dict[str, Any]) -> Summary:
    """Runs on a worker: one partition as a live job into its part file."""
    from ._live import LiveJob

    path = os.path.join(settings["parts"], f"part-{index:05d}.jsonl")
    summary = Summary(output=path, via="dask")
    with ResultLog(path) as log:
        here = log.open()

        def pending() -> Iterator[PendingRequest]:
            for number, item in enumerate(items, start=1):
                request = parse_request(item, f"partition {index}, item {number}")
                if request.custom_id not in done and request.custom_id not in here:
                    yield request

        job = LiveJob(client, pending(), log, _shared_limiter(settings["job"], settings), summary=summary,
                      progress=Progress(False, 0), concurrency=settings["concurrency"])
        job.run()
    return summary


def _merge_parts(folder: Path, log: ResultLog, done: Set[str]) -> int:
    """Append the part files' lines not yet in the output, then remove the parts; returns lines added."""
    added = 0
    for part in sorted(folder.glob("part-*.jsonl")):
        with open(part, "rb") as handle:
            for raw in handle:
                line = raw.rstrip(b"\r\n")
                custom_id = custom_id_of(line) if raw.endswith(b"\n") else None  # a cut-off last line: dropped
                if custom_id is not None and custom_id not in done:
                    log.append(line + b"\n")
                    done.add(custom_id)
                    added += 1
    shutil.rmtree(folder, ignore_errors=True)
    return added


class _PartWatcher:
    """Counts the lines the partitions have written so far, for the progress shown on the driver."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.offsets: Dict[Path, int] = {}
        self.lines = 0

    def poll(self) -> int:
        for part in self.folder.glob("part-*.jsonl"):
            with open(part, "rb") as handle:
                handle.seek(self.offsets.get(part, 0))
                data = handle.read()
            complete = data.rfind(b"\n") + 1
            self.lines += data.count(b"\n", 0, complete)
            self.offsets[part] = self.offsets.get(part, 0) + complete
        return self.lines


def _check_ids(dask_client: Any, parts: List[Any], done: Set[str]) -> Tuple[int, int]:
    from dask.delayed import delayed

    ids = dask_client.compute([delayed(_partition_ids)(part, index) for index, part in enumerate(parts)],
                              sync=True)
    seen: Set[str] = set()
    repeated: List[str] = []
    already = 0
    for custom_id in (custom_id for chunk in ids for custom_id in chunk):
        if custom_id in seen:
            repeated.append(custom_id)
        seen.add(custom_id)
        already += custom_id in done
    if repeated:
        shown = ", ".join(repr(custom_id) for custom_id in repeated[:5])
        raise DuplicateCustomIdError(f"{len(repeated)} custom_id(s) appear more than once in the bag: {shown}. "
                                     "Each request needs its own; nothing was sent.", repeated)
    return len(seen), already


def _watch(futures: List[Any], watcher: _PartWatcher, shown: Progress, output: str) -> None:
    """Show progress until every partition's future is done (or failed)."""
    while True:
        running = sum(not future.done() for future in futures)
        shown.update(Summary(output=output, succeeded=watcher.poll()), running)
        if not running:
            return
        time.sleep(_WATCH_EVERY)


def run_dask(
    client: Client,
    requests: Any,
    *,
    output: Any,
    max_requests_per_minute: Optional[float] = None,
    max_tokens_per_minute: Optional[float] = None,
    concurrency: int = 32,
    progress: bool = True,
    dask_client: Any = None,
) -> Summary:
    """Run a Dask bag of requests (dicts, ``BatchInputLine``s or JSON lines, as ``bulk.run`` takes)
    on the workers of ``dask_client`` (default: the current ``distributed`` client) into ``output``."""
    import distributed
    from dask.delayed import delayed

    if not hasattr(requests, "to_delayed"):
        raise TypeError(f"run_dask takes a dask.bag.Bag of requests, got {type(requests).__name__}; for a file or "
                        "a list, use bulk.run(client, requests, output=..., executor=dask_client)")
    output = os.fspath(output)
    dask_client = dask_client or distributed.get_client()
    RateLimiter(max_requests_per_minute, max_tokens_per_minute)  # checks the limits before any work
    workers = dask_client.scheduler_info()["workers"]
    threads = sum(worker.get("nthreads", 1) for worker in workers.values()) or 1
    folder = Path(output + ".parts")
    started = time.monotonic()
    summary = Summary(output=output, via="dask")
    with ResultLog(output) as log:
        done = log.open()
        if folder.exists():
            _merge_parts(folder, log, done)
        parts = requests.to_delayed()
        summary.total, summary.skipped = _check_ids(dask_client, parts, done)
        settings = {"job": uuid.uuid4().hex, "rpm": max_requests_per_minute, "tpm": max_tokens_per_minute,
                    "share": 1.0 / max(1, len(workers)), "parts": str(folder),
                    "concurrency": max(1, -(-concurrency // threads))}
        # In a list, so the set goes as one object (scatter spreads a collection's items).
        shared_done = dask_client.scatter([done], broadcast=True, hash=False)[0]
        shown = Progress(progress, summary.total - summary.skipped)
        shown.write(f"bulk: {summary.total - summary.skipped:,} of {summary.total:,} requests to send on "
                    f"{len(workers)} Dask worker(s), {len(parts)} partition(s)")
        folder.mkdir(parents=True, exist_ok=True)
        futures = dask_client.compute([delayed(_run_partition)(part, index, shared_done, client, settings)
                                       for index, part in enumerate(parts)])
        try:
            _watch(futures, _PartWatcher(folder), shown, output)
            for future in futures:
                summary.add(future.result())
        except BaseException:
            dask_client.cancel(futures)  # partitions not started yet stay unstarted; the rest run next time
            raise
        finally:
            _merge_parts(folder, log, done)
            summary.elapsed = time.monotonic() - started
            shown.close(summary)
    return summary
