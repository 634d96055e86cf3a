"""The live runner: one driver loop admits requests at the rate limits and hands them to an executor.

The driver (the calling thread) reads the requests lazily, asks the limiter before sending each
one, and keeps at most ``concurrency`` in flight on the executor: a thread pool by default, or
any ``concurrent.futures.Executor`` (a process pool, a Dask cluster's ``get_executor()``). The
executor only ever runs ``attempt`` (one try of one request); the driver reads each outcome and
writes it, retries it by the client's policy, pauses the whole job on a 429, or stops the job on a
failure every later request would share (``insufficient_quota``, a rejected key). Retries and
limits therefore live in one process however the requests are spread.
"""

from __future__ import annotations

import concurrent.futures
import heapq
import itertools
import time
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple

from .. import Client, RetryPolicy
from ._call import Outcome, attempt, outcome_line, retry_policy, tokens_used
from ._input import PendingRequest, Requests, open_requests
from ._limits import RateLimiter, Ticket, retry_after
from ._output import ResultLog
from ._report import Progress, Summary
from ._tokens import estimate_tokens

__all__ = ["Clock", "LiveJob", "RATE_LIMIT_RETRIES", "run_live"]

# A 429 for the rate limit pauses the whole job and the request waits its turn again, up to this
# many times (apart from the client's max_retries, which bound the other failures).
RATE_LIMIT_RETRIES = 10
_MAX_WAIT = 1.0  # seconds the driver waits at most before it looks at the time (and the progress) again

Future = concurrent.futures.Future


class Clock:
    """Time as the driver sees it; tests replace it with one that only moves when waited on."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def wait(self, futures: Iterable[Future[Outcome]], timeout: float) -> Set[Future[Outcome]]:
        """Wait until one of ``futures`` is done or ``timeout`` passed; returns the done ones."""
        return concurrent.futures.wait(list(futures), timeout=timeout, return_when="FIRST_COMPLETED").done


class _Work:
    """A request on its way: how many tries it had, and the tokens it counts."""

    __slots__ = ("request", "cost", "tries", "rate_limited")

    def __init__(self, request: PendingRequest) -> None:
        self.request = request
        self.cost = estimate_tokens(request.url, request.body)
        self.tries = 0
        self.rate_limited = 0

    @property
    def fresh(self) -> bool:
        """Not sent yet: a retry that falls due may go before it."""
        return self.tries == 0 and self.rate_limited == 0


class JobStopped(Exception):
    """Raised inside the driver to end the job early; the message becomes ``Summary.stopped``."""


class LiveJob:
    """Runs ``requests`` through ``client`` into ``log``; ``run()`` returns the summary."""

    def __init__(
        self,
        client: Client,
        requests: Iterator[PendingRequest],
        log: ResultLog,
        limiter: RateLimiter,
        *,
        summary: Summary,
        progress: Progress,
        concurrency: int = 32,
        executor: Optional[concurrent.futures.Executor] = None,
        clock: Optional[Clock] = None,
        policy: Optional[RetryPolicy] = None,
    ) -> None:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
        self.client = client
        self.requests = requests
        self.log = log
        self.limiter = limiter
        self.summary = summary
        self.progress = progress
        self.concurrency = concurrency
        self.executor = executor
        self.clock = clock or Clock()
        self.policy = policy or retry_policy(client)
        self.in_flight: Dict[Future[Outcome], Tuple[_Work, Ticket]] = {}
        self._retries: List[Tuple[float, int, _Work]] = []  # (when, order, work): a heap
        self._order = itertools.count()
        self._held: Optional[_Work] = None  # the next request, waiting for the limiter
        self._unsent: Optional[_Work] = None  # a new request set aside for a retry that fell due
        self._exhausted = False

    def run(self) -> Summary:
        started = self.clock.now()
        owned = self.executor is None
        executor = self.executor or concurrent.futures.ThreadPoolExecutor(self.concurrency,
                                                                          thread_name_prefix="openai-compat-bulk")
        try:
            self._drive(executor)
        except JobStopped as stop:
            self.summary.stopped = str(stop)
            self._finish_in_flight()
        except BaseException:  # an interrupt: keep what is done, let the rest run again next time
            self._cancel_in_flight()
            raise
        finally:
            if owned:
                executor.shutdown(wait=False, cancel_futures=True)
            self.summary.elapsed += self.clock.now() - started
        return self.summary

    # -- the loop ------------------------------------------------------------------------------

    def _drive(self, executor: concurrent.futures.Executor) -> None:
        while True:
            # Answers first: a 429 or a low remaining count must hold back the very next request.
            self._collect([future for future in self.in_flight if future.done()])
            work = self._next()
            if work is None and not self.in_flight:
                if not self._retries:
                    return
                self.clock.sleep(min(_MAX_WAIT, max(0.0, self._retries[0][0] - self.clock.now())))
                continue
            wait = _MAX_WAIT
            if work is None and self._retries:  # wake up when the first retry is due
                wait = min(wait, max(0.0, self._retries[0][0] - self.clock.now()))
            if work is not None and len(self.in_flight) < self.concurrency:
                admit_in, ticket = self.limiter.try_acquire(work.cost)
                wait = min(wait, admit_in)
                if ticket is not None:
                    self._held = None
                    self._submit(executor, work, ticket)
                    continue
            if self.in_flight:
                self._collect(self.clock.wait(self.in_flight, min(wait, _MAX_WAIT)))
            else:
                self.clock.sleep(min(wait, _MAX_WAIT))
            self.progress.update(self.summary, len(self.in_flight))

    def _next(self) -> Optional[_Work]:
        """The request to send next: a retry that is due (before any new one), else the next of the input."""
        held = self._held
        if self._retries and self._retries[0][0] <= self.clock.now() and (held is None or held.fresh):
            if held is not None:
                self._unsent = held
            self._held = heapq.heappop(self._retries)[2]
        elif held is None and self._unsent is not None:
            self._held, self._unsent = self._unsent, None
        elif held is None and not self._exhausted:
            request = next(self.requests, None)
            if request is None:
                self._exhausted = True
            else:
                self._held = _Work(request)
        return self._held

    def _submit(self, executor: concurrent.futures.Executor, work: _Work, ticket: Ticket) -> None:
        work.tries += 1
        if work.tries > 1:
            self.summary.retries += 1
        self.summary.tokens_estimated += work.cost
        self.in_flight[executor.submit(attempt, self.client, work.request)] = (work, ticket)

    def _collect(self, done: Iterable[Future[Outcome]]) -> None:
        for future in done:
            work, ticket = self.in_flight.pop(future)
            self._handle(work, ticket, future.result())  # an executor's own failure (a lost worker) ends the job

    # -- one outcome -----------------------------------------------------------------------------

    def _handle(self, work: _Work, ticket: Ticket, outcome: Outcome) -> None:
        if outcome.status == 429:
            self._rate_limited(work, ticket, outcome)
            return
        if outcome.status:
            self.limiter.observe(outcome.headers, ticket)
        if outcome.ok:
            self._write(outcome)
            return
        if outcome.status == 401 or outcome.error == "client_error":
            raise JobStopped(f"every request would fail the same way: {outcome.message}")
        if outcome.retryable and work.tries <= self.policy.max_retries:
            self._retry(work, self.policy.delay(work.tries - 1, outcome.headers or None))
            return
        self._write(outcome)

    def _write(self, outcome: Outcome) -> None:
        line, succeeded = outcome_line(outcome)
        self.log.append(line)
        if succeeded:
            self.summary.succeeded += 1
            self.summary.tokens_used += tokens_used(outcome.body)
        else:
            self.summary.failed += 1

    def _rate_limited(self, work: _Work, ticket: Ticket, outcome: Outcome) -> None:
        if outcome.code == "insufficient_quota":
            raise JobStopped(f"insufficient_quota: {outcome.message}")
        asked = retry_after(outcome.headers, self.policy.wall_clock)
        if asked is not None and asked > self.policy.max_retry_after:
            raise JobStopped(f"the server asked to wait {asked:.0f} s, more than the client's max_retry_after "
                             f"({self.policy.max_retry_after:.0f} s): {outcome.message}")
        wait = self.limiter.pause(outcome.headers, ticket, self.policy.backoff(work.rate_limited))
        work.rate_limited += 1
        self.summary.rate_limited += 1
        if outcome.retryable and work.rate_limited <= RATE_LIMIT_RETRIES:
            work.tries -= 1  # a turn lost to the job's pause is not one of the request's retries
            self.summary.retries += 1
            self._retry(work, wait)
            return
        self._write(outcome)

    def _retry(self, work: _Work, delay: float) -> None:
        heapq.heappush(self._retries, (self.clock.now() + delay, next(self._order), work))

    # -- ending --------------------------------------------------------------------------------

    def _finish_in_flight(self) -> None:
        """After a stop: write what the requests already sent bring back, send nothing more."""
        self._retries.clear()
        while self.in_flight:
            for future in self.clock.wait(self.in_flight, _MAX_WAIT):
                del self.in_flight[future]
                outcome = future.result()
                if outcome.ok:
                    self._write(outcome)
            self.progress.update(self.summary, len(self.in_flight))

    def _cancel_in_flight(self) -> None:
        for future in list(self.in_flight):
            if future.done() and not future.cancelled() and future.exception() is None:
                outcome = future.result()
                if outcome.ok:
                    self._write(outcome)
            else:
                future.cancel()
        self.in_flight.clear()


def run_live(
    client: Client,
    requests: Requests,
    *,
    output: str,
    max_requests_per_minute: Optional[float] = None,
    max_tokens_per_minute: Optional[float] = None,
    concurrency: int = 32,
    executor: Optional[concurrent.futures.Executor] = None,
    progress: bool = True,
    clock: Optional[Clock] = None,
) -> Summary:
    """``bulk.run(via="live")``: check the input, resume from ``output``, run the rest."""
    clock = clock or Clock()
    limiter = RateLimiter(max_requests_per_minute, max_tokens_per_minute, clock=clock.now)
    summary = Summary(output=output, via="live")
    with ResultLog(output) as log:
        done = log.open()
        with open_requests(requests, done) as source:
            summary.total, summary.skipped = source.total, source.already_done
            shown = Progress(progress, source.total - source.already_done, clock=clock.now)
            shown.write(f"bulk: {source.total - source.already_done:,} of {source.total:,} requests to send "
                        f"({source.already_done:,} already in {output}); {limiter.describe()}")
            job = LiveJob(client, source.pending(), log, limiter, summary=summary, progress=shown,
                          concurrency=concurrency, executor=executor, clock=clock)
            try:
                job.run()
            finally:
                shown.close(summary)
    return summary
