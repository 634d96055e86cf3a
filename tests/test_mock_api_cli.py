"""The command line against the local mock of the OpenAI API: every request it sends matches the spec.

The CLI builds its own client, so the spec check reads the mock's request log. The mock answers
random text, so the answers are not compared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _mock_log import assert_logged_requests_match_the_spec
from mock_api import MockAPICheck

from openai_compat.cli import main

pytestmark = pytest.mark.mock_api


def run(mock_api: MockAPICheck, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main([*argv, "--base-url", mock_api.url, "--api-key", "sk-test"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def test_chat_models_and_responses(mock_api: MockAPICheck, capsys) -> None:
    models = run(mock_api, capsys, "models").split()
    assert models
    run(mock_api, capsys, "chat", "-m", models[0], "-s", "Be brief.", "-t", "0.5", "--max-tokens", "9", "Hi")
    run(mock_api, capsys, "chat", "-m", models[0], "--no-stream", "Hi")
    assert "choices" in json.loads(run(mock_api, capsys, "chat", "-m", models[0], "--json", "Hi"))
    run(mock_api, capsys, "responses", "-m", models[0], "-i", "Be brief.", "Hi")
    run(mock_api, capsys, "responses", "-m", models[0], "--no-stream", "Hi")
    assert_logged_requests_match_the_spec(mock_api, 6)


def test_files(mock_api: MockAPICheck, capsys, tmp_path: Path) -> None:
    source = tmp_path / "batch.jsonl"
    source.write_text('{"custom_id": "1", "method": "POST", "url": "/v1/embeddings", "body": {}}\n')
    file_id = run(mock_api, capsys, "files", "upload", str(source), "--purpose", "batch").strip()
    assert file_id
    run(mock_api, capsys, "files", "list", "--purpose", "batch")
    target = tmp_path / "copy.bin"
    assert run(mock_api, capsys, "files", "download", file_id, "-o", str(target)).strip() == str(target)
    assert target.exists()
    assert_logged_requests_match_the_spec(mock_api, 3)


def test_doctor(mock_api: MockAPICheck, capsys) -> None:
    status = main(["doctor", "--base-url", mock_api.url, "--api-key", "sk-test"])
    out = capsys.readouterr().out
    # The mock's answers are random: structured outputs cannot parse, so the doctor may not pass.
    assert status in (0, 1)
    for name in ("base URL", "API key", "GET /models", "model", "chat completion"):
        assert re.search(rf"^  ok\s+{re.escape(name)}\s", out, re.M), out
    assert re.search(r"^  (ok|warn)\s+streaming\s", out, re.M), out
    assert re.search(r"^  (ok|warn|FAIL)\s+structured outputs\s", out, re.M), out
    assert_logged_requests_match_the_spec(mock_api, 4)
