"""The bulk job's rate limiting, on an injected clock: the token buckets, their correction from the
server's headers, the job-wide pause on a 429, and whole jobs whose every request is timed on the
fake clock, so the limits are checked exactly and without waiting."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from _bulk_fakes import FakeClock, InlineExecutor, chat_request, ids_of

from openai_compat import Client, Request, RetryPolicy
from openai_compat._internals import BulkRateLimiter as RateLimiter
from openai_compat._internals import bulk_parse_duration as parse_duration
from openai_compat._internals import bulk_retry_after as retry_after
from openai_compat._internals import bulk_run_live as run_live
from openai_compat.bulk import estimate_tokens
from openai_compat.testing import MockTransport, chat_completion, error_response, json_response, request_json


def admit_all(limiter: RateLimiter, clock: FakeClock, costs: List[int]) -> List[float]:
    """Admit each cost in turn, waiting as told; returns the time each went."""
    times = []
    for cost in costs:
        while True:
            wait, ticket = limiter.try_acquire(cost)
            if ticket is not None:
                times.append(clock.now())
                break
            assert wait > 0
            clock.sleep(wait)
    return times


def most_in_window(times: List[float], window: float) -> int:
    """The most admissions in any window of ``window`` seconds."""
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_parse_duration_reads_openai_reset_headers() -> None:
    assert parse_duration("1s") == 1.0
    assert parse_duration("6m0s") == 360.0
    assert parse_duration("20ms") == pytest.approx(0.02)
    assert parse_duration("1h2m3.5s") == pytest.approx(3723.5)
    assert parse_duration("0.25") == 0.25
    assert parse_duration("soon") is None
    assert parse_duration("") is None


def test_retry_after_prefers_milliseconds_and_reads_dates() -> None:
    assert retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert retry_after({"retry-after": "2"}) == 2.0
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}, wall_clock=lambda: 1445412480.0) == 10.0
    assert retry_after({"retry-after": "nonsense"}) is None
    assert retry_after({}) is None


def test_requests_bucket_bursts_one_second_then_holds_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(600, None, clock=clock.now)  # 10 a second
    times = admit_all(limiter, clock, [1] * 100)
    assert times[:10] == [0.0] * 10  # one second's worth at once
    assert times[-1] == pytest.approx(9.0)  # then 10 a second: 90 more in 9 s
    assert most_in_window(times, 1.0) <= 10 + 10
    assert most_in_window(times, 60.0) <= 600 + 10


def test_tokens_bucket_paces_by_cost_and_lets_a_huge_request_through_when_full() -> None:
    clock = FakeClock()
    limiter = RateLimiter(None, 6000, clock=clock.now)  # 100 tokens a second, holds 100
    times = admit_all(limiter, clock, [50, 50, 50, 500, 10])
    assert times[:2] == [0.0, 0.0]
    assert times[2] == pytest.approx(0.5)
    assert times[3] == pytest.approx(1.5)  # 500 > the bucket: goes once the bucket is full again
    assert times[4] == pytest.approx(1.5 + 4.1)  # the debt of 400 is paid off first
    assert limiter.tokens.sent == 660


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_requests_per_minute"):
        RateLimiter(0, None)
    with pytest.raises(ValueError, match="max_tokens_per_minute"):
        RateLimiter(None, -5)


def test_the_server_limit_header_sets_or_lowers_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(None, None, clock=clock.now)
    _, ticket = limiter.try_acquire(10)
    assert ticket is not None
    limiter.observe({"x-ratelimit-limit-requests": "120", "x-ratelimit-limit-tokens": "6000"}, ticket)
    assert limiter.requests.rate == pytest.approx(2.0)
    assert limiter.tokens.rate == pytest.approx(100.0)
    high = RateLimiter(6000, None, clock=clock.now)
    _, ticket = high.try_acquire(1)
    assert ticket is not None
    high.observe({"x-ratelimit-limit-requests": "60"}, ticket)
    assert high.requests.rate == pytest.approx(1.0)  # the server knows better than a limit set too high
    low = RateLimiter(30, None, clock=clock.now)
    _, ticket = low.try_acquire(1)
    assert ticket is not None
    low.observe({"x-ratelimit-limit-requests": "60"}, ticket)
    assert low.requests.rate == pytest.approx(0.5)  # a lower limit of the user's stays


def test_remaining_header_moved_forward_sets_the_bucket() -> None:
    clock = FakeClock()
    limiter = RateLimiter(6000, None, clock=clock.now)  # 100 a second, holds 100
    _, first = limiter.try_acquire(1)
    assert first is not None
    for _ in range(9):
        limiter.try_acquire(1)
    clock.sleep(0.05)
    # Someone else used the key: when the server counted the first request, 20 were left.
    limiter.observe({"x-ratelimit-remaining-requests": "20"}, first)
    # 20 then, less the 9 sent since, plus 5 refilled since, less the margin (2): 14 now.
    assert limiter.requests.level == pytest.approx(20 - 9 + 100 * 0.05 - 100 * 0.02)
    # A remaining count above what the bucket holds changes nothing (a server counting a whole minute).
    limiter.observe({"x-ratelimit-remaining-requests": "5000"}, first)
    assert limiter.requests.level == pytest.approx(14.0)
    # Below a full bucket it counts both ways: token estimates that came out high cost no speed.
    _, later = limiter.try_acquire(1)
    assert later is not None
    limiter.observe({"x-ratelimit-remaining-requests": "60"}, later)
    assert limiter.requests.level == pytest.approx(60 - 100 * 0.02)


def test_a_share_scales_limits_and_remaining_counts() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1200, 60000, share=0.5, clock=clock.now)
    assert limiter.requests.rate == pytest.approx(10.0)
    assert limiter.tokens.rate == pytest.approx(500.0)
    _, ticket = limiter.try_acquire(1)
    assert ticket is not None
    limiter.observe({"x-ratelimit-remaining-requests": "4"}, ticket)
    assert limiter.requests.level == pytest.approx(4 * 0.5 - 10 * 0.02)


def test_a_429_pauses_everything_and_empties_the_buckets() -> None:
    clock = FakeClock()
    limiter = RateLimiter(6000, 600000, clock=clock.now)
    _, ticket = limiter.try_acquire(10)
    wait = limiter.pause({"retry-after-ms": "50"}, ticket, fallback=9.0)
    assert wait == 0.05
    assert limiter.try_acquire(1) == (pytest.approx(0.05), None)
    clock.sleep(0.05)
    # The buckets refilled from empty during the pause, as the server's did: 5 requests, not 100.
    assert admit_all(limiter, clock, [1] * 6) == [0.05] * 5 + [pytest.approx(0.06)]
    # No Retry-After: the reset time of the limit that ran out, else the fallback.
    assert limiter.pause({"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "750ms",
                          "x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "9s"},
                         None, fallback=9.0) == pytest.approx(0.75)
    assert limiter.pause({}, None, fallback=2.5) == 2.5
    assert limiter.rate_limited == 3


def timed_client(clock: FakeClock, handler: object) -> Tuple[Client, List[Tuple[float, Dict[str, object]]]]:
    """A client whose transport notes the fake time of every request."""
    sent: List[Tuple[float, Dict[str, object]]] = []

    def send(request: Request) -> object:
        body = request_json(request)
        sent.append((clock.now(), body))
        return handler(body)  # type: ignore[operator]

    policy = RetryPolicy(random=lambda: 0.0, sleep=clock.sleep, clock=clock.now)
    client = Client(api_key="sk-test", base_url="http://bulk.test/v1", transport=MockTransport(send),
                    retry_policy=policy)
    return client, sent


def test_a_whole_job_keeps_under_both_limits(tmp_path: Path) -> None:
    clock = FakeClock()
    client, sent = timed_client(clock, lambda body: json_response(chat_completion("ok")))
    texts = ["x" * (40 + 37 * (n % 7)) for n in range(300)]  # mixed sizes: sometimes tokens bind, sometimes requests
    requests = [chat_request(f"r{n}", text, max_tokens=20) for n, text in enumerate(texts)]
    costs = [estimate_tokens("/v1/chat/completions", request["body"]) for request in requests]
    rpm, tpm = 1200, 30000  # 20 requests and 500 tokens a second
    summary = run_live(client, requests, output=str(tmp_path / "out.jsonl"), max_requests_per_minute=rpm,
                       max_tokens_per_minute=tpm, executor=InlineExecutor(), progress=False, clock=clock)
    assert summary.complete and summary.succeeded == 300
    times = [at for at, _ in sent]
    for window in (1.0, 10.0, 60.0):
        assert most_in_window(times, window) <= rpm / 60 * (window + 1)
        for start in times:  # tokens sent in [start, start + window): at most the window's share plus one burst
            spent = sum(cost for at, cost in zip(times, costs) if start <= at < start + window)
            assert spent <= tpm / 60 * (window + 1) + max(costs)
    # and no slower than the limits allow: the job takes what the binding limit needs, less the first burst
    physical = max((len(costs) - rpm / 60) / (rpm / 60), (sum(costs) - tpm / 60) / (tpm / 60))
    assert times[-1] <= physical * 1.02 + 0.1
    assert ids_of(tmp_path / "out.jsonl") == [f"r{n}" for n in range(300)]


def test_a_429_holds_back_every_request_until_retry_after(tmp_path: Path) -> None:
    clock = FakeClock()
    answered = {"count": 0}

    def handler(body: Dict[str, object]) -> object:
        answered["count"] += 1
        if answered["count"] == 5:
            return error_response(429, "Rate limit reached", code="rate_limit_exceeded",
                                  headers={"retry-after-ms": "3000"})
        return json_response(chat_completion("ok"))

    client, sent = timed_client(clock, handler)
    requests = [chat_request(f"r{n}") for n in range(10)]
    summary = run_live(client, requests, output=str(tmp_path / "out.jsonl"), max_requests_per_minute=600,
                       executor=InlineExecutor(), progress=False, clock=clock)
    assert summary.complete and summary.rate_limited == 1 and summary.retries == 1
    times = [at for at, _ in sent]
    limited_at = times[4]
    after = times[5:]
    assert all(at >= limited_at + 3.0 for at in after), "a request went out during the job-wide pause"
    assert [body["messages"][0]["content"] for _, body in sent][5] == "r4"  # the 429'd request goes first
    assert sorted(ids_of(tmp_path / "out.jsonl")) == sorted(f"r{n}" for n in range(10))


def test_ratelimit_headers_slow_a_job_whose_key_is_shared(tmp_path: Path) -> None:
    """The server says little is left (another user of the key): the job sends less than its limit."""
    clock = FakeClock()

    def handler(body: Dict[str, object]) -> object:
        return json_response(chat_completion("ok"), headers={"x-ratelimit-limit-requests": "600",
                                                             "x-ratelimit-remaining-requests": "0"})

    client, sent = timed_client(clock, handler)
    requests = [chat_request(f"r{n}") for n in range(30)]
    run_live(client, requests, output=str(tmp_path / "out.jsonl"), executor=InlineExecutor(), progress=False,
             clock=clock)
    times = [at for at, _ in sent]
    # 10 a second learned from the first answer's limit header; with nothing left at the server on
    # every answer, each request waits for a refill (and the margin) instead of going at once.
    assert times[1] >= 0.1
    assert all(later - earlier >= 0.1 - 1e-9 for earlier, later in zip(times[1:], times[2:]))
    assert most_in_window(times, 1.0) <= 10
