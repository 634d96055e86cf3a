"""Bulk jobs: thousands to millions of requests from a script, at the rate limits, resumable.

    from openai_compat import Client, batch_jsonl, bulk

    summary = bulk.run(Client(), "requests.jsonl", output="results.jsonl",
                       max_requests_per_minute=500, max_tokens_per_minute=200_000)
    print(summary)                       # counts, tokens, time, 429s; rerun to go on if it stopped
    results = batch_jsonl.read_batch_results("results.jsonl")

The input is the Batch API's (``{"custom_id", "method", "url", "body"}`` per line, as
``batch_jsonl.BatchInputWriter`` writes it), as a JSONL path or any iterable of such lines; the
output is the Batch API's output format, so ``batch_jsonl.read_batch_results`` reads it. Rerunning
with the same ``output`` skips every ``custom_id`` already there. ``run(via="batch")`` sends the
same input through the Batch API instead (half the price, within 24 hours) into the same output,
``run(executor=...)`` spreads the requests over any ``concurrent.futures.Executor`` (a Dask
cluster's), and ``run_dask`` runs a Dask bag of requests on the cluster's workers.
From a shell: ``python -m openai_compat.bulk requests.jsonl results.jsonl --rpm 500 --tpm 200000``.
"""

from __future__ import annotations

import concurrent.futures
import os
from typing import TYPE_CHECKING, Any, Optional, Union

from ._input import BulkInputError, DuplicateCustomIdError, Requests
from ._output import OutputInUseError
from ._report import Summary
from ._tokens import estimate_tokens

if TYPE_CHECKING:
    from .. import Client
    from ._dask import run_dask

__all__ = [
    "BulkInputError",
    "DuplicateCustomIdError",
    "OutputInUseError",
    "Summary",
    "estimate_tokens",
    "run",
    "run_dask",
]

Path = Union[str, "os.PathLike[str]"]


def run(
    client: Client,
    requests: Requests,
    *,
    output: Path,
    max_requests_per_minute: Optional[float] = None,
    max_tokens_per_minute: Optional[float] = None,
    concurrency: int = 32,
    executor: Any = None,
    via: str = "live",
    progress: bool = True,
) -> Summary:
    """Send every request of ``requests`` and write each result to ``output``; returns a ``Summary``.

    ``requests``: a path to a JSONL file of Batch-API input lines, or an iterable of them (dicts or
    ``batch_jsonl.BatchInputLine``), for ``/v1/chat/completions``, ``/v1/responses``,
    ``/v1/embeddings``, ``/v1/completions`` or ``/v1/moderations``. Every line is checked, and
    repeated ``custom_id``s are refused (``DuplicateCustomIdError``), before anything is sent; the
    requests are then read one at a time, never all held in memory.

    ``output``: a JSONL path, appended a whole line at a time as results arrive, in the Batch API's
    output format. Lines already there are skipped, so rerunning a job that stopped (killed, out of
    quota, interrupted) sends only what is missing; a line cut short by a crash is repaired.

    ``max_requests_per_minute`` / ``max_tokens_per_minute``: your limits (tier page or the
    ``x-ratelimit-limit-*`` headers); ``None`` learns them from those headers. The job keeps under
    both, corrects itself from ``x-ratelimit-remaining-*``, and a 429 pauses the whole job for its
    ``Retry-After``. Tokens are estimated from each body (``estimate_tokens``).

    Failures retry by the client's policy (``max_retries``); a request that still fails becomes an
    error line and the job goes on. ``insufficient_quota`` or a rejected key stops the job, with
    ``Summary.stopped`` saying why. ``concurrency`` bounds the requests in flight. ``executor``:
    any ``concurrent.futures.Executor`` (default: a thread pool of ``concurrency`` threads), or a
    ``dask.distributed.Client`` (its ``get_executor()`` is used); limits, retries and the output stay
    in this process. ``via="batch"`` sends the job through the Batch API (the limits, ``concurrency``
    and ``executor`` do not apply there). ``progress``: a tqdm bar if tqdm is installed, else a
    line on stderr every few seconds; ``False`` for silence.
    """
    output = os.fspath(output)
    if isinstance(requests, (str, os.PathLike)) and os.path.exists(output) and \
            os.path.samefile(os.fspath(requests), output):
        raise ValueError(f"output {output} is the input file: give the results their own file")
    if via == "batch":
        from ._batch import run_batch

        return run_batch(client, requests, output=output, progress=progress)
    if via != "live":
        raise ValueError(f'via must be "live" or "batch", got {via!r}')
    if executor is not None and not isinstance(executor, concurrent.futures.Executor):
        get_executor = getattr(executor, "get_executor", None)
        if not callable(get_executor):
            raise TypeError(f"executor must be a concurrent.futures.Executor or a dask.distributed.Client, got "
                            f"{type(executor).__name__}")
        executor = get_executor()
    from ._live import run_live

    return run_live(client, requests, output=output, max_requests_per_minute=max_requests_per_minute,
                    max_tokens_per_minute=max_tokens_per_minute, concurrency=concurrency, executor=executor,
                    progress=progress)


def __getattr__(name: str) -> Any:
    if name == "run_dask":  # imports nothing of Dask until called, but keeps its module out of `import bulk`
        from ._dask import run_dask

        return run_dask
    raise AttributeError(f"module 'openai_compat.bulk' has no attribute {name!r}")
