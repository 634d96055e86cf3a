"""The spec check for code that builds its own client (the CLI, the notebook): read from the mock's
request log, since no checked session recorded the response headers."""

from __future__ import annotations

from typing import List, Optional

import pytest
from mock_api import MockAPICheck


def assert_logged_requests_match_the_spec(mock_api: MockAPICheck, count: Optional[int] = None) -> None:
    """Every request logged since the test began has no diagnostic and no 4xx/5xx answer; with
    ``count``, exactly that many were logged. Skips when the log is not known."""
    mock_api.checked = True  # checked here, from the log
    if mock_api.server.log_path is None:
        pytest.skip("the mock's request log is not known (OPENAI_COMPAT_MOCK_LOG), so nothing can be checked")
    entries = mock_api.diagnostics()
    problems: List[str] = []
    for entry in entries:
        request, status = entry.get("request") or {}, (entry.get("response") or {}).get("status")
        where = f"{request.get('method')} {request.get('path')} -> {status}"
        problems += [f"{where}: {d.get('code')} {d.get('message')}" for d in entry.get("diagnostics") or ()]
        if status is not None and status >= 400:
            problems.append(f"{where}: rejected")
    assert not problems, "the mock API reports requests that do not match the spec:\n  " + "\n  ".join(problems)
    assert entries, "no request reached the mock"
    if count is not None:
        assert len(entries) == count
