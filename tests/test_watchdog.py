"""The watchdog behind ``Timeout(total=...)`` inside an attempt, without an HTTP library: it shuts the
watched socket when the time runs out (a blocked read returns at once), never after ``cancel``, and
its heap of deadlines stays small however many calls finish early."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time

import pytest

from openai_compat._internals import watchdog


def test_a_watch_shuts_its_socket_when_the_time_runs_out() -> None:
    ours, peer = socket.socketpair()
    with ours, peer:
        watch = watchdog.arm(0.3)
        watch.attach(ours)
        started = time.monotonic()
        assert ours.recv(10) == b""  # blocked until the watchdog shut the socket: an end of data
        took = time.monotonic() - started
        assert 0.25 < took < 2.0 and watch.fired
        assert watch.cancel() is False  # too late: the caller learns the socket was shut


def test_a_cancelled_watch_never_touches_its_socket() -> None:
    ours, peer = socket.socketpair()
    with ours, peer:
        watch = watchdog.arm(0.05)
        watch.attach(ours)
        assert watch.cancel() is True and watch.cancel() is True  # idempotent
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:  # well past the watch's time
            time.sleep(0.05)
        peer.sendall(b"still open")
        assert ours.recv(20) == b"still open" and not watch.fired


def test_attaching_after_the_time_ran_out_shuts_at_once() -> None:
    watch = watchdog.arm(0.01)
    deadline = time.monotonic() + 5
    while not watch.fired and time.monotonic() < deadline:
        time.sleep(0.01)
    ours, peer = socket.socketpair()
    with ours, peer:
        watch.attach(ours)
        assert ours.recv(10) == b""


def test_the_heap_sweeps_cancelled_watches() -> None:
    for _ in range(5000):
        watchdog.arm(600).cancel()
    with watchdog._DOG.lock:
        assert len(watchdog._DOG.heap) < 1000


def test_watches_from_many_threads() -> None:
    fired = []

    def one(seconds: float) -> None:
        ours, peer = socket.socketpair()
        with ours, peer:
            watch = watchdog.arm(seconds)
            watch.attach(ours)
            if seconds > 1:
                watch.cancel()
                return
            ours.recv(10)
            fired.append(watch.fired)

    threads = [threading.Thread(target=one, args=(0.1 if i % 2 else 30,)) for i in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert fired == [True] * 16


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs os.fork")
def test_a_forked_child_gets_a_watchdog_of_its_own() -> None:
    watchdog.arm(600).cancel()  # the parent's thread is running
    pid = os.fork()
    if pid == 0:  # the child: its watchdog starts afresh and works
        code = 1
        try:
            ours, _peer = socket.socketpair()  # the peer stays open: only the watchdog can end the read
            watch = watchdog.arm(0.1)
            watch.attach(ours)
            code = 0 if ours.recv(10) == b"" and watch.fired else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
