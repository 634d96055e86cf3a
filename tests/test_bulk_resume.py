"""A bulk job killed with SIGKILL and run again, and the command line (``python -m openai_compat.bulk``),
against a loopback server that answers after a delay."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

import pytest
from _bulk_fakes import chat_request, ids_of, output_lines, write_jsonl
from _bulk_server import BulkServer

from openai_compat._internals import bulk_main as main

ROWS = 150
CONCURRENCY = 8


def cli(requests: Path, output: Path, *options: str) -> List[str]:
    return [sys.executable, "-m", "openai_compat.bulk", str(requests), str(output), "--no-progress", *options]


def environment(server: BulkServer) -> Dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENAI_")}
    return {**env, "OPENAI_API_KEY": "sk-test-bulk", "OPENAI_BASE_URL": server.url, "NO_PROXY": "127.0.0.1"}


def complete_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_killed_with_sigkill_then_rerun_every_custom_id_exactly_once(tmp_path: Path) -> None:
    requests = write_jsonl(tmp_path / "in.jsonl", [chat_request(f"row-{n}") for n in range(ROWS)])
    output = tmp_path / "out.jsonl"
    with BulkServer(delay=0.05) as server:
        command = cli(requests, output, "--rpm", "6000", "--concurrency", str(CONCURRENCY))
        child = subprocess.Popen(command, env=environment(server), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while complete_lines(output) < 40:  # killed part-way, with requests in flight
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the job wrote nothing within 60 s"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stderr:
            child.stderr.close()
        killed = output_lines(output)  # every line whole: no cut-off line even after SIGKILL
        assert 40 <= len(killed) < ROWS
        assert len({line["custom_id"] for line in killed}) == len(killed)

        done = subprocess.run(command, env=environment(server), capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        assert f"{ROWS} requests: {ROWS - len(killed)} succeeded, 0 failed, {len(killed)} already done" in done.stdout
        sent = server.texts()
    ids = ids_of(output)
    assert sorted(ids) == sorted(f"row-{n}" for n in range(ROWS)) and len(ids) == ROWS  # each exactly once
    assert ids[: len(killed)] == [line["custom_id"] for line in killed]  # the first run's lines untouched
    # Sent twice at most: the requests in flight when the first run was killed.
    assert ROWS <= len(sent) <= ROWS + CONCURRENCY


def test_cli_exit_status_and_json_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    requests = write_jsonl(tmp_path / "in.jsonl", [chat_request(f"r{n}") for n in range(5)])
    output = tmp_path / "out.jsonl"
    quota = (429, {"error": {"message": "You exceeded your current quota", "type": "insufficient_quota",
                             "code": "insufficient_quota", "param": None}})
    with BulkServer(fail={"r3": quota}) as server:
        for name, value in environment(server).items():
            monkeypatch.setenv(name, value)
        status = main([str(requests), str(output), "--no-progress", "--concurrency", "1", "--json"])
        assert status == 3  # stopped early: resumable
        summary = json.loads(capsys.readouterr().out)
        assert summary["stopped"].startswith("insufficient_quota") and summary["complete"] is False
        server.fail.clear()
        assert main([str(requests), str(output), "--no-progress"]) == 0
        assert "5 requests: 2 succeeded, 0 failed, 3 already done, 0 remaining" in capsys.readouterr().out
    assert sorted(ids_of(output)) == [f"r{n}" for n in range(5)]


def test_cli_bad_input_and_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-bulk")
    requests = write_jsonl(tmp_path / "in.jsonl", [chat_request("a"), chat_request("a")])
    assert main([str(requests), str(tmp_path / "out.jsonl"), "--no-progress"]) == 1
    assert "custom_id(s) appear more than once" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.jsonl"), str(tmp_path / "out.jsonl"), "--no-progress"]) == 1
    assert "No such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(requests), str(tmp_path / "out.jsonl"), "--rpm", "0"])
    assert "must be above 0" in capsys.readouterr().err
    monkeypatch.delenv("OPENAI_API_KEY")
    assert main([str(requests), str(tmp_path / "out.jsonl")]) == 1
    assert "OPENAI_API_KEY" in capsys.readouterr().err
