"""A real distributed run: a pickled client in Dask workers and in a multiprocessing "spawn" pool, and
one client shared by greenlets under ``gevent.monkey.patch_all()``: how Dask, Celery and gevent
users run it.

The loopback server runs in this process; workers reach it over 127.0.0.1. The client is made with
a key the workers never see: it is not in the pickle, and the workers read OPENAI_API_KEY from
their own environment, which is what the server receives. The workers return the typed completions,
so the results cross the process boundary by pickle too. Dask and gevent run in a subprocess each
(``_dask_driver.py``, ``_gevent_client.py``): both change process-wide state when imported.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest
from _echo import echo, echo_handler
from _servers import CLOSE, Conn, Handler, Recorded, ScriptedServer

from openai_compat import ChatCompletion, Client, RequestsTransport, Urllib3Transport

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
PARENT_KEY = "sk-parent-only-0123456789"
WORKER_KEY = "sk-from-the-workers-environment"
TASKS = 8


def complete(client: Client, index: int) -> Tuple[int, ChatCompletion]:
    """Runs in a worker process: one chat completion; returns the worker's pid and the result."""
    result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": f"n{index}"}])
    return os.getpid(), result


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    monkeypatch.setenv("OPENAI_API_KEY", WORKER_KEY)  # inherited by the worker processes started below
    with ScriptedServer() as running:
        running.script(echo_handler(extras=True, request_id="req_1"))
        yield running
    assert not running.errors


def check(server: ScriptedServer, results: List[Tuple[int, ChatCompletion]]) -> None:
    assert len(results) == TASKS
    for index, (pid, completion) in enumerate(results):
        assert pid != os.getpid(), "the task ran in this process"
        assert type(completion) is ChatCompletion
        assert completion.choices[0].message.content == f"n{index}"
        assert completion.choices[0].message.reasoning_content == f"thinking about n{index}"
        assert completion._request_id == "req_1"
    assert len(server.requests) == TASKS
    assert {request.headers["authorization"] for request in server.requests} == {f"Bearer {WORKER_KEY}"}


def test_dask_workers_map_completions_over_a_pickled_client(server: ScriptedServer) -> None:
    if importlib.util.find_spec("distributed") is None:  # not imported here: see the module docstring
        pytest.skip("dask[distributed] is a dev dependency on Python >= 3.10")
    env = {**os.environ}
    del env["OPENAI_API_KEY"]  # the driver has only the parent's key; the workers get theirs from Dask
    driver = Path(__file__).with_name("_dask_driver.py")
    done = subprocess.run(
        [sys.executable, str(driver), server.url, ",".join(sorted(TRANSPORTS)), str(TASKS), PARENT_KEY, WORKER_KEY],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(report) == sorted(TRANSPORTS)
    for rows in report.values():
        assert rows == [
            {"remote": True, "type": "ChatCompletion", "content": f"n{index}",
             "reasoning_content": f"thinking about n{index}", "request_id": "req_1"}
            for index in range(TASKS)
        ]
    assert len(server.requests) == TASKS * len(TRANSPORTS)
    assert {request.headers["authorization"] for request in server.requests} == {f"Bearer {WORKER_KEY}"}


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_a_spawn_pool_maps_completions_over_a_pickled_client(name: str, server: ScriptedServer) -> None:
    client = Client(api_key=PARENT_KEY, base_url=server.url, transport=TRANSPORTS[name](), max_retries=0, timeout=30)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map_async(functools.partial(complete, client), range(TASKS)).get(timeout=60)
    check(server, results)


# -- gevent ------------------------------------------------------------------------------------


def gathering(count: int) -> Handler:
    """Echo, but hold the first ``count`` requests until all of them have arrived: they only can if
    the caller runs them at the same time (a client blocking the gevent hub would never get there)."""
    lock = threading.Lock()
    arrived = [0]
    everyone = threading.Event()

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        with lock:
            arrived[0] += 1
            if arrived[0] >= count:
                everyone.set()
        if not conn.wait(everyone, timeout=15):
            return CLOSE
        echo(conn, request)
        return None

    return handler


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_greenlets_share_a_client_under_gevent_monkey_patching(name: str, server: ScriptedServer) -> None:
    pytest.importorskip("gevent", reason="gevent is a dev dependency (pip install -e '.[dev]')")
    greenlets, calls = 16, 5
    server.script(gathering(greenlets))
    script = Path(__file__).with_name("_gevent_client.py")
    done = subprocess.run(
        [sys.executable, str(script), server.url, name, str(greenlets), str(calls)],
        capture_output=True, text=True, timeout=90, env=os.environ.copy(), check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"ok": greenlets * calls, "asyncio": False}
    assert len(server.requests) == greenlets * calls
    assert {request.headers["authorization"] for request in server.requests} == {f"Bearer {WORKER_KEY}"}
