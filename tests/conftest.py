"""Shared fixtures: a clean environment for every test, and the local mock OpenAI API.

The mock is the one ``scripts/test`` started (``OPENAI_COMPAT_MOCK_URL``, with its request log in
``OPENAI_COMPAT_MOCK_LOG``), or else one these fixtures start through ``scripts/mock`` for the
session. Where it cannot be started, tests that need it are skipped, except under CI (``CI`` set),
where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Generator, Iterator, Optional

import pytest
from mock_api import MockAPICheck, MockServer, MockUnavailable

# Read once at import: the autouse fixture below removes every OPENAI_* variable from the tests' view.
_MOCK_URL = os.environ.get("OPENAI_COMPAT_MOCK_URL")
_MOCK_LOG = os.environ.get("OPENAI_COMPAT_MOCK_LOG")
_UNDER_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

# Variables that change where or how requests go; a developer's shell must not leak them into tests.
_CLEARED = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "NETRC",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without OPENAI_* variables and without proxy or CA settings."""
    cleared = {*_CLEARED, *(name.lower() for name in _CLEARED)}
    for name in list(os.environ):
        if name.startswith("OPENAI_") or name in cleared:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """The running mock OpenAI API for the whole test session."""
    if _MOCK_URL:
        yield MockServer(_MOCK_URL, Path(_MOCK_LOG) if _MOCK_LOG else None)
        return
    server: Optional[MockServer] = None
    try:
        server = MockServer.start(tmp_path_factory.mktemp("steady"))
    except MockUnavailable as exc:
        if _UNDER_CI:
            pytest.fail(f"the mock OpenAI API is needed under CI but could not be started: {exc}")
        pytest.skip(f"the mock OpenAI API could not be started: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def mock_api_url(mock_server: MockServer) -> str:
    """Base URL of the mock OpenAI API (no ``/v1``: the spec's paths start at the root)."""
    return mock_server.url


@pytest.fixture
def mock_api(request: pytest.FixtureRequest, mock_server: MockServer) -> Iterator[MockAPICheck]:
    """Sessions against the mock whose every request must match the spec.

    Call ``mock_api.assert_valid()`` at the end of the test; a passing test that forgets is
    checked at teardown.
    """
    check = MockAPICheck(mock_server)
    try:
        yield check
        report = getattr(request.node, "rep_call", None)
        if not check.checked and report is not None and report.passed:
            check.assert_valid()
    finally:
        check.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Keep each phase's report on the item, so fixtures can tell whether the test passed; when a
    test that used the mock fails, show what the mock said about its requests."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
    check = getattr(item, "funcargs", {}).get("mock_api")
    if report.when == "call" and report.failed and isinstance(check, MockAPICheck) and not check.checked:
        try:
            problems = check.problems()
        except Exception as exc:  # the report must not hide the test's own failure
            problems = [f"could not read the mock's diagnostics: {exc!r}"]
        if problems:
            report.sections.append(("mock API diagnostics", "\n".join(problems)))
