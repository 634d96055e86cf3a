"""One client shared by many threads, and a client inherited through ``os.fork()``.

Every request carries a nonce that the loopback server echoes back as the completion's content, so
a response delivered to the wrong caller is caught; the server records the client port of every
request, so the tests see which connection each request used and how many sockets were opened.
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Set, Tuple

import pytest
from _echo import ask, echo, nonce_of
from _servers import ScriptedServer

from openai_compat import Client, RequestsTransport, Urllib3Transport

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
CHILD_DEADLINE = 30.0  # seconds a forked child may take before the test kills it and fails

# Python 3.12+ warns that forking a multi-threaded process (the server's threads) may deadlock the
# child; these children only use the client, whose locks are renewed after the fork.
forking = pytest.mark.filterwarnings("ignore:This process .*is multi-threaded:DeprecationWarning")
posix_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")


def ports_by_prefix(server: ScriptedServer) -> Dict[str, Set[int]]:
    """Client ports the server saw, grouped by the nonce's prefix (``parent``, ``child``, ``w3``...)."""
    found: Dict[str, Set[int]] = {}
    for request in server.requests:
        found.setdefault(nonce_of(request).split("-")[0], set()).add(request.peer_port)
    return found


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        running.script(echo)
        yield running
    assert not running.errors


# -- many threads, one client ------------------------------------------------------------------


def run_threads(client: Client, threads: int, calls: int) -> List[str]:
    """``threads`` threads making ``calls`` calls each; returns the problems seen."""
    problems: List[str] = []
    start = threading.Barrier(threads)

    def work(index: int) -> None:
        try:
            start.wait(timeout=10)
            for call in range(calls):
                nonce = f"t{index}-{call}"
                got = ask(client, nonce)
                if got != nonce:
                    problems.append(f"{nonce} got {got}")
        except Exception as exc:
            problems.append(repr(exc))

    workers = [threading.Thread(target=work, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers)
    return problems


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_32_threads_share_one_client(name: str, server: ScriptedServer, caplog: pytest.LogCaptureFixture) -> None:
    pool_size, threads, calls = 32, 32, 500
    client = Client(api_key="sk-test", base_url=server.url, max_retries=0, timeout=10,
                    transport=TRANSPORTS[name](pool_maxsize=pool_size))
    with caplog.at_level(logging.WARNING, logger="urllib3"), client:
        problems = run_threads(client, threads, calls)
    assert problems == []
    assert len(server.requests) == threads * calls
    # Every socket opened was kept and reused: no more than the pool holds, and urllib3 never had
    # to discard one ("Connection pool is full").
    assert server.connections <= pool_size
    assert len({request.peer_port for request in server.requests}) == server.connections
    assert not [record for record in caplog.records if "pool is full" in record.getMessage()]


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_a_pool_smaller_than_the_threads_only_costs_sockets(name: str, server: ScriptedServer) -> None:
    client = Client(api_key="sk-test", base_url=server.url, max_retries=0, timeout=10,
                    transport=TRANSPORTS[name](pool_maxsize=4))
    with client:
        assert run_threads(client, threads=32, calls=20) == []
    assert len(server.requests) == 32 * 20


# -- fork --------------------------------------------------------------------------------------


def fork_child(work: Callable[[], Any]) -> Tuple[int, int]:
    """Fork; the child runs ``work``, writes its result (or error) as JSON to a pipe and exits with
    ``os._exit``, never returning into pytest. Returns the child's pid and the pipe's read end."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_end)
            try:
                outcome: Dict[str, Any] = {"result": work()}
            except BaseException as exc:
                outcome = {"error": repr(exc)}
            with os.fdopen(write_end, "w") as pipe:
                json.dump(outcome, pipe)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def child_result(pid: int, read_end: int, deadline: float) -> Any:
    """What the child reported; kills it and fails if it has not finished by ``deadline``."""
    data = b""
    try:
        while True:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([read_end], [], [], max(remaining, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                pytest.fail(f"forked child {pid} did not finish in {CHILD_DEADLINE} s")
            part = os.read(read_end, 65536)
            if not part:
                break
            data += part
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child exit status {status}"
    outcome = json.loads(data)
    assert "error" not in outcome, outcome["error"]
    return outcome["result"]


@posix_only
@forking
@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_forked_child_opens_its_own_connection(name: str, server: ScriptedServer) -> None:
    client = Client(api_key="sk-test", base_url=server.url, max_retries=0, timeout=10, transport=TRANSPORTS[name]())
    assert ask(client, "parent-0") == "parent-0"

    def in_child() -> List[str]:
        answers = [ask(client, f"child-{index}") for index in range(3)]
        client.close()  # closing the inherited client must not disturb the parent's socket
        return answers

    pid, pipe = fork_child(in_child)
    assert child_result(pid, pipe, time.monotonic() + CHILD_DEADLINE) == ["child-0", "child-1", "child-2"]
    assert ask(client, "parent-1") == "parent-1"
    client.close()

    ports = ports_by_prefix(server)
    assert len(ports["parent"]) == 1, "the parent kept its connection, before and after the fork"
    assert len(ports["child"]) == 1, "the child opened one connection and reused it"
    assert ports["child"].isdisjoint(ports["parent"])


@posix_only
@forking
@pytest.mark.parametrize("warm", [True, False], ids=["after-a-request", "unused"])
@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_prefork_workers_each_get_their_own_connections(name: str, warm: bool, server: ScriptedServer) -> None:
    # gunicorn --preload: the master builds the client (maybe uses it), then forks the workers,
    # which all make requests at once while the master goes on using its own connection.
    workers, calls = 4, 10
    client = Client(api_key="sk-test", base_url=server.url, max_retries=0, timeout=10, transport=TRANSPORTS[name]())
    if warm:
        assert ask(client, "parent-warm") == "parent-warm"

    def worker(index: int) -> Callable[[], List[str]]:
        def run() -> List[str]:
            return [ask(client, f"w{index}-{call}") for call in range(calls)]

        return run

    children = [fork_child(worker(index)) for index in range(workers)]
    parent_answers = [ask(client, f"parent-{call}") for call in range(calls)]
    deadline = time.monotonic() + CHILD_DEADLINE
    results = [child_result(pid, pipe, deadline) for pid, pipe in children]
    client.close()

    assert parent_answers == [f"parent-{call}" for call in range(calls)]
    for index, answers in enumerate(results):
        assert answers == [f"w{index}-{call}" for call in range(calls)]
    ports = ports_by_prefix(server)
    assert len(ports["parent"]) == 1, "the master used one connection throughout"
    seen = set(ports["parent"])
    for index in range(workers):
        mine = ports[f"w{index}"]
        assert len(mine) == 1 and mine.isdisjoint(seen), f"worker {index} shared a connection"
        seen |= mine


def test_mock_transport_lets_a_handler_block_while_other_threads_send() -> None:
    # The handler used to run under MockTransport's lock: two threads meeting at a barrier inside
    # it deadlocked until the barrier's timeout broke it.
    from openai_compat.testing import MockTransport, chat_completion, json_response

    barrier = threading.Barrier(2, timeout=10)

    def handler(request: Any) -> Any:
        barrier.wait()  # both requests must be inside the handler at once
        return json_response(chat_completion("ok"))

    client = Client(api_key="sk-test", transport=MockTransport(handler))
    answers: List[str] = []

    def ask() -> None:
        answers.append(client.chat.completions.create(model="m", messages=[]).choices[0].message.content or "")

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert answers == ["ok", "ok"]
