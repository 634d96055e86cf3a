"""``openai-compat doctor`` against loopback servers that work, or fail in the ways real setups do."""

from __future__ import annotations

import re
from typing import Dict, Tuple

import pytest
from _fake_openai import MODEL, FakeOpenAI
from _servers import ScriptedServer, refused_port, reply

from openai_compat.cli import main

KEY = "sk-doctor-test-secret-42"


def doctor(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, Dict[str, Tuple[str, str]], str]:
    """Exit status, each check's (status, detail + fix) by name, and the whole output."""
    status = main(["doctor", *argv])
    out = capsys.readouterr().out
    checks: Dict[str, Tuple[str, str]] = {}
    name = ""
    for line in out.splitlines()[1:-1]:
        found = re.match(r"  (ok|warn|FAIL|skip)\s+(.+?)\s{2,}(.*)$", line)
        if found:
            name = found.group(2)
            checks[name] = (found.group(1), found.group(3))
        else:
            checks[name] = (checks[name][0], checks[name][1] + " | " + line.strip())
    assert KEY not in out
    return status, checks, out


def statuses(checks: Dict[str, Tuple[str, str]]) -> Dict[str, str]:
    return {name: status for name, (status, _) in checks.items()}


def test_a_server_that_does_everything(capsys, monkeypatch) -> None:
    with ScriptedServer().script(FakeOpenAI(key=KEY)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        status, checks, out = doctor(capsys)
    assert status == 0
    assert statuses(checks) == {
        "base URL": "ok", "API key": "ok", "GET /models": "ok", "model": "ok",
        "chat completion": "ok", "streaming": "ok", "structured outputs": "ok",
    }
    assert checks["base URL"][1] == f"{server.url} (from OPENAI_BASE_URL)"
    assert checks["API key"][1] == f"set (from OPENAI_API_KEY, {len(KEY)} characters)"
    assert checks["model"][1].startswith(f"{MODEL} (the first of /models")
    assert checks["chat completion"][1].startswith("answered 'OK' (finish_reason stop)")
    assert checks["streaming"][1].startswith("3 chunks, the first after ")
    assert checks["structured outputs"][1].startswith("parsed Capital(city='Paris', country='France')")
    assert out.endswith("7 of 7 checks passed, none failed.\n")


def test_a_base_url_without_v1_is_told_to_add_it(capsys) -> None:
    with ScriptedServer().script(FakeOpenAI()) as server:
        root = server.url[: -len("/v1")]
        status, checks, _ = doctor(capsys, "--base-url", root, "--api-key", KEY, "-m", MODEL)
    assert status == 1
    state, text = checks["GET /models"]
    assert state == "FAIL" and "404" in text
    assert f"fix: most servers serve the API under /v1: try --base-url {root}/v1" in text


def test_a_wrong_key_is_named_and_the_rest_skipped(capsys) -> None:
    with ScriptedServer().script(FakeOpenAI(key="sk-the-right-one")) as server:
        status, checks, _ = doctor(capsys, "--base-url", server.url, "--api-key", KEY)
    assert status == 1
    assert checks["API key"][1] == f"set (from --api-key, {len(KEY)} characters)"
    assert checks["GET /models"][0] == "FAIL"
    assert "fix: the server refused the key from --api-key: check OPENAI_API_KEY" in checks["GET /models"][1]
    assert statuses(checks)["chat completion"] == statuses(checks)["streaming"] == "skip"
    assert len(server.requests) == 1  # nothing else was tried with a key the server refused


def test_no_key_still_probes_a_server_that_needs_none(capsys, monkeypatch) -> None:
    with ScriptedServer().script(FakeOpenAI()) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        status, checks, _ = doctor(capsys)
    assert status == 1  # the key is missing: that is the one thing to fix
    assert checks["API key"][0] == "FAIL" and "takes any value, e.g. EMPTY" in checks["API key"][1]
    assert [name for name, state in statuses(checks).items() if state != "ok"] == ["API key"]
    assert server.requests[0].headers["authorization"] == "Bearer EMPTY"


def test_nothing_listening(capsys) -> None:
    with refused_port() as port:
        status, checks, _ = doctor(capsys, "--base-url", f"http://127.0.0.1:{port}/v1", "--api-key", KEY)
    assert status == 1
    assert checks["GET /models"][0] == "FAIL"
    assert f"fix: nothing answered at 127.0.0.1:{port}: is the server running" in checks["GET /models"][1]
    assert statuses(checks)["structured outputs"] == "skip"


def test_a_url_without_a_scheme(capsys) -> None:
    status, checks, out = doctor(capsys, "--base-url", "localhost:8000/v1")
    assert status == 1
    assert checks["base URL"][0] == "FAIL" and "e.g. http://localhost:8000/v1" in checks["base URL"][1]
    assert out.endswith("0 of 1 checks passed, 1 failed.\n")


def test_structured_outputs_ignored_or_rejected(capsys) -> None:
    with ScriptedServer().script(FakeOpenAI(structured="Paris is the capital.")) as server:
        status, checks, _ = doctor(capsys, "--base-url", server.url, "--api-key", KEY, "-m", MODEL)
    assert status == 1
    state, text = checks["structured outputs"]
    assert state == "FAIL" and "'Paris is the capital.'" in text and "{'type': 'json_object'}" in text
    assert statuses(checks)["streaming"] == "ok"

    with ScriptedServer().script(FakeOpenAI(reject_response_format=True)) as server:
        status, checks, _ = doctor(capsys, "--base-url", server.url, "--api-key", KEY, "-m", MODEL)
    state, text = checks["structured outputs"]
    assert state == "FAIL" and "json_schema is not supported" in text
    assert "fix: the server rejects response_format json_schema" in text


def test_an_unknown_model_is_a_warning_then_a_failure(capsys) -> None:
    def picky(conn, request):  # a server that knows one model and 404s the others, as OpenAI does
        if request.target.endswith("/chat/completions") and b'"model":"nope"' in request.body.replace(b" ", b""):
            error = {"message": "The model `nope` does not exist", "type": "invalid_request_error"}
            return reply(404, {"error": error})(conn, request)
        return FakeOpenAI()(conn, request)

    with ScriptedServer().script(picky) as server:
        status, checks, _ = doctor(capsys, "--base-url", server.url, "--api-key", KEY, "--model", "nope")
    assert status == 1
    assert checks["model"][0] == "warn" and "nope (from --model) is not among /models" in checks["model"][1]
    assert checks["chat completion"][0] == "FAIL" and "does not exist" in checks["chat completion"][1]
    assert "`openai-compat models` lists them" in checks["chat completion"][1]
