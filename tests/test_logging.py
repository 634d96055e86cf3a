"""Logging: ``OPENAI_LOG`` prints each line once, whether or not the application configured logging
(checked in fresh interpreters, where no test runner owns the root logger); retry lines carry the
error code; the end of a stream is logged with how it ended and its counts."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from typing import Any, Iterator, List

import pytest
from _servers import DONE, ScriptedServer, event, reply, sse_chunked

from openai_compat import APIStreamError, RetryPolicy, Session
from openai_compat.testing import MockTransport, error_response, json_response, sse_response

KEY = "sk-logging-0123456789abcdef"

# Run in a fresh interpreter: ``SETUP`` configures logging (or not) before or after the client is made.
_SCRIPT = """
import logging, sys
from openai_compat import RetryPolicy, Session
if sys.argv[2] == "before":
    logging.basicConfig(format="app|%(name)s|%(message)s")
session = Session(api_key="{key}", base_url=sys.argv[1], retry_policy=RetryPolicy(sleep=lambda s: None))
if sys.argv[2] == "after":
    logging.basicConfig(format="app|%(name)s|%(message)s")
session.request("GET", "/models", cast_to=object)
"""


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


def _stderr_lines(server: ScriptedServer, setup: str) -> List[str]:
    server.script(reply(429, {"error": {"message": "slow down", "code": "rate_limit_exceeded"}}),
                  reply(200, {"data": []}))
    env = {**os.environ, "OPENAI_LOG": "debug"}
    done = subprocess.run([sys.executable, "-c", _SCRIPT.format(key=KEY), server.url, setup],
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    assert KEY not in done.stderr
    return done.stderr.splitlines()


@pytest.mark.parametrize("setup", ["before", "after"])
def test_with_basic_config_each_line_is_printed_once_by_the_application(server: ScriptedServer, setup: str) -> None:
    lines = _stderr_lines(server, setup)
    attempts = [line for line in lines if "/models (attempt 1)" in line]
    assert attempts == [f"app|openai_compat|GET {server.url}/models (attempt 1)"]
    retries = [line for line in lines if "Retrying" in line]
    assert len(retries) == 1 and "after status 429, error code 'rate_limit_exceeded'" in retries[0]


def test_without_logging_configured_our_handler_prints_each_line_once(server: ScriptedServer) -> None:
    lines = _stderr_lines(server, "none")
    attempts = [line for line in lines if "/models (attempt 1)" in line]
    assert len(attempts) == 1 and " - openai_compat - DEBUG] GET " in attempts[0]


@pytest.fixture
def debug(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG, logger="openai_compat")
    yield caplog


def _stream_ends(caplog: pytest.LogCaptureFixture) -> List[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Stream ")]


def test_the_end_of_a_stream_is_logged_with_its_reason_and_counts(debug: pytest.LogCaptureFixture,
                                                                   server: ScriptedServer) -> None:
    session = Session(api_key=KEY, base_url=server.url, max_retries=0)
    body = {"model": "m", "stream": True}
    server.script(sse_chunked([event({"n": 1}), event({"n": 2}), DONE]))
    assert len(list(session.stream("POST", "/chat/completions", cast_to=object, body=body))) == 2
    server.script(sse_chunked([event({"n": 1}), event({"n": 2}), DONE]))
    for _ in session.stream("POST", "/chat/completions", cast_to=object, body=body):
        break
    server.script(sse_chunked([event({"n": 1}), event({"error": {"message": "overloaded"}})]))
    with pytest.raises(APIStreamError):
        list(session.stream("POST", "/chat/completions", cast_to=object, body=body))
    server.script(sse_chunked([event({"n": 1})]))
    list(session.stream("POST", "/chat/completions", cast_to=object, body=body))
    done, early, failed, eof = _stream_ends(debug)
    where = f"Stream POST {server.url}/chat/completions ended"
    size = len(event({"n": 1}) + event({"n": 2}) + DONE)
    assert re.fullmatch(rf"{re.escape(where)} \(\[DONE\]\): 3 events, {size} bytes in \d+\.\d{{3}} s", done), done
    assert "(closed before its end): " in early
    assert "(APIStreamError: overloaded): 2 events" in failed
    assert "(the body ended): 1 events" in eof
    session.close()


def test_retry_lines_carry_the_error_code(debug: pytest.LogCaptureFixture) -> None:
    transport = MockTransport(responses=[
        error_response(429, "slow down", code="rate_limit_exceeded"),
        error_response(500, "oops"),
        json_response({"ok": True}),
    ])
    session = Session(api_key=KEY, transport=transport, retry_policy=RetryPolicy(sleep=lambda s: None))
    assert session.request("GET", "/models", cast_to=object) == {"ok": True}
    retries = [r.getMessage() for r in debug.records if r.getMessage().startswith("Retrying")]
    assert [line.rpartition(" after ")[2] for line in retries] == [
        "status 429, error code 'rate_limit_exceeded'", "status 500"]


def test_a_mock_stream_logs_its_end_too(debug: pytest.LogCaptureFixture) -> None:
    transport = MockTransport(responses=[sse_response([{"n": 1}], chunk_sizes=[5])])
    session = Session(api_key=KEY, transport=transport)
    items: Any = list(session.stream("POST", "/chat/completions", cast_to=object, body={}))
    assert items == [{"n": 1}]
    (line,) = _stream_ends(debug)
    assert "([DONE]): 2 events" in line
