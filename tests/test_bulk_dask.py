"""Bulk jobs on a real Dask ``LocalCluster`` (2 worker processes): ``bulk.run_dask`` over a bag, with
the limit shared out between the workers and a stopped run's part file merged on resume, and
``bulk.run`` with the cluster as its executor. The cluster runs in a fresh interpreter
(``_bulk_dask_driver.py``): importing distributed changes process-wide state."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest
from _bulk_fakes import ids_of, write_jsonl
from _bulk_server import BulkServer

pytestmark = pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                reason="dask[distributed] is a dev dependency on Python >= 3.10")

DRIVER = Path(__file__).with_name("_bulk_dask_driver.py")
COUNT = 120
RPM = 1200  # 20 a second: 120 requests need at least (120 - 20) / 20 = 5 s however many workers send them


def drive(mode: str, server: BulkServer, output: Path) -> Dict[str, Any]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENAI_")}
    done = subprocess.run([sys.executable, str(DRIVER), mode, server.url, str(output), str(COUNT), str(RPM)],
                          capture_output=True, text=True, timeout=240, env={**env, "NO_PROXY": "127.0.0.1"},
                          check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    summary: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return summary


def test_run_dask_shares_the_limit_between_workers_and_resumes(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    # A stopped earlier run: 10 results merged, and 5 more in a partition's part file (its last line cut off).
    earlier = [json.dumps({"id": f"x{n}", "custom_id": f"row-{n}", "response": {"status_code": 200, "body": {}},
                           "error": None}) for n in range(16)]
    output.write_text("".join(line + "\n" for line in earlier[:10]))
    (tmp_path / "out.jsonl.parts").mkdir()
    (tmp_path / "out.jsonl.parts" / "part-00002.jsonl").write_text(
        "".join(line + "\n" for line in earlier[10:15]) + earlier[15][:30])
    with BulkServer(rpm=RPM, delay=0.02) as server:
        summary = drive("bag", server, output)
        sent = sorted(server.texts())
        limited = server.texts(429)
    assert summary["total"] == COUNT and summary["skipped"] == 15
    assert summary["succeeded"] == COUNT - 15 and summary["stopped"] is None
    assert sent == sorted(f"row-{n}" for n in range(15, COUNT))  # only what no earlier run had done
    ids = ids_of(output)
    assert sorted(ids) == sorted(f"row-{n}" for n in range(COUNT)) and len(ids) == COUNT
    assert not (tmp_path / "out.jsonl.parts").exists()
    # Each worker took half the limit: together they kept to it (no more than a few 429s from jitter),
    # and the job took about as long as the limit requires.
    assert len(limited) <= 3
    assert summary["elapsed"] >= 0.8 * ((COUNT - 15) - RPM / 60) / (RPM / 60)


def test_run_with_the_cluster_as_executor(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    write_jsonl(output, [])
    with BulkServer(delay=0.01) as server:
        summary = drive("executor", server, output)
        assert len(server.texts()) == COUNT
    assert summary["succeeded"] == COUNT and summary["via"] == "live"
    assert sorted(ids_of(output)) == sorted(f"row-{n}" for n in range(COUNT))
