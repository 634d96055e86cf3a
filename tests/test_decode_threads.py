"""First decodes from many threads at once, in fresh processes (a gunicorn ``gthread`` worker or a
Celery pool starting up): every call, and every later call, decodes.

Each child (``_first_decode_child.py``) starts 16 threads that make their first decodes together,
of bodies carrying provider extensions: chat completions and chunks, Responses bodies and events,
embeddings, a models page, a Realtime event. A decoder cache that another thread can see half-made
fails some of those calls: the lenient-twin tables of earlier versions did in 33 of 40 processes.
The 40 processes are forked from one fresh interpreter that has imported the package but decoded
nothing (so each starts cold, and the suite does not pay 40 imports); two more are fresh
interpreters of their own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

CHILD = Path(__file__).resolve().parent / "_first_decode_child.py"
PROCESSES = 40
CALLS = 16 * 7 * 2  # threads x kinds of call x (first round + later round)


def run_child(*arguments: str) -> List[Dict[str, Any]]:
    done = subprocess.run([sys.executable, str(CHILD), *arguments], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def check(results: List[Dict[str, Any]], processes: int) -> None:
    assert len(results) == processes
    failing = [result for result in results if result["problems"] or result["calls"] != CALLS]
    first = failing[0]["problems"][:3] if failing else None
    assert not failing, f"{len(failing)} of {processes} processes had failing calls; the first: {first}"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_sixteen_threads_first_decodes_in_forty_cold_processes_all_succeed() -> None:
    check(run_child("--fork", str(PROCESSES)), PROCESSES)


def test_sixteen_threads_first_decodes_in_fresh_interpreters_all_succeed() -> None:
    check(run_child() + run_child(), 2)
