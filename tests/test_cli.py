"""The ``openai-compat`` command line against loopback servers (tests/_fake_openai.py)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
from _fake_openai import MODEL, FakeOpenAI
from _servers import ScriptedServer, refused_port

from openai_compat.cli import main
from openai_compat.cli.progress import TerminalProgress, format_size

KEY = "sk-cli-test-0123456789"


@pytest.fixture
def fake() -> Iterator[Tuple[ScriptedServer, FakeOpenAI]]:
    handler = FakeOpenAI(key=KEY, pieces=["Hel", "lo", " there"])
    with ScriptedServer().script(handler) as server:
        yield server, handler


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def connect(server: ScriptedServer) -> List[str]:
    return ["--base-url", server.url, "--api-key", KEY]


def sent_json(server: ScriptedServer, index: int = -1) -> dict:
    return json.loads(server.requests[index].body)


# -- chat and responses -------------------------------------------------------------------------


def test_chat_streams_the_answer(fake, capsys) -> None:
    server, _ = fake
    status, out, err = run(capsys, "chat", *connect(server), "-m", MODEL, "Say", "hello")
    assert (status, out, err) == (0, "Hello there\n", "")
    assert sent_json(server) == {
        "model": MODEL, "messages": [{"role": "user", "content": "Say hello"}], "stream": True,
    }


def test_chat_options_go_into_the_request(fake, capsys, monkeypatch) -> None:
    server, _ = fake
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_MODEL", MODEL)
    status, out, _ = run(capsys, "chat", "-s", "Be brief.", "-t", "0.2", "--max-tokens", "5", "--no-stream", "Hi")
    assert (status, out) == (0, "Hello there\n")
    assert sent_json(server) == {
        "model": MODEL,
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        "temperature": 0.2,
        "max_completion_tokens": 5,
    }


def test_chat_reads_the_prompt_from_stdin(fake, capsys, monkeypatch) -> None:
    server, _ = fake
    monkeypatch.setattr(sys, "stdin", io.StringIO("Summarize this:\nline two\n"))
    status, _, _ = run(capsys, "chat", *connect(server), "-m", MODEL)
    assert status == 0
    assert sent_json(server)["messages"] == [{"role": "user", "content": "Summarize this:\nline two"}]


def test_chat_json_prints_the_whole_completion(fake, capsys) -> None:
    server, _ = fake
    status, out, _ = run(capsys, "chat", *connect(server), "-m", MODEL, "--json", "Hi")
    assert status == 0
    assert json.loads(out)["choices"][0]["message"]["content"] == "Hello there"


def test_chat_without_a_model_or_prompt_says_what_to_give(fake, capsys, monkeypatch) -> None:
    server, _ = fake
    status, out, err = run(capsys, "chat", *connect(server), "Hi")
    assert (status, out) == (2, "")
    assert "no model: pass --model NAME or set OPENAI_MODEL" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    status, _, err = run(capsys, "chat", *connect(server), "-m", MODEL)
    assert status == 2 and "the prompt is empty" in err
    assert server.requests == []


def test_chat_errors_are_explained_without_the_key(fake, capsys) -> None:
    server, _ = fake
    status, out, err = run(capsys, "chat", "--base-url", server.url, "--api-key", "sk-wrong-key-99", "-m", MODEL, "Hi")
    assert (status, out) == (1, "")
    assert "Incorrect API key provided" in err and "check OPENAI_API_KEY" in err
    assert "sk-wrong-key-99" not in err
    status, _, err = run(capsys, "chat", *connect(server), "-m", "nope", "--base-url", server.url[:-3], "Hi")
    assert status == 1 and "has no such model or endpoint" in err


def test_chat_against_nothing_names_the_address(capsys) -> None:
    with refused_port() as port:
        status, _, err = run(capsys, "chat", "--base-url", f"http://127.0.0.1:{port}/v1", "--api-key", "k",
                             "--max-retries", "0", "-m", MODEL, "Hi")
    assert status == 1
    assert f"nothing answered at 127.0.0.1:{port}" in err


def test_chat_output_arrives_as_it_is_streamed() -> None:
    """Run as users do, in a process of its own: the first piece is on stdout before the server sends the
    second."""
    gate = threading.Event()
    handler = FakeOpenAI(pieces=["first ", "second"], pace=lambda index: index != 1 or gate.wait(10))
    with ScriptedServer().script(handler) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": KEY}
        command = [sys.executable, "-m", "openai_compat", "chat", "-m", MODEL, "go"]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
            assert process.stdout is not None
            first = process.stdout.read(len(b"first "))
            assert first == b"first " and handler.stream_events == ["sent 1"]
            gate.set()
            rest, err = process.communicate(timeout=30)
    assert rest == b"second\n" and process.returncode == 0, err


def test_responses_streams_and_waits(fake, capsys) -> None:
    server, _ = fake
    status, out, _ = run(capsys, "responses", *connect(server), "-m", MODEL, "-i", "Be nice.", "Hi")
    assert (status, out) == (0, "Hello there\n")
    assert sent_json(server) == {"model": MODEL, "input": "Hi", "instructions": "Be nice.", "stream": True}
    status, out, _ = run(capsys, "responses", *connect(server), "-m", MODEL, "--no-stream", "Hi")
    assert (status, out) == (0, "Hello there\n")
    assert "stream" not in sent_json(server)


def test_models_lists_ids(fake, capsys) -> None:
    server, _ = fake
    assert run(capsys, "models", *connect(server)) == (0, f"{MODEL}\n", "")
    status, out, _ = run(capsys, "models", *connect(server), "--json")
    assert status == 0 and json.loads(out)[0]["id"] == MODEL


def test_options_may_come_before_or_after_the_command(fake, capsys) -> None:
    server, _ = fake
    assert run(capsys, *connect(server), "models")[0] == 0
    assert run(capsys, "--base-url", server.url, "models", "--api-key", KEY)[0] == 0


# -- files -------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_files_upload_then_download(fake, capsys, monkeypatch, tmp_path: Path) -> None:
    server, handler = fake
    source = tmp_path / "batch.jsonl"
    source.write_bytes(b'{"custom_id": "a"}\n' * 1000)
    status, out, err = run(capsys, "files", *connect(server), "upload", str(source), "--purpose", "batch")
    assert (status, out) == (0, "file-1\n")
    assert handler.files["file-1"] == ("batch.jsonl", source.read_bytes())
    assert re.match(r"uploading batch.jsonl: 18\.\d KiB in \d+\.\d s\n$", err)  # the multipart body

    monkeypatch.chdir(tmp_path)
    source.rename(tmp_path / "original.jsonl")
    status, out, err = run(capsys, "files", *connect(server), "download", "file-1")  # saved under its name
    assert (status, out) == (0, "batch.jsonl\n")
    assert (tmp_path / "batch.jsonl").read_bytes() == (tmp_path / "original.jsonl").read_bytes()
    status, _, err = run(capsys, "files", *connect(server), "download", "file-1")
    assert status == 2 and "batch.jsonl exists: pass --force" in err
    assert run(capsys, "files", *connect(server), "download", "file-1", "--force")[0] == 0
    status, out, _ = run(capsys, "files", *connect(server), "list")
    assert out == "file-1\tbatch\t18.6 KiB\tbatch.jsonl\n"
    status, out, _ = run(capsys, "files", *connect(server), "list", "--json")
    assert [item["filename"] for item in json.loads(out)] == ["batch.jsonl"]
    status, _, err = run(capsys, "files", *connect(server), "download", "file-1", "-o", str(tmp_path / "no" / "x"))
    assert status == 1 and "No such file or directory" in err


def test_a_missing_file_to_upload(fake, capsys, tmp_path: Path) -> None:
    server, _ = fake
    status, _, err = run(capsys, "files", *connect(server), "upload", str(tmp_path / "absent.jsonl"), "-p", "batch")
    assert status == 2 and "absent.jsonl is not a file" in err
    assert server.requests == []


def test_files_progress_is_drawn_on_a_terminal(fake, capsys, monkeypatch, tmp_path: Path) -> None:
    server, _ = fake
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    source = tmp_path / "data.bin"
    source.write_bytes(os.urandom(3000))
    assert main(["files", *connect(server), "upload", str(source), "-p", "user_data"]) == 0
    drawn = terminal.getvalue()
    assert "\ruploading data.bin: 100%" in drawn and drawn.endswith("\x1b[K\n")
    assert main(["files", *connect(server), "download", "file-1", "-o", str(tmp_path / "copy.bin")]) == 0
    assert "\rdownloading copy.bin: 100%" in terminal.getvalue()
    assert (tmp_path / "copy.bin").read_bytes() == source.read_bytes()


def test_files_download_to_stdout(fake, capfdbinary, tmp_path: Path) -> None:
    server, handler = fake
    handler.files["file-9"] = ("x.bin", b"\x00\x01raw bytes")
    assert main(["files", *connect(server), "download", "file-9", "-o", "-"]) == 0
    assert capfdbinary.readouterr().out == b"\x00\x01raw bytes"


def test_terminal_progress_is_throttled_and_quiet_in_logs() -> None:
    now = [0.0]
    terminal = FakeTerminal()
    progress = TerminalProgress("up", terminal, per_second=10, clock=lambda: now[0])
    for done in range(0, 1000, 10):  # 100 calls within 0.05 s: one drawing, and the last at 100 %
        now[0] += 0.0005
        progress(done, 1000)
    progress(1000, 1000)
    assert terminal.getvalue().count("\r") == 2 and "100% 1000 B of 1000 B" in terminal.getvalue()
    log = io.StringIO()
    quiet = TerminalProgress("up", log, clock=lambda: now[0])
    quiet(500, 1000)
    quiet.finish()
    assert log.getvalue() == "up: 500 B in 0.0 s\n"
    assert [format_size(n) for n in (0, 1023, 1536, 5 * 1024**3)] == ["0 B", "1023 B", "1.5 KiB", "5.0 GiB"]


# -- the entry points ----------------------------------------------------------------------------


def test_python_dash_m_and_the_console_script() -> None:
    command = [sys.executable, "-m", "openai_compat", "--version"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("openai-compat ")
    script = Path(sys.executable).parent / "openai-compat"
    assert script.exists(), "pip install -e . creates the console script"
    done = subprocess.run([str(script), "chat", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "--no-stream" in done.stdout
    done = subprocess.run([str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "COMMAND" in done.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly(fake) -> None:
    server, handler = fake
    handler.files["file-big"] = ("big.bin", b"x" * 4_000_000)
    env = {**os.environ, "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": KEY}
    with subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL) as reader:
        assert reader.stdin is not None
        done = subprocess.run(
            [sys.executable, "-m", "openai_compat", "files", "download", "file-big", "-o", "-"],
            stdout=reader.stdin, stderr=subprocess.PIPE, env=env, timeout=60, check=False,
        )
        reader.stdin.close()
    assert done.returncode == 1
    assert done.stderr == b""  # no BrokenPipeError traceback, no "Exception ignored" at exit
