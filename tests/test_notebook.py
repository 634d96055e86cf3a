"""examples/notebook.ipynb executed headless by nbclient against the local mock OpenAI API, as
`scripts/integration notebook` (a CI step) runs it."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest
from _mock_log import assert_logged_requests_match_the_spec
from mock_api import MockAPICheck

pytestmark = [pytest.mark.notebook, pytest.mark.mock_api]

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "notebook.ipynb"
_REQUIRED = os.environ.get("OPENAI_COMPAT_REQUIRE_NOTEBOOK", "") not in ("", "0")
CALLS = 1 + 1 + 40 + 1  # chat, stream, the 40 classified reviews, parse


def _text(outputs: List[Dict[str, Any]]) -> str:
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "".join(parts)


def _assert_rich_display(outputs: List[Dict[str, Any]], text: str) -> None:
    """The bare ``completion`` cell: Jupyter's HTML tree and IPython's pretty text, ``None`` hidden."""
    (result,) = [output for output in outputs if output.get("output_type") == "execute_result"]
    markup = result["data"]["text/html"]
    assert markup.startswith('<div class="openai-compat-repr"')
    assert "<details open><summary><b>ChatCompletion</b>" in markup
    assert markup.count("<details") >= 4  # the completion, its choices, a choice, its message
    assert "<b>message</b>" in markup and "<b>content</b>" in markup
    assert text.startswith("ChatCompletion(\n    id=") and "\n    choices=[\n        Choice(\n" in text
    assert "None" not in text and "None" not in markup


# jupyter_client and ipykernel warn about their own deprecations; this suite turns warnings into errors.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_example_notebook_runs(mock_api: MockAPICheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("nbclient", "nbformat", "ipykernel", "ipywidgets"):
        if importlib.util.find_spec(module) is None:
            reason = f"{module} is not installed: pip install -e '.[integration]' (scripts/integration does)"
            if _REQUIRED:
                pytest.fail(reason)
            pytest.skip(reason)
    import nbformat
    from nbclient import NotebookClient
    from traitlets.config import Config

    # The kernel is a new process: it gets the environment of this one.
    monkeypatch.setenv("OPENAI_BASE_URL", mock_api.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-notebook")
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    # Unix sockets, not TCP: jupyter_client picks free TCP ports before the kernel binds them, and on a
    # busy machine another process can take one in between ("Address already in use").
    config = Config({"KernelManager": {"transport": "ipc", "ip": str(tmp_path / "kernel")}})
    runner = NotebookClient(
        notebook, timeout=120, kernel_name="python3", config=config, resources={"metadata": {"path": str(tmp_path)}}
    )
    runner.execute()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code for output in cell.outputs if output.get("output_type") == "error"]
    assert not errors, errors
    setup, chat, display, stream, many, parse = (_text(cell.outputs) for cell in code[:6])
    assert setup == repr(mock_api.url + "/")
    assert "\ntokens: " in chat
    _assert_rich_display(code[2].outputs, display)
    assert "chunks; finish_reason:" in stream
    assert "40 answers; the first:" in many
    assert any(  # a tqdm widget, or its text form where widgets cannot be shown
        "application/vnd.jupyter.widget-view+json" in output.get("data", {}) or "classifying" in output.get("text", "")
        for output in code[4].outputs
    )
    assert parse.startswith(("Rivers(", "the answer is not a Rivers:", "no answer to parse:"))
    assert_logged_requests_match_the_spec(mock_api, CALLS)
